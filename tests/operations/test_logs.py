"""Logs with request ids: what an operator reads in the log collector."""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.operations.logs import configure_logging
from tests.conftest import make_settings


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The root logger writing JSON into a buffer, as ``serve`` sets it up; put back after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    configure_logging("json", stream=stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


def records(stream: io.StringIO) -> list[dict[str, Any]]:
    """The server's records (the test client logs its own requests, URL and all)."""
    found = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [r for r in found if not r["logger"].startswith("httpx")]


def access_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [r for r in records(stream) if r["logger"] == "talentmatch.access"]


def test_one_access_line_per_request_with_its_id(client: TestClient, captured: io.StringIO) -> None:
    response = client.get(
        "/api/jobs/5f0c4c2e-0000-4000-8000-000000000001?access_token=leaked-secret",
        headers={"X-Request-ID": "edge-7f3a.42"},
    )
    assert response.status_code == 401
    assert response.headers["X-Request-ID"] == "edge-7f3a.42"

    [line] = access_lines(captured)
    assert line["request_id"] == "edge-7f3a.42"
    assert line["method"] == "GET"
    assert line["route"] == "/api/jobs/{job_id}"
    assert line["status"] == 401
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and "timestamp" in line
    # Neither the path's id nor the query string (tokens travel there) is logged.
    written = json.dumps(records(captured))
    assert "leaked-secret" not in written and "5f0c4c2e" not in written


@pytest.mark.parametrize(
    "sent",
    ["", "has spaces", "x" * 129, 'quote"d', "line\\nbreak", "ünïcode", "-leading-dash"],
)
def test_a_malformed_request_id_is_replaced(
    client: TestClient, captured: io.StringIO, sent: str
) -> None:
    response = client.get("/api/health", headers={"X-Request-ID": sent.encode()})
    given = response.headers["X-Request-ID"]
    assert given != sent and len(given) == 32 and given.isalnum()
    assert access_lines(captured)[-1]["request_id"] == given


def test_every_record_written_during_a_request_carries_its_id(
    tmp_path: Path, captured: io.StringIO
) -> None:
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'logs.db'}"))

    @app.get("/api/test/work")
    def work() -> dict[str, str]:  # a plain function: it runs in the thread pool
        logging.getLogger("talentmatch.test").warning("working on it")
        return {"done": "yes"}

    with TestClient(app) as client:
        first = client.get("/api/test/work").headers["X-Request-ID"]
        second = client.get("/api/test/work", headers={"X-Request-ID": "req-2"})
    assert second.headers["X-Request-ID"] == "req-2"
    written = [r for r in records(captured) if r["logger"] == "talentmatch.test"]
    assert [r["request_id"] for r in written] == [first, "req-2"]
    assert written[0]["message"] == "working on it" and written[0]["level"] == "WARNING"
    # Outside a request (start-up, background threads) the id is "-".
    assert all(r["request_id"] == "-" for r in records(captured) if r["logger"] == "alembic")


def test_a_failing_probe_logs_under_the_request_id(captured: io.StringIO) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/talentmatch"
    app = create_app(make_settings(url, auto_migrate=False))
    with TestClient(app) as client:
        response = client.get("/api/health/ready", headers={"X-Request-ID": "probe-1"})
    assert response.status_code == 503
    warnings = [r for r in records(captured) if r["level"] == "WARNING"]
    assert warnings and all(r["request_id"] == "probe-1" for r in warnings)
    assert "database unreachable" in warnings[0]["message"]


def test_text_logs_for_a_terminal(client: TestClient) -> None:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    try:
        configure_logging("text", stream=stream)
        client.get("/api/health", headers={"X-Request-ID": "term-1"})
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    [line] = [line for line in stream.getvalue().splitlines() if "talentmatch.access" in line]
    assert " INFO talentmatch.access [term-1] GET /api/health 200 " in line
    assert line.endswith(" ms")
