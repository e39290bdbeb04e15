"""``GET /metrics``: what a Prometheus server scraping the app sees."""

from __future__ import annotations

import gc
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from talentmatch.app import create_app
from talentmatch.db import unit_of_work
from talentmatch.kit.memory import Recent
from talentmatch.matching.models import ModelStatus, RankingModel
from talentmatch.notifications.models import OutboxEmail
from talentmatch.operations.metrics import TimedMatchIndex
from tests.builders import employer, live_candidate, open_job
from tests.conftest import make_settings

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient, **headers: str) -> Samples:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def requests_counted(samples: Samples, route: str, status: str = "4xx") -> float:
    counted = value(
        samples,
        "talentmatch_http_request_duration_seconds_count",
        method="GET",
        route=route,
        status=status,
    )
    return counted or 0.0


def test_latency_is_labelled_by_route_template_never_by_path(
    client: TestClient, app: FastAPI
) -> None:
    company = employer(client, company="Northwind Analytics")
    template = "/api/jobs/{job_id}/matches"
    before = scrape(client)
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for job_id in ids:
        assert company.get(f"/api/jobs/{job_id}/matches").status_code == 404
    assert client.get(f"/no/such/page/{ids[0]}").status_code == 404
    response = client.get("/metrics")
    after = scrape(client)

    assert requests_counted(after, template) - requests_counted(before, template) == 3
    assert requests_counted(after, "(unmatched)") - requests_counted(before, "(unmatched)") == 1
    # Ids, e-mail addresses and company names never become labels.
    for private in (*ids, company.email, "Northwind"):
        assert private not in response.text
    assert value(after, "talentmatch_build_info", version=app.version) == 1
    assert value(after, "talentmatch_http_requests_in_flight") == 1  # this scrape


def test_database_figures_are_read_at_scrape_time(client: TestClient, app: FastAPI) -> None:
    employer(client)  # sign-up e-mails wait in the outbox (no SMTP server in tests)
    with app.state.session_factory() as session:
        pending = session.scalar(
            sa.select(sa.func.count()).where(OutboxEmail.delivered_at.is_(None))
        )
    samples = scrape(client)
    assert value(samples, "talentmatch_database_up") == 1
    assert pending and value(samples, "talentmatch_outbox_pending_emails") == pending
    assert value(samples, "talentmatch_outbox_oldest_pending_age_seconds") is not None
    assert value(samples, "talentmatch_ranking_model_active_version") == 0

    with unit_of_work(app.state.session_factory) as session:
        session.add(RankingModel(version=3, status=ModelStatus.ACTIVE, body="(model text)"))
        session.execute(sa.update(OutboxEmail).values(delivered_at=sa.func.now()))
    samples = scrape(client)
    assert value(samples, "talentmatch_ranking_model_active_version") == 3
    assert value(samples, "talentmatch_outbox_pending_emails") == 0
    assert value(samples, "talentmatch_outbox_oldest_pending_age_seconds") is None


@pytest.fixture
def fresh_index(app: FastAPI) -> Iterator[TimedMatchIndex]:
    """A new index in place of the app's (the shared one stays as other tests expect it)."""
    built = TimedMatchIndex(app.state.understanding, app.state.session_factory)
    built.metrics = app.state.metrics
    previous = app.state.match_index
    app.state.match_index = built
    yield built
    app.state.match_index = previous


def test_match_index_size_and_sync_time(
    client: TestClient, app: FastAPI, fresh_index: TimedMatchIndex
) -> None:
    live_candidate(client, app)
    open_job(employer(client))
    open_job(employer(client), title="Data Engineer")
    samples = scrape(client)
    assert value(samples, "talentmatch_match_index_ready") == 0
    assert value(samples, "talentmatch_match_index_items", side="jobs") == 0
    synced = "talentmatch_task_duration_seconds_count"
    runs = value(samples, synced, task="match_index_sync", outcome="ok") or 0

    fresh_index.sync()
    samples = scrape(client)
    assert value(samples, "talentmatch_match_index_ready") == 1
    assert value(samples, "talentmatch_match_index_items", side="candidates") == 1
    assert value(samples, "talentmatch_match_index_items", side="jobs") == 2
    assert value(samples, "talentmatch_match_index_backend", backend=fresh_index.backend) == 1
    assert fresh_index.synced_at is not None
    assert value(samples, "talentmatch_match_index_last_sync_timestamp_seconds") == pytest.approx(
        fresh_index.synced_at.timestamp()
    )
    assert value(samples, synced, task="match_index_sync", outcome="ok") == runs + 1


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_scrape_answers_while_the_database_is_down() -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/talentmatch"
    app = create_app(make_settings(url, auto_migrate=False))
    with TestClient(app) as client:
        assert client.get("/api/health/live").status_code == 200
        samples = scrape(client)
    assert value(samples, "talentmatch_database_up") == 0
    assert value(samples, "talentmatch_outbox_pending_emails") is None
    assert requests_counted(samples, "/api/health/live", "2xx") == 1
    assert value(samples, "talentmatch_match_index_items", side="jobs") == 0


def test_metrics_can_require_a_token_or_be_switched_off(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'metrics.db'}"
    guarded = create_app(make_settings(database, metrics_token="scrape-secret"))
    with TestClient(guarded) as client:
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401
        samples = scrape(client, Authorization="Bearer scrape-secret")
        assert value(samples, "talentmatch_database_up") == 1
    off = create_app(make_settings(database, metrics_enabled=False))
    with TestClient(off) as client:
        assert client.get("/metrics").status_code == 404
        assert client.get("/api/health").status_code == 200


@pytest.fixture
def fresh_memory(app: FastAPI) -> Iterator[Recent[Any]]:
    """A new match-profile memory in place of the app's, as a process starts with."""
    previous = app.state.understanding.match_profiles
    memory: Recent[Any] = Recent(64, "match_profiles")
    app.state.understanding.match_profiles = memory
    yield memory
    app.state.understanding.match_profiles = previous


def test_in_process_memories_show_their_hit_rate(
    client: TestClient, app: FastAPI, fresh_index: TimedMatchIndex, fresh_memory: Recent[Any]
) -> None:
    """An operator sizes the match-profile memory by its misses: a second look at the same
    list reads what the first one built or fetched."""
    ada = live_candidate(client, app)
    company = employer(client)
    open_job(company)
    open_job(company, title="Data Engineer")
    fresh_index.sync()

    def lookups(outcome: str) -> float:
        samples = scrape(client)
        size = value(samples, "talentmatch_memory_size", memory="match_profiles")
        assert size is not None and size >= fresh_memory.size
        found = value(
            samples, "talentmatch_memory_lookups_total", memory="match_profiles", outcome=outcome
        )
        return found or 0.0

    misses = lookups("miss")
    assert ada.get("/api/candidates/me/matches").status_code == 200
    assert lookups("miss") == misses + 3  # the candidate and both posts, read once
    hits = lookups("hit")
    assert ada.get("/api/candidates/me/matches").status_code == 200
    assert lookups("hit") == hits + 3
    assert lookups("miss") == misses + 3


def test_full_garbage_collections_show_as_pauses(client: TestClient) -> None:
    """A slow request that no profile of the request explains is often the collector walking
    every object the process holds: an operator sees those pauses by generation."""

    def full_collections() -> tuple[float, float]:
        samples = scrape(client)
        count = value(samples, "talentmatch_gc_pause_seconds_count", generation="2")
        total = value(samples, "talentmatch_gc_pause_seconds_sum", generation="2")
        assert count is not None and total is not None
        return count, total

    gc.disable()  # no automatic collection between the scrapes: only the two below count
    try:
        count, total = full_collections()
        gc.collect()
        gc.collect()
        after, after_total = full_collections()
        assert after == count + 2
        assert after_total > total
        samples = scrape(client)
    finally:
        gc.enable()
    below_inf = value(samples, "talentmatch_gc_pause_seconds_bucket", generation="2", le="+Inf")
    assert below_inf == after
    assert value(samples, "talentmatch_gc_frozen_objects") == gc.get_freeze_count()
