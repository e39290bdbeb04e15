"""The queries of re-parsing: which stored resumes and jobs a parser older than today's wrote."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile, ResumeFile
from talentmatch.jobs.models import Job


def _outdated(
    column: sa.orm.InstrumentedAttribute[dict[str, object]], version: str
) -> sa.ColumnElement[bool]:
    # The version sits inside the JSON document; compare it as text on both databases.
    return sa.func.coalesce(column["parser_version"].as_string(), "") != version


class ParsedRepository:
    """Profiles and jobs by the version of the parser that wrote their ``parsed`` structure."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def outdated_profiles(self, version: str) -> Sequence[CandidateProfile]:
        return self.session.scalars(
            sa.select(CandidateProfile).where(_outdated(CandidateProfile.parsed, version))
        ).all()

    def outdated_jobs(self, version: str) -> Sequence[Job]:
        return self.session.scalars(sa.select(Job).where(_outdated(Job.parsed, version))).all()

    def resumes_by_profile(self, profile_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ResumeFile]:
        """The resumes of ``profile_ids`` (one ``IN`` list: the caller batches)."""
        return {
            r.profile_id: r
            for r in self.session.scalars(
                sa.select(ResumeFile).where(ResumeFile.profile_id.in_(profile_ids))
            )
        }

    def count_outdated(self, resume_version: str, job_version: str) -> int:
        """Profiles whose resume parse and jobs whose parse are older than these versions."""
        profiles = self.session.scalar(
            sa.select(sa.func.count())
            .select_from(CandidateProfile)
            .where(_outdated(CandidateProfile.parsed, resume_version))
        )
        jobs = self.session.scalar(
            sa.select(sa.func.count()).select_from(Job).where(_outdated(Job.parsed, job_version))
        )
        return (profiles or 0) + (jobs or 0)
