"""Matches in the marketplace: hard constraints in SQL and code, then the engine ranks and
explains. Profiles and jobs become :class:`MatchProfile` objects as
:mod:`talentmatch.matching.profiles` builds them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.service import get_company
from talentmatch.fairness.ranking import service as fair_ranking
from talentmatch.interviews import disclosure
from talentmatch.jobs.models import Job
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.service import own_job, to_public
from talentmatch.kit.clock import utcnow
from talentmatch.matching.indexer import MatchIndex, attach_vectors, served_profile
from talentmatch.matching.profiles import candidate_profile, job_profile
from talentmatch.matching.repository import (
    KeptProfileRepository,
    MatchSourceRepository,
    MatchVectorRepository,
    source_stamp,
)
from talentmatch.matching.schemas import CandidateMatch, JobMatch
from talentmatch.matching.training import ranking_engine
from talentmatch.ml.matching import Match, MatchEngine, MatchProfile, compatible
from talentmatch.understanding import Understanding

# Each index (meaning, skills) contributes this many compatible items to the shortlist that
# is loaded and ranked (at most twice this many rows per request, whatever the pool's size).
RETRIEVE_PER_SOURCE = 100


def _remembered(
    session: Session,
    understanding: Understanding,
    kind: str,
    sources: Sequence[tuple[uuid.UUID, str]],
    build: Callable[[list[int]], list[MatchProfile]],
) -> list[MatchProfile]:
    """The profiles of ``sources`` (id, what the profile is built from: see
    :func:`source_stamp`) as the matcher sees them, with their stored vectors. Each is taken
    from the process's memory, else from what the indexer kept with its vectors, when either
    was built from the same stamp (so an edit is never served stale); ``build`` makes the rest
    (by position). Only profiles with stored vectors are remembered: the others are embedded
    inline until the indexer has stored theirs."""
    memory = understanding.match_profiles
    keys = [(kind, item, stamp) for item, stamp in sources]
    found: list[MatchProfile | None] = [memory.get(k) for k in keys]
    missing = [i for i, profile in enumerate(found) if profile is None]
    if missing:
        kept = KeptProfileRepository(session).kept_with_vectors(
            kind, [sources[i][0] for i in missing]
        )
        for i in missing:
            item, stamp = sources[i]
            found[i] = served_profile(kept.get(item), stamp)
        unbuilt = [i for i in missing if found[i] is None]
        if unbuilt:
            stored = {
                (kind, str(row.item_id)): row
                for row in MatchVectorRepository(session).vectors(
                    kind, [sources[i][0] for i in unbuilt]
                )
            }
            for i, made in zip(
                unbuilt, attach_vectors(session, build(unbuilt), stored), strict=True
            ):
                found[i] = made
        for i in missing:
            ready = found[i]
            if ready is not None and ready.text_vector is not None:
                memory.put(keys[i], ready)
    return [p for p in found if p is not None]


def _candidate_profiles(
    session: Session,
    understanding: Understanding,
    stamps: Sequence[tuple[uuid.UUID, datetime]],
    loaded: dict[uuid.UUID, CandidateProfile],
    resumes: dict[uuid.UUID, datetime | None] | None = None,
) -> list[MatchProfile]:
    """Candidates by (id, ``updated_at``) and their resume's change stamp (``resumes``, read
    here when not given): only those neither remembered nor kept by the indexer are loaded
    (into ``loaded``) and built."""
    sources = MatchSourceRepository(session)
    if resumes is None:
        # Stamps are read before what they stamp, so a profile built now is never older than
        # its key says (an edit in between makes a newer key, asked for next time).
        resumes = dict(sources.resume_stamps([profile_id for profile_id, _ in stamps]))

    def build(missing: list[int]) -> list[MatchProfile]:
        ids = [stamps[i][0] for i in missing]
        loaded.update(CandidateRepository(session).by_ids([p for p in ids if p not in loaded]))
        texts = sources.resume_texts(ids)
        return [candidate_profile(understanding, loaded[p], texts.get(p, "")) for p in ids]

    keyed = [(p, source_stamp(at, resumes.get(p))) for p, at in stamps]
    return _remembered(session, understanding, "candidate", keyed, build)


def _job_profiles(
    session: Session,
    understanding: Understanding,
    stamps: Sequence[tuple[uuid.UUID, datetime]],
    loaded: dict[uuid.UUID, Job],
) -> list[MatchProfile]:
    """Jobs by (id, ``updated_at``): only those neither remembered nor kept by the indexer are
    loaded (into ``loaded``) and built."""

    def build(missing: list[int]) -> list[MatchProfile]:
        needed = [stamps[i][0] for i in missing if stamps[i][0] not in loaded]
        loaded.update(JobRepository(session).by_ids(needed))
        return [job_profile(understanding, loaded[stamps[i][0]]) for i in missing]

    keyed = [(j, source_stamp(at)) for j, at in stamps]
    return _remembered(session, understanding, "job", keyed, build)


@dataclass
class JobPool:
    """A job's compatible candidates as its employer's list ranks them, and the counts the
    list reports."""

    target: MatchProfile
    eligible: list[MatchProfile]
    loaded: dict[uuid.UUID, CandidateProfile]
    total: int
    excluded: int


def job_pool(
    session: Session,
    understanding: Understanding,
    *,
    company_id: uuid.UUID,
    job_id: uuid.UUID,
    index: MatchIndex | None = None,
) -> JobPool:
    """The candidates a job's list ranks: visible to its company, live, and passing the job's
    hard constraints (from the index's shortlist when the pool is large)."""
    job = own_job(session, job_id, company_id)
    repo = CandidateRepository(session)
    hidden_keys = repo.keys_hiding_from(get_company(session, company_id))
    now = utcnow()
    target = _job_profiles(session, understanding, [(job.id, job.updated_at)], {job.id: job})[0]
    loaded: dict[uuid.UUID, CandidateProfile] = {}
    if index is not None and index.should_retrieve(len(index.candidates)):
        # Large pool: the index returns a shortlist that already passes the hard constraints,
        # and counts the pool; only ids and change stamps of the shortlist are read, rows only
        # for the profiles not remembered and for the cards shown.
        shortlist, compatible_count = index.shortlist(target, RETRIEVE_PER_SOURCE)
        # With each resume's change stamp, in the same read.
        found = repo.visible_stamps_among(shortlist, hidden_keys, now)
        stamps = [(p, at) for p, at, _ in found]
        resumes: dict[uuid.UUID, datetime | None] | None = {p: r for p, _, r in found}
        total = max(len(index.candidates) - repo.count_hiding(hidden_keys), len(stamps))
        excluded: int | None = max(0, len(index.candidates) - compatible_count)
    else:
        loaded = {p.id: p for p in MatchSourceRepository(session).visible_pool(hidden_keys, now)}
        stamps = [(p.id, p.updated_at) for p in loaded.values()]
        resumes = None
        total = len(stamps)
        excluded = None
    people = _candidate_profiles(session, understanding, stamps, loaded, resumes)
    eligible = [c for c in people if compatible(c, target)]
    if excluded is None:
        excluded = len(people) - len(eligible)
    return JobPool(target, eligible, loaded, total, excluded)


def candidates_for_job(
    session: Session,
    understanding: Understanding,
    *,
    company_id: uuid.UUID,
    job_id: uuid.UUID,
    limit: int,
    index: MatchIndex | None = None,
    engine: MatchEngine | None = None,
) -> tuple[list[CandidateMatch], int, int]:
    """Ranked candidates for a job, the number of visible candidates, and how many of those
    the hard constraints excluded. ``engine`` (default: the active model's) lets a bias audit
    rank a model that is not active yet through this same path."""
    pool = job_pool(session, understanding, company_id=company_id, job_id=job_id, index=index)
    eligible, loaded = pool.eligible, pool.loaded
    # Fair re-ranking, where the company or the platform turned it on: the model scores every
    # compatible candidate, then only the order shown changes (towards the pool's group shares).
    reorder = fair_ranking.reorder_for(session, company_id, [c.id for c in eligible], job_id=job_id)
    ranked = (engine or ranking_engine(session, understanding)).rank_candidates(
        pool.target, eligible, top=limit, reorder=reorder
    )
    shown = [uuid.UUID(m.candidate_id) for m in ranked]
    loaded.update(CandidateRepository(session).by_ids([p for p in shown if p not in loaded]))
    cards = disclosure.employer_views(session, company_id, [loaded[p] for p in shown])
    items = [
        CandidateMatch(
            candidate=card, score=m.score, features=m.features, explanation=m.explanation
        )
        for card, m in zip(cards, ranked, strict=True)
    ]
    return items, pool.total, pool.excluded


def jobs_for_candidate(
    session: Session,
    understanding: Understanding,
    *,
    profile: CandidateProfile,
    limit: int,
    index: MatchIndex | None = None,
) -> tuple[list[JobMatch], int, int]:
    """Ranked open jobs for a candidate, the number of open jobs, and how many of those the
    hard constraints excluded."""
    repo = JobRepository(session)
    me = _candidate_profiles(
        session, understanding, [(profile.id, profile.updated_at)], {profile.id: profile}
    )[0]
    loaded: dict[uuid.UUID, Job] = {}
    if index is not None and index.should_retrieve(len(index.jobs)):
        # Only ids and change stamps of the shortlist: rows are read for the posts not
        # remembered and for the ones shown.
        shortlist, compatible_count = index.shortlist(me, RETRIEVE_PER_SOURCE)
        stamps = repo.open_stamps_among(shortlist)
        total = max(len(index.jobs), len(stamps))
        excluded = max(0, len(index.jobs) - compatible_count)
    else:
        loaded = {j.id: j for j in repo.open_jobs()}
        stamps = [(j.id, j.updated_at) for j in loaded.values()]
        total = len(stamps)
        excluded = None
    posts = _job_profiles(session, understanding, stamps, loaded)
    eligible = [j for j in posts if compatible(me, j)]
    ranked: list[Match] = ranking_engine(session, understanding).rank_jobs(me, eligible, top=limit)
    shown = [uuid.UUID(m.job_id) for m in ranked]
    loaded.update(repo.by_ids([j for j in shown if j not in loaded]))
    by_id = {str(j): loaded[j] for j in shown}
    names = repo.company_names({job.company_id for job in by_id.values()})
    items = [
        JobMatch(
            job=to_public(by_id[m.job_id], names[by_id[m.job_id].company_id]),
            score=m.score,
            features=m.features,
            explanation=m.explanation,
        )
        for m in ranked
    ]
    return items, total, len(posts) - len(eligible) if excluded is None else excluded


def explain_pair(
    session: Session,
    understanding: Understanding,
    profile: CandidateProfile,
    job: Job,
    *,
    for_employer: bool,
) -> Match:
    """The engine's score and explanation for one candidate and one job (e.g. beside an
    interview request), whatever their state, ranked the way the reader's list ranks: the
    employer's candidates for a post, or the candidate's posts."""
    texts = MatchSourceRepository(session).resume_texts([profile.id])
    me = candidate_profile(understanding, profile, texts.get(profile.id, ""))
    post = job_profile(understanding, job)
    me, post = attach_vectors(session, [me, post])
    engine = ranking_engine(session, understanding)
    if for_employer:
        return engine.rank_candidates(post, [me], top=1)[0]
    return engine.rank_jobs(me, [post], top=1)[0]
