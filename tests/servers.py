"""A real ``talentmatch serve`` in a subprocess, for tests that need a whole server process
(browsers, several clients at once, crashes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    log: Path

    def is_up(self) -> bool:
        """The process runs and answers its health check."""
        if self.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{self.url}/api/health", timeout=5) as response:  # noqa: S310
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    """The server's environment: its own database, cheap hashing, and rate limits far above
    what a test's clients (all on one address) send, unless ``extra`` says otherwise."""
    from tests.conftest import GENEROUS_LIMITS

    limits = {f"TALENTMATCH_{name.upper()}": str(value) for name, value in GENEROUS_LIMITS.items()}
    return {
        **os.environ,
        **limits,
        "TALENTMATCH_DATABASE_URL": database_url,
        "TALENTMATCH_ENVIRONMENT": "test",
        "TALENTMATCH_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "TALENTMATCH_ARGON2_TIME_COST": "1",
        "TALENTMATCH_ARGON2_MEMORY_COST_KIB": "1024",
        "TALENTMATCH_PRELOAD_MODELS": "true",
        "HF_HUB_OFFLINE": "1",
        **extra,
    }


@contextmanager
def running_server(
    env: dict[str, str], port: int, workdir: Path, *options: str
) -> Iterator[Server]:
    """Start the server with ``env`` on ``port`` (and ``serve``'s ``options``); stop it when
    the block ends."""
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "talentmatch", "serve", "--port", str(port), *options],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        server = Server(f"http://127.0.0.1:{port}", env, process, log_path)
        try:
            # Generous: the models load in a few seconds alone, far slower beside other workers.
            deadline = time.monotonic() + 180
            while not server.is_up():
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not start: {log_path.read_text()}")
                time.sleep(0.2)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
