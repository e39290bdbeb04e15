"""Real ``talentmatch serve`` and ``talentmatch worker`` processes on one PostgreSQL database:
uploads answer at once and are read by the workers, each once; a worker killed mid-task is
replaced and its work happens exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
import sqlalchemy as sa

from tests.builders import PASSWORD, unique_email
from tests.conftest import fresh_postgres_database
from tests.documents import SAMPLE_RESUME
from tests.outbox import emailed_token_at
from tests.servers import free_port, running_server, server_env
from tests.tasks.smtp import smtp_server

pytestmark = pytest.mark.postgres
WAIT_SECONDS = 180


@pytest.fixture
def database_url() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url


def _queue_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    return server_env(
        database_url,
        port,
        TALENTMATCH_TASK_RUNNER="worker",
        TALENTMATCH_PRELOAD_MODELS="false",
        TALENTMATCH_WORKER_HEARTBEAT_SECONDS="1",
        TALENTMATCH_WORKER_STALLED_SECONDS="4",
        **extra,
    )


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        # A session of its own: killing its group kills its document readers too.
        return subprocess.Popen(
            [sys.executable, "-m", "talentmatch", "worker", "--concurrency", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def _wait_for(what: str, check: Callable[[], bool], logs: list[Path]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            tails = "\n".join(p.read_text()[-3000:] for p in logs if p.exists())
            pytest.fail(f"{what} did not happen within {WAIT_SECONDS} s\n{tails}")
        time.sleep(0.3)


def _candidate(client: httpx.Client, database_url: str) -> tuple[str, dict[str, str]]:
    email = unique_email("queued")
    body = {"email": email, "password": PASSWORD, "full_name": "Ada Lovelace", "role": "candidate"}
    assert client.post("/api/auth/signup", json=body).status_code == 202
    token = emailed_token_at(database_url, email, "signup_confirm", "/signup/confirm")
    assert client.post("/api/auth/signup/confirm", json={"token": token}).status_code == 201
    response = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
    return email, {"Authorization": f"Bearer {response.json()['access_token']}"}


def _resume(number: int) -> bytes:
    return SAMPLE_RESUME.replace("ada.lovelace@example.org", f"ada{number}@example.org").encode()


def _jobs(database_url: str) -> list[Any]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT task_name, status FROM procrastinate_jobs")))
    finally:
        engine.dispose()


@pytest.mark.parametrize("runner", ["in-process", "worker"])
def test_worker_explains_that_sqlite_runs_tasks_in_process(tmp_path: Path, runner: str) -> None:
    """Also when the environment asks for queue workers (a deployment's settings copied onto
    SQLite): a sentence, not a traceback."""
    env = {
        **os.environ,
        "TALENTMATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'tm.db'}",
        "TALENTMATCH_TASK_RUNNER": runner,
    }
    result = subprocess.run(
        [sys.executable, "-m", "talentmatch", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "in-process" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_uploads_answer_at_once_and_two_workers_read_each_once(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    env = _queue_env(database_url, port)
    logs = [tmp_path / "server.log", tmp_path / "worker-1.log", tmp_path / "worker-2.log"]
    with (
        running_server(env, port, tmp_path) as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        people = [_candidate(client, database_url) for _ in range(6)]
        for number, (_, headers) in enumerate(people):
            files = {"file": ("cv.txt", _resume(number), "text/plain")}
            answer = client.put("/api/candidates/me/resume", headers=headers, files=files)
            assert answer.status_code == 200, answer.text
            assert answer.json()["status"] == "reading"
            assert answer.json()["resume"]["filename"] == "cv.txt"
        # No worker yet: the profile says it is being read, and the page refreshes itself.
        first = people[0][1]
        assert client.get("/api/candidates/me", headers=first).json()["resume_status"] == "reading"
        page = client.get("/me/profile", headers=first)
        assert "Reading your resume" in page.text
        assert page.headers["Refresh"] == "3"

        workers = [_start_worker(env, logs[1]), _start_worker(env, logs[2])]
        try:

            def all_read() -> bool:
                statuses = [
                    client.get("/api/candidates/me/resume/status", headers=h).json()["status"]
                    for _, h in people
                ]
                assert "failed" not in statuses, statuses
                return statuses == ["ready"] * len(people)

            _wait_for("reading every upload", all_read, logs)
        finally:
            for worker in workers:
                _stop(worker)
        for number, (_, headers) in enumerate(people):
            status = client.get("/api/candidates/me/resume/status", headers=headers).json()
            assert status["parsed"]["email"] == f"ada{number}@example.org"
            profile = status["profile"]
            assert profile["titles"].count("Senior Backend Engineer") == 1
            assert len(profile["skills"]) == len(set(profile["skills"]))
        page = client.get("/me/profile", headers=first)
        assert "Reading your resume" not in page.text
        assert "Refresh" not in page.headers
    assert [job for job in _jobs(database_url) if job.task_name.endswith("read_resume")] == []


def test_a_worker_killed_mid_task_is_replaced_and_the_work_happens_once(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    logs = [tmp_path / "server.log", tmp_path / "killed.log", tmp_path / "replacement.log"]
    with smtp_server() as (smtp_port, mailbox):
        env = _queue_env(
            database_url,
            port,
            TALENTMATCH_SMTP_HOST="127.0.0.1",
            TALENTMATCH_SMTP_PORT=str(smtp_port),
            TALENTMATCH_SMTP_STARTTLS="false",
        )
        with (
            running_server(env, port, tmp_path) as server,
            httpx.Client(base_url=server.url, timeout=60) as client,
        ):
            email, headers = _candidate(client, database_url)
            files = {"file": ("cv.txt", _resume(7), "text/plain")}
            assert (
                client.put("/api/candidates/me/resume", headers=headers, files=files).json()[
                    "status"
                ]
                == "reading"
            )
            # The mail server stalls before its greeting: the delivery is mid-way when killed.
            mailbox.greeting_delay = 15
            doomed = _start_worker(env, logs[1])

            def both_running() -> bool:
                running = {j.task_name for j in _jobs(database_url) if j.status == "doing"}
                return {"talentmatch:read_resume", "talentmatch:deliver_outbox"} <= running

            try:
                _wait_for("the worker taking both jobs", both_running, logs)
                reading = client.get("/api/candidates/me", headers=headers).json()
                os.killpg(doomed.pid, signal.SIGKILL)
                doomed.wait()
            finally:
                _stop(doomed)
            assert reading["resume_status"] == "reading", "killed after the read finished"
            assert mailbox.to(email) == []
            mailbox.greeting_delay = 0

            replacement = _start_worker(env, logs[2])
            try:

                def done() -> bool:
                    status = client.get("/api/candidates/me/resume/status", headers=headers)
                    return status.json()["status"] == "ready" and len(mailbox.to(email)) >= 1

                _wait_for("the replacement worker finishing both", done, logs)
                time.sleep(3)  # a second delivery, if any, would arrive now
            finally:
                _stop(replacement)
            profile = client.get("/api/candidates/me", headers=headers).json()
        assert len(mailbox.to(email)) == 1
        assert profile["titles"].count("Senior Backend Engineer") == 1
        assert "lost its worker" in logs[2].read_text()
