"""Keeps matching fresh: stored vectors for every live profile and open job, and an in-process
index over them that the match pages search.

The first sync reads every live profile and open job. Later syncs read only what the
database's change feed (:mod:`talentmatch.matching.changes`: NOTIFY on PostgreSQL, a trigger-fed
table on SQLite) says changed, in any process, embed only texts whose fingerprint differs from
the stored vectors, write those vectors in one short transaction, and update the index (deleted
or closed items leave it). The worker thread runs a sync every second, so an edit made by the web
app, the CLI or another process is searchable within seconds; a request never waits for it
(whatever the worker has not stored yet is embedded inline).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.candidates.models import ProfileStatus
from talentmatch.db import unit_of_work
from talentmatch.jobs.models import JobStatus
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.memory import keep_survivors_out_of_collections
from talentmatch.kit.queries import chunked
from talentmatch.matching.changes import ChangeFeed, Changes, change_feed
from talentmatch.matching.models import MatchVector
from talentmatch.matching.pgvector import (
    PgVectorIndex,
    enable_pgvector,
    has_vector_column,
    write_embeddings,
)
from talentmatch.matching.profiles import candidate_profile, job_profile
from talentmatch.matching.repository import (
    KeptProfileRepository,
    KeptWithVectors,
    MatchSourceRepository,
    MatchVectorRepository,
    StoredVectors,
    source_stamp,
)
from talentmatch.ml.matching import (
    MatchProfile,
    embed_profiles,
    fingerprint,
    profile_from_payload,
    profile_payload,
    with_text_vector,
    with_vectors,
)
from talentmatch.ml.retrieval import ProfileIndex, SideIndex, index_profiles
from talentmatch.understanding import Understanding

log = logging.getLogger(__name__)

EMBED_BATCH = 64
# Rows a sync reads, embeds and indexes at a time (at most 500 per IN list: see chunked).
SYNC_CHUNK = 500
# Up to this many visible rows, a match page ranks every one (exact); beyond, it ranks the
# shortlist the index retrieves.
EXHAUSTIVE_LIMIT = 2000
SETTLE_TIMEOUT = 3600.0  # seconds settle() waits for the first sync
MAX_RETRY_WAIT = 30.0  # seconds between syncs at most while they keep failing

Progress = Callable[[int, int], None]  # (profiles and jobs synced, to sync)


def _array(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def _blob(vector: np.ndarray | None) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def stored_rows(
    session: Session, profiles: Sequence[MatchProfile]
) -> dict[tuple[str, str], MatchVector]:
    """The ``match_vectors`` rows of ``profiles`` by (kind, id), read in chunks."""
    repo = MatchVectorRepository(session)
    rows: dict[tuple[str, str], MatchVector] = {}
    for kind in sorted({p.kind for p in profiles}):
        ids = [uuid.UUID(p.id) for p in profiles if p.kind == kind]
        rows.update({(row.kind, str(row.item_id)): row for row in repo.rows(kind, ids)})
    return rows


def _stored_vectors(
    session: Session, profiles: Sequence[MatchProfile]
) -> dict[tuple[str, str], StoredVectors]:
    """The fingerprint and vectors stored for ``profiles``, by (kind, id): plain rows, not ORM
    objects (a match request reads up to 200 of them)."""
    repo = MatchVectorRepository(session)
    rows: dict[tuple[str, str], StoredVectors] = {}
    for kind in sorted({p.kind for p in profiles}):
        ids = [uuid.UUID(p.id) for p in profiles if p.kind == kind]
        rows.update({(row.kind, str(row.item_id)): row for row in repo.vectors(kind, ids)})
    return rows


def attach_vectors(
    session: Session,
    profiles: Sequence[MatchProfile],
    stored: dict[tuple[str, str], StoredVectors] | None = None,
) -> list[MatchProfile]:
    """``profiles`` with their stored vectors where those are current (others stay without and
    are embedded by the engine, or by the next sync). ``stored``: the rows by (kind, id), when
    the caller has read them already."""
    if stored is None:
        stored = _stored_vectors(session, profiles)
    attached = []
    for profile in profiles:
        row = stored.get((profile.kind, profile.id))
        if row is not None and row.fingerprint == fingerprint(profile):
            profile = _with_vectors(profile, row)
        attached.append(profile)
    return attached


def served_profile(kept: KeptWithVectors | None, stamp: str) -> MatchProfile | None:
    """The profile the indexer kept, with the vectors ranking reads (text and title), if it
    was built from what ``stamp`` names (the row and resume as they are now) and the vectors
    are its own; else None."""
    if kept is None or not stamp or kept.source_stamp != stamp:
        return None
    profile = profile_from_payload(
        kept.profile,
        text_vector=_array(kept.text_vector),
        title_vector=_array(kept.title_vector),
    )
    return profile if kept.fingerprint == fingerprint(profile) else None


def _with_vectors(profile: MatchProfile, row: StoredVectors) -> MatchProfile:
    return with_vectors(
        profile, _array(row.text_vector), _array(row.title_vector), _array(row.wish_vector)
    )


def store_vectors(session: Session, profiles: Sequence[MatchProfile], *, pgvector: bool) -> None:
    """Upsert the ``match_vectors`` rows of embedded ``profiles`` in the caller's transaction
    (and the pgvector column when ``pgvector``): the one writer of that table, for the
    indexer's syncs and for bulk imports."""
    existing = stored_rows(session, profiles)
    rows = []
    for profile in profiles:
        row = existing.get((profile.kind, profile.id))
        if row is None:
            row = MatchVector(kind=profile.kind, item_id=uuid.UUID(profile.id))
            session.add(row)
        rows.append(row)
        row.fingerprint = fingerprint(profile)
        row.skills = list(dict.fromkeys((*profile.skills, *profile.nice_skills)))
        row.text_vector = _blob(profile.text_vector)
        row.title_vector = _blob(profile.title_vector)
        row.wish_vector = _blob(profile.wish_vector)
    if pgvector:
        session.flush()
        vectors = [
            (row.id, np.asarray(p.text_vector)) for row, p in zip(rows, profiles, strict=True)
        ]
        write_embeddings(session.connection(), vectors)


@dataclass
class SyncReport:
    indexed: int = 0  # added or refreshed in the index
    embedded: int = 0  # of which had to be embedded (new or changed text)
    removed: int = 0  # no longer live / open


def _profile_states(
    session: Session, ids: Sequence[uuid.UUID] | None
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Live profiles and the others, among ``ids`` (every profile when ``None``). Ids and states
    only (light columns); whole rows are read a chunk at a time."""
    states = MatchSourceRepository(session).profile_states(ids)
    now = utcnow()
    live: list[uuid.UUID] = []
    other: list[uuid.UUID] = []
    for profile_id, status, live_until in states:
        is_live = status is ProfileStatus.LIVE and live_until and as_utc(live_until) > now
        (live if is_live else other).append(profile_id)
    return live, other


def _job_states(
    session: Session, ids: Sequence[uuid.UUID] | None
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Open jobs and the others, among ``ids`` (every job when ``None``)."""
    open_jobs: list[uuid.UUID] = []
    other: list[uuid.UUID] = []
    for job_id, status in MatchSourceRepository(session).job_states(ids):
        (open_jobs if status is JobStatus.OPEN else other).append(job_id)
    return open_jobs, other


def batch_index(
    session_factory: sessionmaker[Session],
    understanding: Understanding,
    *,
    exhaustive_limit: int,
    vector_search: str,
    progress: Progress | None = None,
) -> MatchIndex | None:
    """A synced index for a batch job that ranks every open job's candidates as the employers'
    lists do (a bias audit, a calibration): ``None`` where the live pool is small enough for
    each list to rank it whole."""
    with session_factory() as session:
        live, _ = _profile_states(session, None)
    if len(live) <= exhaustive_limit:
        return None
    index = MatchIndex(understanding, session_factory, exhaustive_limit=exhaustive_limit)
    index.search_vectors_in(vector_search)
    index.sync(progress=progress)
    return index


class MatchIndex:
    """Live candidates and open jobs, searchable in process; see the module docstring.

    Parameters
    ----------
    understanding:
        Brings the embedder and the taxonomy.
    session_factory:
        Opens the worker's own sessions.
    interval:
        Seconds between the worker's syncs.
    exhaustive_limit:
        Pools up to this size are ranked whole; larger ones go through the index.
    """

    def __init__(
        self,
        understanding: Understanding,
        session_factory: sessionmaker[Session],
        *,
        interval: float = 1.0,
        exhaustive_limit: int = EXHAUSTIVE_LIMIT,
    ) -> None:
        self.understanding = understanding
        self.session_factory = session_factory
        self.interval = interval
        self.exhaustive_limit = exhaustive_limit
        self.candidates: SideIndex = ProfileIndex()
        self.jobs: SideIndex = ProfileIndex()
        self.backend = "in-process"
        # Whether syncs write the pgvector column: when searching it, and when an earlier run
        # that searched it left it (kept current, so that switching back finds it fresh).
        self._writes_vector_column = False
        self.synced_at: datetime | None = None
        self._feed: ChangeFeed | None = None
        self._lock = threading.Lock()  # one sync at a time (each index guards its own updates)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def search_vectors_in(self, where: str) -> str:
        """Choose, before the first sync, where vectors are searched (the setting
        ``match_vector_search``): ``"pgvector"`` searches PostgreSQL's HNSW index where the
        server has the extension, anything else (or a server without it) in process. Returns
        the backend in use."""
        if where == "pgvector" and self.use_pgvector():
            return self.backend
        with self._lock:
            if self.synced_at is None:
                self._writes_vector_column = has_vector_column(self.session_factory.kw["bind"])
        return self.backend

    def use_pgvector(self) -> bool:
        """Search vectors in PostgreSQL where the server has pgvector (before the first sync);
        whether it does. Elsewhere the index stays in process."""
        engine = self.session_factory.kw["bind"]
        with self._lock:
            if self.synced_at is None and enable_pgvector(engine):
                self.candidates = PgVectorIndex(engine, "candidate")
                self.jobs = PgVectorIndex(engine, "job")
                self.backend = "pgvector"
                self._writes_vector_column = True
        return self.backend == "pgvector"

    def shortlist(self, query: MatchProfile, k: int) -> tuple[list[uuid.UUID], int]:
        """Ids on the other side of ``query`` (a job finds candidates, a candidate finds jobs)
        that pass the hard constraints with it: the ``k`` nearest by meaning and the ``k`` best
        by skills; and how many on that side pass them."""
        query = with_text_vector(self.understanding.embedder, query)
        assert query.text_vector is not None
        index = self.candidates if query.kind == "job" else self.jobs
        found, compatible_count = index.shortlist(query.text_vector, query.skills, k, query)
        return [uuid.UUID(i) for i in found], compatible_count

    @property
    def ready(self) -> bool:
        """Whether one full sync has finished (until then, pages rank every eligible row)."""
        return self.synced_at is not None

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Once the first sync is done, rank one made-up pair (what a first request would
        load gets loaded), then take every object alive out of the cyclic garbage collector's
        generations (:func:`gc.freeze`). Otherwise each full collection walks everything the
        models and the index hold: at 20,000 profiles a side that paused requests for
        100-370 ms. From then on, what survives each full collection is taken out too
        (:func:`~talentmatch.kit.memory.keep_survivors_out_of_collections`: the profiles
        requests bring into memory), and all of it goes back in for one walk every ten
        minutes. Reference counting still frees these objects; cycles among them wait for
        that walk."""
        deadline = time.monotonic() + timeout
        while not self.ready:
            if self._stop.wait(0.5) or time.monotonic() > deadline:
                return
        person = MatchProfile(
            id="settle", kind="candidate", title="Software Engineer", text="Python developer"
        )
        post = MatchProfile(id="settle", kind="job", title="Backend Engineer", text="Python")
        self.understanding.matcher.rank_jobs(person, [post], top=1)
        self.understanding.matcher.rank_candidates(post, [person], top=1)
        gc.collect()
        gc.freeze()
        keep_survivors_out_of_collections()

    def should_retrieve(self, pool: int) -> bool:
        """Whether a pool this large is ranked through the index rather than whole."""
        return self.ready and pool > self.exhaustive_limit

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Bring vectors and index up to date: everything on the first sync (or when the change
        feed lost track), else what the feed says changed; a chunk of rows at a time (the first
        sync of a large marketplace never holds it all)."""
        with self._lock:
            started = utcnow()
            changes = self._feed.take() if self._feed is not None and self.ready else None
            with self.session_factory() as session:
                if changes is None:
                    if self._feed is None:
                        self._feed = change_feed(self.session_factory.kw["bind"])
                    self._feed.start()  # before the scan: nothing written during it is lost
                    live, open_jobs, gone = self._everything(session)
                else:
                    live, open_jobs, gone = self._changed(session, changes)
            report = SyncReport(removed=len(gone))
            total = len(live) + len(open_jobs)
            for kind, ids in (("candidate", live), ("job", open_jobs)):
                for start in range(0, len(ids), SYNC_CHUNK):
                    chunk = ids[start : start + SYNC_CHUNK]
                    with self.session_factory() as session:
                        built, stamps = self._profiles(session, kind, chunk)
                        kept = KeptProfileRepository(session).kept(kind, chunk)
                        current = attach_vectors(session, built)
                    stale = [p for p in current if p.text_vector is None]
                    embedded = self._embed(stale)
                    if embedded:
                        self._store(embedded)
                    ready = [p for p in current if p.text_vector is not None] + embedded
                    self._keep_profiles(kind, ready, stamps, kept)
                    index_profiles(ready, jobs=self.jobs, candidates=self.candidates)
                    report.indexed += len(current)
                    report.embedded += len(embedded)
                    if progress:
                        progress(report.indexed, total)
            self.candidates.remove(i for k, i in gone if k == "candidate")
            self.jobs.remove(i for k, i in gone if k == "job")
            self.synced_at = started
            return report

    def _everything(
        self, session: Session
    ) -> tuple[list[uuid.UUID], list[uuid.UUID], list[tuple[str, str]]]:
        """Every live profile and open job, and the (kind, id) of what the index holds that is
        neither (after a lost feed: closed, expired or deleted meanwhile)."""
        live, _ = _profile_states(session, None)
        open_jobs, _ = _job_states(session, None)
        keep = {str(i) for i in live} | {str(i) for i in open_jobs}
        gone = [("candidate", i) for i in self.candidates.ids() if i not in keep]
        gone += [("job", i) for i in self.jobs.ids() if i not in keep]
        return live, open_jobs, gone

    def _changed(
        self, session: Session, changes: Changes
    ) -> tuple[list[uuid.UUID], list[uuid.UUID], list[tuple[str, str]]]:
        """Of the profiles and jobs the feed named: the live and open ones, and the (kind, id)
        of the others (no longer live or open, or deleted)."""
        live: list[uuid.UUID] = []
        open_jobs: list[uuid.UUID] = []
        for chunk in chunked(sorted(changes.candidates)):
            live += _profile_states(session, chunk)[0]
        for chunk in chunked(sorted(changes.jobs)):
            open_jobs += _job_states(session, chunk)[0]
        gone = [("candidate", str(i)) for i in changes.candidates.difference(live)]
        gone += [("job", str(i)) for i in changes.jobs.difference(open_jobs)]
        return live, open_jobs, gone

    def _profiles(
        self, session: Session, kind: str, ids: Sequence[uuid.UUID]
    ) -> tuple[list[MatchProfile], dict[str, str]]:
        """The profiles of ``ids`` and what each was built from (:func:`source_stamp`)."""
        repo = MatchSourceRepository(session)
        if kind == "candidate":
            # Resume stamps before the texts: on READ COMMITTED a resume replaced between the
            # two reads then leaves a stamp older than the text (built again on the next ask),
            # never a new stamp on an old text.
            resumes = repo.resume_stamps(ids)
            texts = repo.resume_texts(ids)
            rows = repo.profiles(ids)
            built = [candidate_profile(self.understanding, p, texts.get(p.id, "")) for p in rows]
            stamps = {p.id: source_stamp(p.updated_at, resumes.get(p.id)) for p in rows}
        else:
            posts = repo.jobs(ids)
            built = [job_profile(self.understanding, job) for job in posts]
            stamps = {job.id: source_stamp(job.updated_at) for job in posts}
        return built, {str(item): stamp for item, stamp in stamps.items()}

    def _keep_profiles(
        self,
        kind: str,
        profiles: Sequence[MatchProfile],
        stamps: dict[str, str],
        kept: dict[uuid.UUID, tuple[str, Any]],
    ) -> None:
        """Keep each profile where the kept one was built from other rows (or none is), so
        match requests read it instead of building it (blinding, skills, parsed fields)."""
        outdated = []
        for profile in profiles:
            item, stamp = uuid.UUID(profile.id), stamps.get(profile.id, "")
            if stamp and kept.get(item, ("", None))[0] != stamp:
                outdated.append((item, stamp, profile_payload(profile)))
        if outdated:
            with unit_of_work(self.session_factory) as session:
                KeptProfileRepository(session).replace(kind, outdated)

    def _embed(self, profiles: Sequence[MatchProfile]) -> list[MatchProfile]:
        embedded: list[MatchProfile] = []
        for start in range(0, len(profiles), EMBED_BATCH):
            embedded += embed_profiles(
                self.understanding.embedder, profiles[start : start + EMBED_BATCH]
            )
        return embedded

    def _store(self, profiles: Sequence[MatchProfile]) -> None:
        """Upsert the vectors in one transaction."""
        with unit_of_work(self.session_factory) as session:
            store_vectors(session, profiles, pgvector=self._writes_vector_column)

    def start(self) -> None:
        """Run syncs in a daemon thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="match-indexer", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        with self._lock:
            if self._feed is not None:
                self._feed.close()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                self.sync()
            except Exception as exc:  # retried; pages fall back to ranking all rows
                failures += 1
                # The first failure with its traceback; then a line now and then, not one a
                # second for as long as the database is away.
                if failures == 1:
                    log.exception("match index sync failed; retrying with backoff")
                elif failures % 10 == 0:
                    log.warning("match index sync failed %d times in a row: %s", failures, exc)
            else:
                if failures:
                    log.warning("match index sync works again after %d failures", failures)
                failures = 0
            self._stop.wait(min(self.interval * 2 ** min(failures, 6), MAX_RETRY_WAIT))
