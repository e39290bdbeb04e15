"""The task functions. Plain functions of a :class:`TaskEnv`; each is idempotent."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from talentmatch.candidates import service as candidates
from talentmatch.candidates.files import CheckedUpload
from talentmatch.candidates.models import ResumeFile, ResumeStatus
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.interviews.service import expire_overdue, remind_expiring
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import InvalidInput
from talentmatch.notifications.reminders import remind_renewals
from talentmatch.notifications.service import deliver_pending
from talentmatch.recruiting import service as recruiting
from talentmatch.understanding import Understanding

if TYPE_CHECKING:
    from talentmatch.matching.indexer import MatchIndex

log = logging.getLogger(__name__)

# The message a person reads when every attempt to read their file failed for a reason that
# was not the file's (the reader crashed, the database went away).
GAVE_UP = "reading it failed several times on our side; upload it again in a while"


@dataclass(frozen=True)
class TaskEnv:
    """What a task needs: the settings, a session factory and the models; in the web app's
    own process, its match index too (kept fresh by the app)."""

    settings: Settings
    session_factory: sessionmaker[Session]
    understanding: Understanding
    match_index: MatchIndex | None = None


def _is_unread(resume: ResumeFile | None, sha256: str) -> bool:
    return resume is not None and resume.sha256 == sha256 and resume.status is ResumeStatus.READING


def read_resume(env: TaskEnv, resume_id: uuid.UUID, sha256: str) -> str:
    """Read a stored upload (text in a limited worker process, then the parse) and fill the
    profile. Nothing happens unless that very file (by hash) still waits to be read, so a
    second run, or a run for a file replaced since, is a no-op. Returns what it did:
    ``read``, ``failed`` (the file cannot be read; the person is told why) or ``nothing``."""
    with unit_of_work(env.session_factory, writes=False) as session:
        resume = CandidateRepository(session).resume_by_id(resume_id)
        if resume is None or not _is_unread(resume, sha256):
            return "nothing"
        checked = CheckedUpload(resume.filename, resume.media_type, resume.content)
    # Slow, outside any transaction: nobody's write waits for it.
    failure = ""
    try:
        read = candidates.read_checked_resume(env.understanding, checked)
    except InvalidInput as exc:
        failure = exc.message
    with unit_of_work(env.session_factory) as session:
        resume = CandidateRepository(session).resume_by_id(resume_id, lock=True)
        if resume is None or not _is_unread(resume, sha256):
            return "nothing"  # read by another run meanwhile, or replaced
        if failure:
            candidates.reading_failed(resume, failure)
            return "failed"
        profile = CandidateRepository(session).get(resume.profile_id)
        if profile is None:
            return "nothing"
        candidates.finish_reading(session, profile, resume, read)
    return "read"


def give_up_reading(env: TaskEnv, resume_id: uuid.UUID, sha256: str) -> None:
    """After the last attempt failed: the person sees that it failed, not "reading" forever."""
    with unit_of_work(env.session_factory) as session:
        resume = CandidateRepository(session).resume_by_id(resume_id, lock=True)
        if _is_unread(resume, sha256):
            assert resume is not None
            candidates.reading_failed(resume, GAVE_UP)


def unread_resumes(env: TaskEnv, older_than: timedelta) -> list[tuple[uuid.UUID, str]]:
    """Resumes waiting to be read for longer than ``older_than`` (their job was lost: the
    process that stored them stopped before queueing it)."""
    with unit_of_work(env.session_factory, writes=False) as session:
        return CandidateRepository(session).resumes_reading_since(utcnow() - older_than)


def deliver_outbox(env: TaskEnv) -> tuple[int, int]:
    """Send what waits in the outbox: (sent, refused). Each e-mail once (see
    :func:`~talentmatch.notifications.service.deliver_pending`)."""
    return deliver_pending(env.session_factory, env.settings)


def expire_requests(env: TaskEnv) -> int:
    """Sent requests past their expiry date become expired (a second run finds none)."""
    with unit_of_work(env.session_factory) as session:
        return expire_overdue(session)


def remind_candidates(env: TaskEnv) -> int:
    """The once-only reminder a day before a request expires."""
    with unit_of_work(env.session_factory) as session:
        return remind_expiring(session, env.settings)


def remind_profile_renewals(env: TaskEnv) -> int:
    """The once-per-period reminder before a live profile's live period ends."""
    with unit_of_work(env.session_factory) as session:
        return remind_renewals(session, env.settings)


def send_search_alerts(env: TaskEnv) -> int:
    """Employers' saved searches with alerts on: e-mail the live candidates each one matches
    for the first time (once per candidate and search)."""
    with unit_of_work(env.session_factory) as session:
        return recruiting.send_search_alerts(session, env.settings.public_url)


def recalibrate_fair_ranking(env: TaskEnv) -> list[str] | None:
    """Calibrate fair re-ranking again where its calibration is stale (another ranking model,
    or older than ``fair_ranking_recalibrate_days``): the attributes recalibrated. In the web
    app's process the lists are ranked through its own index (nothing is done until it has
    synced once, when its worker runs); in a worker, through an index built for the task where
    the pool is too large to rank whole. None: not looked at (the app's index has not synced
    yet)."""
    # Imported here: the cron commands that run the light tasks need no vector index.
    from talentmatch.fairness.ranking.calibration import recalibrate_stale
    from talentmatch.matching.indexer import batch_index

    settings = env.settings
    own = env.match_index
    if own is not None and settings.match_index_worker and not own.ready:
        return None  # the app's index is not synced yet: the next round
    built: list[MatchIndex] = []

    def pools() -> MatchIndex | None:
        if own is not None:
            return own if own.ready else None  # without its worker the lists rank whole pools
        index = batch_index(
            env.session_factory,
            env.understanding,
            exhaustive_limit=settings.match_exhaustive_limit,
            vector_search=settings.match_vector_search,
        )
        built.extend([index] if index is not None else [])
        return index

    try:
        done = recalibrate_stale(
            env.session_factory,
            env.understanding,
            now=utcnow(),
            max_age=timedelta(days=settings.fair_ranking_recalibrate_days),
            index=pools,
        )
    finally:
        for index in built:
            index.stop()  # its change feed (a LISTEN connection on PostgreSQL)
    return [record.attribute for record in done]
