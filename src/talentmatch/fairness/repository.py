"""Every query of the fairness domain.

``groups_by_profile`` is the only way other code reads self-identification: group labels for
a set of profiles, for counting (the audits) and for group-aware re-ranking; never one
person's answers for display.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile, ProfileStatus
from talentmatch.fairness.models import (
    ATTRIBUTES,
    PREFER_NOT_TO_SAY,
    BiasAuditRecord,
    SelfIdentification,
)
from talentmatch.interviews.models import HiringStage, InterviewRequest, RequestStatus
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.kit.queries import among, chunked

# The group of a profile with no answer, withdrawn consent or "prefer not to say": LL144
# reports it as its own category.
UNKNOWN = "unknown"


def groups_by_profile(
    session: Session, profile_ids: Sequence[uuid.UUID], attribute: str
) -> dict[uuid.UUID, str]:
    """Each profile's answer for ``attribute`` ("gender", "ethnicity", "age_band",
    "disability"), ``"unknown"`` where none was given (or "prefer not to say")."""
    if attribute not in ATTRIBUTES:
        raise ValueError(f"unknown self-identification attribute {attribute!r}")
    column = getattr(SelfIdentification, attribute)
    groups = dict.fromkeys(profile_ids, UNKNOWN)
    for chunk in chunked(list(groups)):
        rows = session.execute(
            sa.select(SelfIdentification.profile_id, column).where(
                among(session, SelfIdentification.profile_id, chunk), column.is_not(None)
            )
        )
        for profile_id, answer in rows:
            value = str(getattr(answer, "value", answer))
            groups[profile_id] = UNKNOWN if value == PREFER_NOT_TO_SAY else value
    return groups


class SelfIdentificationRepository:
    """The person's own answers: read, written and deleted only on their behalf."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def for_profile(self, profile_id: uuid.UUID) -> SelfIdentification | None:
        return self.session.scalar(
            sa.select(SelfIdentification).where(SelfIdentification.profile_id == profile_id)
        )

    def add(self, answers: SelfIdentification) -> None:
        self.session.add(answers)
        self.session.flush()

    def delete_for_profile(self, profile_id: uuid.UUID) -> bool:
        result = self.session.execute(
            sa.delete(SelfIdentification).where(SelfIdentification.profile_id == profile_id)
        )
        return bool(getattr(result, "rowcount", 0))


# --------------------------------------------------------------------------- the audit


@dataclass(frozen=True)
class JobRow:
    id: uuid.UUID
    company_id: uuid.UUID
    is_open: bool
    parsed: dict[str, Any]


@dataclass(frozen=True)
class RequestOutcome:
    """How far one interview request went, for counting (no text, no salary)."""

    job_id: uuid.UUID
    profile_id: uuid.UUID
    accepted: bool
    hired: bool


class AuditRepository:
    """What the bias audit counts: jobs, the live pool and the requests' outcomes."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def jobs(self) -> list[JobRow]:
        """Every posted job (drafts were never seen by anyone), in a stable order."""
        rows = self.session.execute(
            sa.select(Job.id, Job.company_id, Job.status, Job.parsed)
            .where(Job.status != JobStatus.DRAFT)
            .order_by(Job.created_at, Job.id)
        )
        return [
            JobRow(id=i, company_id=c, is_open=status is JobStatus.OPEN, parsed=parsed or {})
            for i, c, status, parsed in rows
        ]

    def live_profile_ids(self, now: datetime) -> list[uuid.UUID]:
        """The pool employers rank: live profiles within their live period."""
        return list(
            self.session.scalars(
                sa.select(CandidateProfile.id)
                .where(
                    CandidateProfile.status == ProfileStatus.LIVE,
                    CandidateProfile.live_until > now,
                )
                .order_by(CandidateProfile.id)
            )
        )

    def request_outcomes(
        self, job_ids: Sequence[uuid.UUID] | None, since: datetime | None
    ) -> list[RequestOutcome]:
        """Requests sent for ``job_ids`` (all jobs when None) since ``since``."""
        query = sa.select(
            InterviewRequest.job_id,
            InterviewRequest.candidate_profile_id,
            InterviewRequest.status,
            InterviewRequest.stage,
        ).order_by(InterviewRequest.created_at, InterviewRequest.id)
        if since is not None:
            query = query.where(InterviewRequest.created_at >= since)
        chunks: list[Sequence[uuid.UUID] | None] = (
            [None] if job_ids is None else list(chunked(job_ids))
        )
        found = []
        for chunk in chunks:
            limited = query if chunk is None else query.where(InterviewRequest.job_id.in_(chunk))
            for job_id, profile_id, status, stage in self.session.execute(limited):
                found.append(
                    RequestOutcome(
                        job_id=job_id,
                        profile_id=profile_id,
                        # A stage is set only once the candidate accepted (then it moves on).
                        accepted=status is RequestStatus.ACCEPTED or stage is not None,
                        hired=stage is HiringStage.HIRED,
                    )
                )
        return found


class BiasAuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: BiasAuditRecord) -> None:
        self.session.add(record)
        self.session.flush()

    def latest(self) -> BiasAuditRecord | None:
        return self.session.scalar(
            sa.select(BiasAuditRecord)
            .order_by(BiasAuditRecord.created_at.desc(), BiasAuditRecord.id.desc())
            .limit(1)
        )

    def get(self, audit_id: uuid.UUID) -> BiasAuditRecord | None:
        return self.session.get(BiasAuditRecord, audit_id)
