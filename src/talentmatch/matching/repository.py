"""Every query of matching: the ranking models, the stored vectors, the change feed's rows, and
the profiles, jobs, resumes and interview requests that matching reads (read-only) to build,
index and train on."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch import __version__
from talentmatch.candidates.models import CandidateProfile, ProfileStatus, ResumeFile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.interviews.models import InterviewRequest
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.kit.queries import among, chunked
from talentmatch.matching.models import (
    KeptProfile,
    MatchVector,
    ModelStatus,
    RankingModel,
    match_changes,
)
from talentmatch.ml.identity import BLIND_VERSION

_ACTIVE = RankingModel.status == ModelStatus.ACTIVE


class ActiveModel(NamedTuple):
    id: uuid.UUID
    version: int


class RankingModelRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def active(self) -> RankingModel | None:
        return self.session.scalar(sa.select(RankingModel).where(_ACTIVE))

    def active_id(self) -> ActiveModel | None:
        """The active model's id and version only: read on every match request, whereas its
        text is parsed once per process (see :meth:`body`)."""
        row = self.session.execute(
            sa.select(RankingModel.id, RankingModel.version).where(_ACTIVE)
        ).first()
        return None if row is None else ActiveModel(*row)

    def body(self, model_id: uuid.UUID) -> str:
        return self.session.scalars(
            sa.select(RankingModel.body).where(RankingModel.id == model_id)
        ).one()

    def next_version(self) -> int:
        return (self.session.scalar(sa.select(sa.func.max(RankingModel.version))) or 0) + 1

    def by_version(self, version: int) -> RankingModel | None:
        return self.session.scalar(sa.select(RankingModel).where(RankingModel.version == version))

    def newest_first(self) -> list[RankingModel]:
        return list(
            self.session.scalars(sa.select(RankingModel).order_by(RankingModel.version.desc()))
        )

    def last_promoted_unforced(self) -> RankingModel | None:
        """The model most recently promoted through the gates without ``--force``."""
        promoted = self.session.scalars(
            sa.select(RankingModel)
            .where(RankingModel.promoted_at.is_not(None))
            .order_by(RankingModel.promoted_at.desc())
        )
        return next((m for m in promoted if "forced" not in (m.evaluation or {})), None)


class StoredVectors(NamedTuple):
    """A ``match_vectors`` row's fingerprint and vectors: plain columns, not an ORM object (a
    match request reads up to 200 of them)."""

    kind: str
    item_id: uuid.UUID
    fingerprint: str
    text_vector: bytes
    title_vector: bytes
    wish_vector: bytes


# Bump when matching.profiles' builders (or what they read: blinding, skills, parse fields)
# change what they build: kept match profiles from before are then built again.
PROFILE_FORMAT = 2  # 2: kept profiles carry their counted words
# Which code built a kept match profile: the release, PROFILE_FORMAT and the blinder's rules,
# so that an upgrade that blinds or normalises differently never serves profiles the old code
# made.
BUILD = hashlib.blake2b(
    f"{__version__}/{PROFILE_FORMAT}/{BLIND_VERSION}".encode(), digest_size=4
).hexdigest()


def source_stamp(updated_at: datetime | None, resume_updated_at: datetime | None = None) -> str:
    """What a match profile is built from: the code (:data:`BUILD`), the row's change stamp
    and, for a candidate, their resume's ("" for a row never written)."""
    if updated_at is None:
        return ""
    resume = resume_updated_at.isoformat() if resume_updated_at is not None else "-"
    return f"{BUILD}|{updated_at.isoformat()}|{resume}"


class MatchVectorRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rows(self, kind: str, ids: Sequence[uuid.UUID]) -> list[MatchVector]:
        """The ``match_vectors`` rows of one kind's ``ids``, read in chunks."""
        found: list[MatchVector] = []
        for chunk in chunked(ids):
            # (kind, item_id) is the unique index: item_id alone would scan the table.
            query = sa.select(MatchVector).where(
                MatchVector.kind == kind, among(self.session, MatchVector.item_id, chunk)
            )
            found += self.session.scalars(query)
        return found

    def vectors(self, kind: str, ids: Sequence[uuid.UUID]) -> list[StoredVectors]:
        """As :meth:`rows`, the columns that say whether the vectors are current, and those."""
        columns = (
            MatchVector.kind,
            MatchVector.item_id,
            MatchVector.fingerprint,
            MatchVector.text_vector,
            MatchVector.title_vector,
            MatchVector.wish_vector,
        )
        found: list[StoredVectors] = []
        for chunk in chunked(ids):
            query = sa.select(*columns).where(
                MatchVector.kind == kind, among(self.session, MatchVector.item_id, chunk)
            )
            found += [StoredVectors(*row) for row in self.session.execute(query)]
        return found


class KeptWithVectors(NamedTuple):
    """A kept profile and, from the same item's ``match_vectors`` row, what ranking reads of
    it: the vectors' fingerprint and the text and title vectors (not the wished roles')."""

    source_stamp: str
    profile: Any
    fingerprint: str
    text_vector: bytes
    title_vector: bytes


class KeptProfileRepository:
    """The profiles the indexer kept (``match_profiles``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def kept_with_vectors(
        self, kind: str, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, KeptWithVectors]:
        """The kept ones of ``ids`` with their vectors, in one read: a match request's
        profiles that are not in the process's memory (most of a shortlist at 100k a side)."""
        found: dict[uuid.UUID, KeptWithVectors] = {}
        for chunk in chunked(ids):
            query = (
                sa.select(
                    KeptProfile.item_id,
                    KeptProfile.source_stamp,
                    KeptProfile.profile,
                    MatchVector.fingerprint,
                    MatchVector.text_vector,
                    MatchVector.title_vector,
                )
                .join(
                    MatchVector,
                    sa.and_(
                        MatchVector.kind == KeptProfile.kind,
                        MatchVector.item_id == KeptProfile.item_id,
                    ),
                )
                .where(KeptProfile.kind == kind, among(self.session, KeptProfile.item_id, chunk))
            )
            found.update((row[0], KeptWithVectors(*row[1:])) for row in self.session.execute(query))
        return found

    def kept(self, kind: str, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, Any]]:
        """``item id -> (source stamp, profile payload)`` for the kept ones of ``ids``."""
        found: dict[uuid.UUID, tuple[str, Any]] = {}
        for chunk in chunked(ids):
            query = sa.select(KeptProfile.item_id, KeptProfile.source_stamp, KeptProfile.profile)
            query = query.where(KeptProfile.kind == kind, KeptProfile.item_id.in_(chunk))
            found.update(
                (item, (stamp, payload)) for item, stamp, payload in self.session.execute(query)
            )
        return found

    def replace(self, kind: str, profiles: Sequence[tuple[uuid.UUID, str, Any]]) -> None:
        """Keep ``(item id, source stamp, payload)``, replacing what was kept for those ids."""
        for chunk in chunked([item for item, _, _ in profiles]):
            self.session.execute(
                sa.delete(KeptProfile).where(
                    KeptProfile.kind == kind, KeptProfile.item_id.in_(chunk)
                )
            )
        self.session.add_all(
            KeptProfile(kind=kind, item_id=item, source_stamp=stamp, profile=payload)
            for item, stamp, payload in profiles
        )

    def delete(self, kind: str, item_id: uuid.UUID) -> None:
        self.session.execute(
            sa.delete(KeptProfile).where(KeptProfile.kind == kind, KeptProfile.item_id == item_id)
        )


class ProfileState(NamedTuple):
    id: uuid.UUID
    status: ProfileStatus
    live_until: datetime | None


class JobState(NamedTuple):
    id: uuid.UUID
    status: JobStatus


class MatchSourceRepository:
    """What matching reads of other domains' rows (profiles, resumes, jobs, interview
    requests) to build the profiles it indexes, ranks and trains on."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def visible_pool(self, hidden_keys: set[str], now: datetime) -> Sequence[CandidateProfile]:
        """Every profile a company with ``hidden_keys`` may see now (the candidates'
        repository says which), unfiltered: a small pool is ranked whole."""
        return self.session.scalars(
            CandidateRepository(self.session).visible_query(hidden_keys, now)
        ).all()

    def profile_states(self, ids: Sequence[uuid.UUID] | None) -> list[ProfileState]:
        """Ids and states of ``ids`` (every profile when ``None``): light columns only."""
        query = sa.select(CandidateProfile.id, CandidateProfile.status, CandidateProfile.live_until)
        if ids is not None:
            query = query.where(CandidateProfile.id.in_(ids))
        return [ProfileState(*row) for row in self.session.execute(query)]

    def job_states(self, ids: Sequence[uuid.UUID] | None) -> list[JobState]:
        """Ids and statuses of ``ids`` (every job when ``None``)."""
        query = sa.select(Job.id, Job.status)
        if ids is not None:
            query = query.where(Job.id.in_(ids))
        return [JobState(*row) for row in self.session.execute(query)]

    def profiles(self, ids: Sequence[uuid.UUID]) -> Sequence[CandidateProfile]:
        """The profiles of ``ids`` in one ``IN`` list (the caller keeps it to a chunk)."""
        return self.session.scalars(
            sa.select(CandidateProfile).where(CandidateProfile.id.in_(ids))
        ).all()

    def jobs(self, ids: Sequence[uuid.UUID]) -> Sequence[Job]:
        """The jobs of ``ids`` in one ``IN`` list (the caller keeps it to a chunk)."""
        return self.session.scalars(sa.select(Job).where(Job.id.in_(ids))).all()

    def resume_texts(self, profile_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The text read from each profile's resume (profiles without one are absent)."""
        texts: dict[uuid.UUID, str] = {}
        for chunk in chunked(profile_ids):
            query = sa.select(ResumeFile.profile_id, ResumeFile.text).where(
                among(self.session, ResumeFile.profile_id, chunk)
            )
            texts.update({profile_id: text for profile_id, text in self.session.execute(query)})
        return texts

    def resume_stamps(self, profile_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        """When each profile's resume last changed (profiles without one are absent)."""
        stamps: dict[uuid.UUID, datetime] = {}
        for chunk in chunked(profile_ids):
            query = sa.select(ResumeFile.profile_id, ResumeFile.updated_at).where(
                among(self.session, ResumeFile.profile_id, chunk)
            )
            stamps.update((p, at) for p, at in self.session.execute(query))
        return stamps

    def interview_requests(self) -> Sequence[InterviewRequest]:
        """Every request ever sent, in a stable order (the feedback a model learns from)."""
        return self.session.scalars(sa.select(InterviewRequest).order_by(InterviewRequest.id)).all()

    def live_or_hired_profile_ids(self) -> list[uuid.UUID]:
        """Profiles that can be a job's negative example, in a stable order."""
        return list(
            self.session.scalars(
                sa.select(CandidateProfile.id)
                .where(CandidateProfile.status.in_([ProfileStatus.LIVE, ProfileStatus.HIRED]))
                .order_by(CandidateProfile.id)
            )
        )


class ChangeRow(NamedTuple):
    seq: int
    kind: str
    item_id: uuid.UUID


class MatchChangeRepository:
    """The SQLite change feed's ``match_changes`` rows, over a connection rather than a
    session: the feed reads and prunes outside any unit of work."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def last_issued(self) -> int:
        """The last ``seq`` ever written (AUTOINCREMENT never reuses one, pruned or not)."""
        issued = self.conn.scalar(
            sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'match_changes'")
        )
        return int(issued or 0)

    def after(self, cursor: int, limit: int) -> list[ChangeRow]:
        """Up to ``limit`` rows past ``cursor``, oldest first."""
        rows = self.conn.execute(
            sa.select(match_changes.c.seq, match_changes.c.kind, match_changes.c.item_id)
            .where(match_changes.c.seq > cursor)
            .order_by(match_changes.c.seq)
            .limit(limit)
        ).all()
        return [ChangeRow(*row) for row in rows]

    def oldest_seq(self) -> int | None:
        oldest: int | None = self.conn.scalar(sa.select(sa.func.min(match_changes.c.seq)))
        return oldest

    def prune_before(self, cutoff: datetime) -> None:
        self.conn.execute(match_changes.delete().where(match_changes.c.at < cutoff))
