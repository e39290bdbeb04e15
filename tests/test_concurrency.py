"""Faults of the server process as a whole, found by driving a real server (uvicorn, in a
subprocess) with several clients at once over loopback, with bounded loops."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.builders import PASSWORD, unique_email
from tests.conftest import fresh_postgres_database
from tests.documents import SAMPLE_RESUME, docx_bytes, pdf_bytes
from tests.outbox import emailed_token_at
from tests.servers import Server, free_port, running_server, server_env

CLIENTS = 8
ROUNDS = 3  # a crash needs two parses to overlap: give them several chances
SOAK_SECONDS = 30
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class LiveServer:
    server: Server
    kind: str  # sqlite or postgresql
    sqlite_path: Path | None

    @property
    def database_url(self) -> str:
        return self.server.env["TALENTMATCH_DATABASE_URL"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    workdir = tmp_path_factory.mktemp(f"live-{request.param}")
    with ExitStack() as stack:
        sqlite_path = None
        if request.param == "sqlite":
            sqlite_path = workdir / "talentmatch.db"
            url = f"sqlite:///{sqlite_path}"
        else:
            url = stack.enter_context(fresh_postgres_database())
        port = free_port()
        server = stack.enter_context(running_server(server_env(url, port), port, workdir))
        yield LiveServer(server, request.param, sqlite_path)


def _candidate_token(client: httpx.Client, database_url: str) -> str:
    email = unique_email("concurrent")
    body = {"email": email, "password": PASSWORD, "full_name": "Ada Lovelace", "role": "candidate"}
    assert client.post("/api/auth/signup", json=body).status_code == 202
    token = emailed_token_at(database_url, email, "signup_confirm", "/signup/confirm")
    assert client.post("/api/auth/signup/confirm", json={"token": token}).status_code == 201
    response = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _resume_lines(number: int) -> list[str]:
    own = SAMPLE_RESUME.replace("ada.lovelace@example.org", f"ada{number}@example.org")
    details = [
        f"- Shipped project {i}: Python services, PostgreSQL, Kubernetes." for i in range(30)
    ]
    return own.splitlines() + details


def _at_once(count: int, action: Callable[[int], tuple[int, str]]) -> list[tuple[int, str]]:
    """``action(i)`` for every i, from ``count`` threads released together."""
    barrier = threading.Barrier(count)

    def run(number: int) -> tuple[int, str]:
        barrier.wait()
        return action(number)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("pdf", lambda n: ("cv.pdf", pdf_bytes(_resume_lines(n)), PDF_TYPE)),
        ("docx", lambda n: ("cv.docx", docx_bytes(_resume_lines(n)), DOCX_TYPE)),
    ],
)
def test_eight_resume_uploads_at_once_are_all_answered_and_the_server_stays_up(
    live: LiveServer, kind: str, make: Callable[[int], tuple[str, bytes, str]]
) -> None:
    with httpx.Client(base_url=live.server.url, timeout=60) as setup:
        tokens = [_candidate_token(setup, live.database_url) for _ in range(CLIENTS)]
    files = [make(n) for n in range(CLIENTS)]

    def upload(number: int) -> tuple[int, str]:
        with httpx.Client(base_url=live.server.url, timeout=180) as client:
            response = client.put(
                "/api/candidates/me/resume",
                headers=_bearer(tokens[number]),
                files={"file": files[number]},
            )
        if response.status_code != 200:
            return response.status_code, response.text
        return response.status_code, str(response.json()["parsed"]["email"])

    for _ in range(ROUNDS):
        try:
            results = _at_once(CLIENTS, upload)
        except httpx.TransportError as exc:  # the server died under the uploads
            pytest.fail(f"{kind} uploads: {exc!r}\n{live.server.log.read_text()[-3000:]}")
        assert [status for status, _ in results] == [200] * CLIENTS, results
        # Each candidate got their own resume read, not a neighbour's.
        expected = [f"ada{n}@example.org" for n in range(CLIENTS)]
        assert [email for _, email in results] == expected
    assert live.server.is_up(), live.server.log.read_text()[-3000:]


def test_a_read_with_an_api_token_does_not_wait_for_the_write_lock(live: LiveServer) -> None:
    if live.sqlite_path is None:
        pytest.skip("SQLite's single write lock; PostgreSQL readers never wait for writers")
    with httpx.Client(base_url=live.server.url, timeout=60) as client:
        token = _candidate_token(client, live.database_url)
        assert client.get("/api/me", headers=_bearer(token)).status_code == 200
        holder = sqlite3.connect(
            live.sqlite_path, timeout=5, isolation_level=None, check_same_thread=False
        )
        holder.execute("BEGIN IMMEDIATE")  # another process writing for a while
        releaser = threading.Timer(5.0, holder.execute, args=("ROLLBACK",))
        releaser.start()
        try:
            started = time.monotonic()
            responses = [
                client.get(path, headers=_bearer(token))
                for path in ("/api/me", "/api/candidates/me", "/api/jobs")
            ]
            waited = time.monotonic() - started
        finally:
            releaser.join()
            holder.close()
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert waited < 3.0, f"three reads took {waited:.1f} s behind another process's write"


def test_eight_token_readers_and_a_writer_for_thirty_seconds_see_no_error(
    live: LiveServer,
) -> None:
    if live.sqlite_path is None:
        pytest.skip("the write-lock soak is about SQLite")
    with httpx.Client(base_url=live.server.url, timeout=60) as setup:
        readers = [_candidate_token(setup, live.database_url) for _ in range(CLIENTS)]
        writer = _candidate_token(setup, live.database_url)
    paths = ("/api/me", "/api/candidates/me", "/api/jobs", "/api/candidates/me/matches")
    deadline = time.monotonic() + SOAK_SECONDS
    failures: list[str] = []
    counts: list[int] = []
    lock = threading.Lock()

    def read(number: int) -> None:
        done = 0
        with httpx.Client(base_url=live.server.url, timeout=60) as client:
            while time.monotonic() < deadline:
                path = paths[done % len(paths)]
                response = client.get(path, headers=_bearer(readers[number]))
                done += 1
                if response.status_code != 200:
                    with lock:
                        failures.append(f"GET {path}: {response.status_code} {response.text}")
        with lock:
            counts.append(done)

    def write() -> None:
        done = 0
        with httpx.Client(base_url=live.server.url, timeout=60) as client:
            while time.monotonic() < deadline:
                if done % 5 == 4:  # now and then an upload, which holds the lock longer
                    response = client.put(
                        "/api/candidates/me/resume",
                        headers=_bearer(writer),
                        files={"file": ("cv.pdf", pdf_bytes(_resume_lines(done)), PDF_TYPE)},
                    )
                else:
                    response = client.patch(
                        "/api/candidates/me",
                        headers=_bearer(writer),
                        json={"headline": f"Backend engineer, edit {done}"},
                    )
                done += 1
                if response.status_code != 200:
                    with lock:
                        failures.append(f"write: {response.status_code} {response.text}")
        with lock:
            counts.append(done)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(CLIENTS)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SOAK_SECONDS + 120)
    assert not failures, failures[:5]
    assert len(counts) == CLIENTS + 1 and min(counts) > 0, counts
    assert live.server.is_up()
