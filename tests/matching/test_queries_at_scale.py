"""Queries whose inputs grow with the marketplace: no parameter list grows with the data, and
the planner can use an index for each lookup the match paths make (checked with EXPLAIN on
generated rows, on SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import Engine

from talentmatch.accounts.models import Role, User
from talentmatch.candidates.models import CandidateProfile, ProfileStatus
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.models import Company
from talentmatch.db import unit_of_work
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.clock import utcnow
from talentmatch.matching.changes import Changes
from talentmatch.matching.indexer import MatchIndex, stored_rows
from talentmatch.matching.models import MatchVector
from talentmatch.matching.repository import MatchSourceRepository
from talentmatch.ml.matching import MatchProfile

# psycopg refuses statements with more than 65,535 parameters (SQLite: 32,766).
PAST_THE_DRIVER_LIMIT = 66_000


def _users(count: int, role: Role) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "email": f"{role.value}-{uuid.uuid4().hex}@generated.example",
            "password_hash": "-",
            "full_name": "Generated Person",
            "role": role,
        }
        for _ in range(count)
    ]


def generate_marketplace(
    app: FastAPI, *, candidates: int, jobs: int, status: ProfileStatus = ProfileStatus.LIVE
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Rows written directly (no embeddings): ``candidates`` profiles and ``jobs`` open jobs."""
    now = utcnow()
    people = _users(candidates, Role.CANDIDATE)
    profiles = [
        {
            "id": uuid.uuid4(),
            "user_id": person["id"],
            "status": status,
            "live_until": now + timedelta(days=30),
            "headline": "Backend engineer",
        }
        for person in people
    ]
    recruiter = _users(1, Role.EMPLOYER)
    company_id = uuid.uuid4()
    posts = [
        {
            "id": uuid.uuid4(),
            "company_id": company_id,
            "created_by_user_id": recruiter[0]["id"],
            "title": "Backend Engineer",
            "status": JobStatus.OPEN,
        }
        for _ in range(jobs)
    ]
    with unit_of_work(app.state.session_factory) as session:
        session.execute(sa.insert(User), people + recruiter)
        session.execute(sa.insert(Company), [{"id": company_id, "name": "Generated Ltd"}])
        if profiles:
            session.execute(sa.insert(CandidateProfile), profiles)
        if posts:
            session.execute(sa.insert(Job), posts)
    if app.state.engine.dialect.name == "postgresql":
        # A live PostgreSQL has statistics (autovacuum analyses); SQLite is left without,
        # its worst case.
        with app.state.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return [p["id"] for p in profiles], [j["id"] for j in posts]


def test_the_change_scan_reads_more_profiles_than_a_statement_may_hold_parameters(
    app: FastAPI, clean_database: None
) -> None:
    ids, _ = generate_marketplace(
        app, candidates=PAST_THE_DRIVER_LIMIT, jobs=0, status=ProfileStatus.DRAFT
    )
    index = MatchIndex(app.state.understanding, app.state.session_factory)
    with app.state.session_factory() as session:
        live, open_jobs, gone = index._everything(session)  # the first sync's scan
        assert live == open_jobs == gone == []  # drafts only, and an empty index
        assert MatchSourceRepository(session).resume_texts(ids) == {}
        probes = [MatchProfile(id=str(i), kind="candidate", title="", text="") for i in ids]
        assert stored_rows(session, probes) == {}


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement (and its parameters) the block sends."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def plan_of(engine: Engine, statement: str, parameters: Any) -> str:
    """The query plan, as text. On PostgreSQL sequential scans are switched off, so the plan
    shows whether an index *can* serve the query (small test tables favour scanning)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return "\n".join(str(row[-1]) for row in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")
        rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        return "\n".join(str(row[0]) for row in rows)


def plans_of(app: FastAPI, table: str, action: Callable[[Any], object]) -> list[str]:
    """Plans of the statements ``action(session)`` sends that read ``table``."""
    engine: Engine = app.state.engine
    with statements(engine) as seen, app.state.session_factory() as session:
        action(session)
    reading = [(s, p) for s, p in seen if f"FROM {table}" in s]
    assert reading, f"no statement read {table}"
    return [plan_of(engine, s, p) for s, p in reading]


def _scans_table(plan: str, table: str) -> bool:
    """A full scan of ``table`` (SQLite 'SCAN t', PostgreSQL 'Seq Scan on t')."""
    return f"SCAN {table}\n" in plan + "\n" or f"Seq Scan on {table}" in plan


@pytest.fixture
def marketplace(app: FastAPI, clean_database: None) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    profile_ids, job_ids = generate_marketplace(app, candidates=300, jobs=300)
    with unit_of_work(app.state.session_factory) as session:
        session.execute(
            sa.insert(MatchVector),
            [
                {
                    "kind": kind,
                    "item_id": item,
                    "fingerprint": "-",
                    "skills": [],
                    "text_vector": b"",
                    "title_vector": b"",
                    "wish_vector": b"",
                }
                for kind, items in (("candidate", profile_ids), ("job", job_ids))
                for item in items
            ],
        )
    return profile_ids, job_ids


def test_stored_vectors_are_found_through_the_kind_and_item_index(
    app: FastAPI, marketplace: tuple[list[uuid.UUID], list[uuid.UUID]]
) -> None:
    profile_ids, job_ids = marketplace
    probes = [MatchProfile(id=str(i), kind="job", title="", text="") for i in job_ids[:50]]
    probes += [MatchProfile(id=str(i), kind="candidate", title="", text="") for i in profile_ids]
    for plan in plans_of(app, "match_vectors", lambda s: stored_rows(s, probes)):
        # PostgreSQL names the unique constraint's index; SQLite shows the columns it searches.
        assert "uq_match_vectors_kind_item" in plan or "(kind=? AND item_id=?)" in plan, plan
        assert not _scans_table(plan, "match_vectors"), plan


def test_a_shortlist_is_looked_up_by_primary_key_not_by_status(
    app: FastAPI, marketplace: tuple[list[uuid.UUID], list[uuid.UUID]]
) -> None:
    profile_ids, job_ids = marketplace
    for plan in plans_of(app, "jobs", lambda s: JobRepository(s).open_stamps_among(job_ids[:600])):
        assert "ix_jobs_status" not in plan and not _scans_table(plan, "jobs"), plan
        assert "pk_jobs" in plan or "sqlite_autoindex_jobs" in plan, plan
    plans = plans_of(
        app,
        "candidate_profiles",
        lambda s: CandidateRepository(s).visible_stamps_among(profile_ids, set(), utcnow()),
    )
    plans += plans_of(
        app,
        "candidate_profiles",
        lambda s: CandidateRepository(s).visible_among(profile_ids, set(), utcnow()),
    )
    for plan in plans:
        assert "ix_candidate_profiles_status" not in plan, plan
        assert not _scans_table(plan, "candidate_profiles"), plan


def test_what_the_change_feed_names_is_read_by_primary_key(
    app: FastAPI, marketplace: tuple[list[uuid.UUID], list[uuid.UUID]]
) -> None:
    profile_ids, job_ids = marketplace
    index = MatchIndex(app.state.understanding, app.state.session_factory)
    changes = Changes(candidates=set(profile_ids), jobs=set(job_ids))
    engine: Engine = app.state.engine
    with statements(engine) as seen, app.state.session_factory() as session:
        live, open_jobs, gone = index._changed(session, changes)
    assert len(live) + len(open_jobs) + len(gone) == len(profile_ids) + len(job_ids)
    plans = {
        table: [plan_of(engine, s, p) for s, p in seen if f"FROM {table} " in s + " "]
        for table in ("candidate_profiles", "jobs")
    }
    for table, table_plans in plans.items():
        assert table_plans, f"the changes of {table} were not read"
        for plan in table_plans:
            assert not _scans_table(plan, table), plan
