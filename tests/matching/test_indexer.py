"""Stored vectors, the in-process index and its worker: new and edited profiles and jobs are
searchable within seconds, and large pools are ranked through the index."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.config import Settings
from talentmatch.db import create_engine, create_session_factory
from talentmatch.kit import queries
from talentmatch.matching.indexer import MatchIndex
from talentmatch.matching.models import MatchVector
from tests.builders import employer, live_candidate, open_job


@pytest.fixture
def index(app: FastAPI) -> Iterator[MatchIndex]:
    """A fresh index that sends every pool through retrieval (no exhaustive ranking)."""
    built = MatchIndex(
        app.state.understanding, app.state.session_factory, interval=0.2, exhaustive_limit=0
    )
    previous = app.state.match_index
    app.state.match_index = built
    yield built
    built.stop()
    app.state.match_index = previous


def stored(app: FastAPI, item_id: str) -> MatchVector | None:
    with app.state.session_factory() as session:
        return session.scalar(
            sa.select(MatchVector).where(MatchVector.item_id == uuid.UUID(item_id))
        )


def test_a_sync_stores_vectors_once_and_follows_edits_and_closures(
    client: TestClient, app: FastAPI, index: MatchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "ID_CHUNK", 1)  # stored rows are read in several queries
    ada = live_candidate(client, app)
    rita = employer(client)
    job = open_job(rita)
    first = index.sync()
    assert (first.indexed, first.embedded) == (2, 2)
    assert job["id"] in index.jobs and ada.me["candidate_profile_id"] in index.candidates
    row = stored(app, job["id"])
    assert row is not None and len(row.text_vector) == 384 * 4
    assert index.sync().embedded == 0  # nothing changed: nothing embedded again
    before = row.fingerprint
    edit = rita.patch(f"/api/jobs/{job['id']}", json={"title": "Staff Data Engineer"})
    assert edit.status_code == 200, edit.text
    assert index.sync().embedded == 1
    after = stored(app, job["id"])
    assert after is not None and after.fingerprint != before
    assert rita.patch(f"/api/jobs/{job['id']}", json={"status": "closed"}).status_code == 200
    assert index.sync().removed == 1
    assert job["id"] not in index.jobs


def test_the_worker_makes_a_new_job_searchable_within_seconds(
    client: TestClient, app: FastAPI, index: MatchIndex
) -> None:
    index.start()
    rita = employer(client)
    job = open_job(rita, title="Machine Learning Engineer", required_skills=["PyTorch"])
    deadline = time.monotonic() + 30
    while job["id"] not in index.jobs and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job["id"] in index.jobs
    assert stored(app, job["id"]) is not None


def test_large_pools_rank_the_retrieved_shortlist_with_constraints(
    client: TestClient, app: FastAPI, index: MatchIndex
) -> None:
    fit = live_candidate(client, app, name="Ada Fit", skills=["Python", "PostgreSQL", "Go"])
    live_candidate(
        client, app, name="Bob Far", skills=["Excel"], titles=["Accountant"], headline="Accountant"
    )
    hider = live_candidate(client, app, name="Hider")
    hider.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})
    live_candidate(client, app, name="Remote Only", remote_preference="remote")
    acme = employer(client, company="Acme")
    job = open_job(acme)
    index.sync()
    assert index.ready and len(index.candidates) == 4
    matches = acme.get(f"/api/jobs/{job['id']}/matches").json()
    assert matches["considered"] == 3  # the hidden profile is filtered out in the query
    assert matches["excluded_by_constraints"] == 1  # remote only, the job is hybrid
    assert matches["items"][0]["candidate"]["id"] == fit.me["candidate_profile_id"]
    assert "Hider" not in str(matches) and len(matches["items"]) == 2
    jobs = fit.get("/api/candidates/me/matches").json()
    assert jobs["items"][0]["job"]["id"] == job["id"]
    assert jobs["items"][0]["explanation"]["skills_met"] == ["Python", "PostgreSQL"]


def test_while_the_database_is_away_the_worker_backs_off_and_logs_little(
    app: FastAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A sync that keeps failing is retried less and less often, and logged once with its
    traceback rather than every second."""
    missing = create_session_factory(
        create_engine(Settings(database_url=f"sqlite:///{tmp_path / 'no' / 'such.db'}"))
    )
    index = MatchIndex(app.state.understanding, missing, interval=0.01)
    caplog.set_level(logging.WARNING, logger="talentmatch.matching.indexer")
    index.start()
    time.sleep(1.5)
    index.stop()
    failures = [r for r in caplog.records if "sync failed" in r.getMessage()]
    # Without backoff, a 10 ms interval would have failed ~150 times, each logged.
    assert 1 <= len(failures) <= 2
    assert failures[0].exc_info is not None
    assert not index.ready
