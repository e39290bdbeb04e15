"""Liveness and readiness, as a load balancer or Kubernetes probe sees them."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient

from talentmatch import __version__
from talentmatch.app import create_app
from talentmatch.db import MIGRATIONS_DIR, create_engine, upgrade_database
from talentmatch.tables import import_models
from tests.conftest import make_settings


def test_a_healthy_app_is_live_and_ready(client: TestClient) -> None:
    assert client.get("/api/health/live").json() == {"status": "ok"}
    assert client.get("/api/health").json() == {"status": "ok", "version": __version__}
    ready = client.get("/api/health/ready")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True}
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert body["checks"]["migrations"] == {"ok": True, "revision": head}


def test_not_ready_until_the_match_index_has_synced(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'ready.db'}", match_index_worker=True)
    app = create_app(settings)
    # No lifespan yet: the worker has not run.
    waiting = TestClient(app).get("/api/health/ready")
    assert waiting.status_code == 503
    assert waiting.json()["checks"]["match_index"] == {"ok": False, "detail": "not synced yet"}

    with TestClient(app) as client:  # migrations, then the worker's first sync
        deadline = time.monotonic() + 30
        while (ready := client.get("/api/health/ready")).status_code != 200:
            assert time.monotonic() < deadline, ready.json()
            time.sleep(0.1)
        assert ready.json()["checks"]["match_index"] == {"ok": True}


def test_not_ready_on_an_older_schema(tmp_path: Path) -> None:
    import_models()
    url = f"sqlite:///{tmp_path / 'old.db'}"
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_revision("head")
    assert head is not None and isinstance(head.down_revision, str)
    engine = create_engine(make_settings(url))
    upgrade_database(engine, head.down_revision)
    engine.dispose()

    app = create_app(make_settings(url, auto_migrate=False))
    with TestClient(app) as client:
        response = client.get("/api/health/ready")
        assert client.get("/api/health/live").status_code == 200
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {
        "ok": False,
        "detail": f"database at {head.down_revision}, code needs {head.revision}",
    }


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_not_ready_when_the_database_is_unreachable() -> None:
    url = f"postgresql+psycopg://postgres:hunter2@127.0.0.1:{closed_port()}/talentmatch"
    app = create_app(make_settings(url, auto_migrate=False))
    with TestClient(app) as client:
        response = client.get("/api/health/ready")
        assert client.get("/api/health/live").status_code == 200
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "detail": "unreachable"}
    assert "hunter2" not in response.text and "127.0.0.1" not in response.text


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that takes connections and never answers (a database behind a dead link)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


def test_readiness_answers_in_time_when_the_database_hangs(silent_server: int) -> None:
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/talentmatch"
    app = create_app(make_settings(url, auto_migrate=False, health_timeout_seconds=0.5))
    with TestClient(app) as client:
        for _ in range(3):  # the hung probes do not pile up into slower answers
            started = time.monotonic()
            response = client.get("/api/health/ready")
            assert time.monotonic() - started < 2
            assert response.status_code == 503
            assert response.json()["checks"]["database"] == {
                "ok": False,
                "detail": "no answer in time",
            }
        metrics = client.get("/metrics")
        assert metrics.status_code == 200
        assert "talentmatch_database_up 0.0" in metrics.text
