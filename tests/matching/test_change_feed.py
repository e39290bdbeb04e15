"""The match index follows the database's change feed (NOTIFY on PostgreSQL, a trigger-fed table
on SQLite): every committed change reaches every index, whatever its timestamps, deleted rows
leave it, and a feed that lost track makes the index rescan instead of going stale."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.jobs.models import Job
from talentmatch.kit.clock import utcnow
from talentmatch.matching.indexer import MatchIndex
from talentmatch.matching.models import MatchVector, match_changes
from tests.builders import PASSWORD, employer, live_candidate, open_job


def new_index(app: FastAPI) -> MatchIndex:
    return MatchIndex(app.state.understanding, app.state.session_factory, exhaustive_limit=0)


@pytest.fixture
def indexes(app: FastAPI) -> Iterator[list[MatchIndex]]:
    """Two indexes over one database, as two server processes would hold."""
    built = [new_index(app), new_index(app)]
    yield built
    for index in built:
        index.stop()


def fingerprint(app: FastAPI, job_id: str) -> str | None:
    with app.state.session_factory() as session:
        return session.scalar(
            sa.select(MatchVector.fingerprint).where(MatchVector.item_id == uuid.UUID(job_id))
        )


def test_an_edit_committed_with_an_old_timestamp_reaches_every_index(
    client: TestClient, app: FastAPI, indexes: list[MatchIndex]
) -> None:
    # A transaction that began an hour ago and commits now: a scan by updated_at since the
    # last sync would never see its row.
    rita = employer(client)
    job = open_job(rita, title="Data Engineer")
    for index in indexes:
        index.sync()
    before = fingerprint(app, job["id"])
    with app.state.engine.begin() as conn:
        conn.execute(
            sa.update(Job)
            .where(Job.id == uuid.UUID(job["id"]))
            .values(title="Machine Learning Engineer", updated_at=utcnow() - timedelta(hours=1))
        )
    first, second = (index.sync() for index in indexes)
    assert (first.indexed, first.embedded) == (1, 1)
    assert (second.indexed, second.embedded) == (1, 0)  # the vectors the first one stored
    assert fingerprint(app, job["id"]) != before
    assert indexes[0].sync().indexed == 0  # nothing changed since: nothing read


def test_an_erased_candidate_and_a_closed_job_leave_every_index(
    client: TestClient, app: FastAPI, indexes: list[MatchIndex]
) -> None:
    ada = live_candidate(client, app)
    profile_id = ada.me["candidate_profile_id"]
    rita = employer(client)
    job = open_job(rita)
    for index in indexes:
        index.sync()
        assert profile_id in index.candidates and job["id"] in index.jobs
    erased = ada.request("DELETE", "/api/me", json={"password": PASSWORD})
    assert erased.status_code in (200, 204), erased.text
    assert rita.patch(f"/api/jobs/{job['id']}", json={"status": "closed"}).status_code == 200
    for index in indexes:
        assert index.sync().removed == 2
        assert profile_id not in index.candidates and job["id"] not in index.jobs


def lose_track(app: FastAPI, index: MatchIndex) -> None:
    """What a real outage does to each feed: PostgreSQL drops the listening connection (its
    notifications meanwhile are gone); on SQLite, rows past the index's cursor are pruned."""
    with app.state.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'talentmatch-match-feed'"
                )
            )
        else:
            conn.execute(match_changes.delete())


def test_a_feed_that_lost_track_makes_the_index_rescan(
    client: TestClient, app: FastAPI, indexes: list[MatchIndex]
) -> None:
    index = indexes[0]
    rita = employer(client)
    kept, closed = open_job(rita, title="Data Engineer"), open_job(rita, title="SRE")
    index.sync()
    assert rita.patch(f"/api/jobs/{closed['id']}", json={"status": "closed"}).status_code == 200
    added = open_job(rita, title="Platform Engineer")
    lose_track(app, index)
    report = index.sync()  # the changes above are not in the feed: everything is read again
    assert report.indexed == 2 and report.removed == 1
    assert kept["id"] in index.jobs and added["id"] in index.jobs
    assert closed["id"] not in index.jobs
    later = open_job(rita, title="Security Engineer")
    assert index.sync().indexed == 1  # following the feed again
    assert later["id"] in index.jobs
