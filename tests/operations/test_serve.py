"""A real ``talentmatch serve`` with JSON logs: probes, metrics and the log it writes."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from tests.conftest import fresh_postgres_database
from tests.outbox import last_email
from tests.servers import free_port, running_server, server_env


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            headers = {k.lower(): v for k, v in response.headers.items()}
            return response.status, headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read().decode()


def test_serve_writes_json_logs_and_answers_probes(tmp_path: Path) -> None:
    port = free_port()
    env = server_env(
        f"sqlite:///{tmp_path / 'serve.db'}",
        port,
        TALENTMATCH_LOG_FORMAT="json",
        TALENTMATCH_PRELOAD_MODELS="false",
    )
    with running_server(env, port, tmp_path) as server:
        deadline = time.monotonic() + 30
        while (ready := get(f"{server.url}/api/health/ready"))[0] != 200:
            assert time.monotonic() < deadline, ready
            time.sleep(0.2)
        assert json.loads(ready[2])["status"] == "ready"
        status, headers, _ = get(
            f"{server.url}/api/health?session_token=do-not-log", **{"X-Request-ID": "lb-0001"}
        )
        assert status == 200 and headers["x-request-id"] == "lb-0001"
        status, _, metrics = get(f"{server.url}/metrics")
        assert status == 200
        assert "talentmatch_match_index_ready 1.0" in metrics
        assert 'route="/api/health/ready",status="2xx"' in metrics
    log = server.log.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]  # all JSON
    assert any(r["logger"].startswith("uvicorn") for r in lines)
    [health] = [r for r in lines if r.get("request_id") == "lb-0001"]
    assert health["logger"] == "talentmatch.access" and health["route"] == "/api/health"
    assert "do-not-log" not in log


def test_links_in_e_mails_follow_the_port_the_server_answers_on(tmp_path: Path) -> None:
    port = free_port()
    database_url = f"sqlite:///{tmp_path / 'links.db'}"
    env = server_env(database_url, port, TALENTMATCH_PRELOAD_MODELS="false")
    del env["TALENTMATCH_PUBLIC_URL"]  # nothing set: the served address is the public one
    with running_server(env, port, tmp_path) as server:
        body = json.dumps(
            {
                "email": "ada@example.org",
                "password": "correct horse battery",
                "full_name": "Ada",
                "role": "candidate",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310
            f"{server.url}/api/auth/signup", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            assert response.status in (200, 201, 202)
    engine = sa.create_engine(database_url)
    try:
        email = last_email(sessionmaker(engine), "ada@example.org", "signup_confirm")
    finally:
        engine.dispose()
    assert f"http://127.0.0.1:{port}/signup/confirm/" in email.body


@pytest.mark.postgres
def test_several_server_processes_share_postgresql_and_keep_query_strings_out_of_the_log(
    tmp_path: Path,
) -> None:
    port = free_port()
    with fresh_postgres_database() as url:
        env = server_env(
            url, port, TALENTMATCH_LOG_FORMAT="json", TALENTMATCH_PRELOAD_MODELS="false"
        )
        with running_server(env, port, tmp_path, "--workers", "2") as server:
            deadline = time.monotonic() + 60
            while get(f"{server.url}/api/health/ready")[0] != 200:
                assert time.monotonic() < deadline, server.log.read_text()[-2000:]
                time.sleep(0.3)
            for number in range(20):  # spread over both processes
                status, _, _ = get(
                    f"{server.url}/api/health?session_token=do-not-log",
                    **{"X-Request-ID": f"w-{number}"},
                )
                assert status == 200
        log = server.log.read_text()
    records = [json.loads(line) for line in log.splitlines() if line.strip()]
    answered = [r for r in records if str(r.get("request_id", "")).startswith("w-")]
    assert {r["logger"] for r in answered} == {"talentmatch.access"}
    assert len(answered) == 20
    assert "do-not-log" not in log
