"""Browser tests: a real server (uvicorn, in a subprocess, on a temporary SQLite database)
driven by Playwright through Debian's Chromium. Screenshots of the main pages are saved under
``test-artifacts/screenshots`` (``TALENTMATCH_ARTIFACTS`` moves it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.cli import run as run_cli

CHROMIUM = os.environ.get("TALENTMATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OPERATOR_EMAIL = "operator@e2e.example"
PASSWORD = "correct-horse-battery"
# First views that load models or embed the marketplace take seconds on a busy 2-core runner.
expect.set_options(timeout=20_000)
ARTIFACTS = Path(os.environ.get("TALENTMATCH_ARTIFACTS", "test-artifacts")) / "screenshots"


@dataclass(frozen=True)
class Server:
    url: str
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("web")
    port = _free_port()
    env = {
        **os.environ,
        "TALENTMATCH_DATABASE_URL": f"sqlite:///{workdir / 'talentmatch.db'}",
        "TALENTMATCH_ENVIRONMENT": "test",
        "TALENTMATCH_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "TALENTMATCH_ARGON2_TIME_COST": "1",
        "TALENTMATCH_ARGON2_MEMORY_COST_KIB": "1024",
        "TALENTMATCH_PRELOAD_MODELS": "true",
        "HF_HUB_OFFLINE": "1",
    }
    created = run_cli(
        "users",
        "create",
        "--email",
        OPERATOR_EMAIL,
        "--role",
        "operator",
        "--name",
        "Olive Operator",
        "--password",
        PASSWORD,
        env=env,
    )
    assert created.returncode == 0, created.stderr
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "talentmatch", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not start: {(workdir / 'server.log').read_text()}")
        time.sleep(0.2)
    yield Server(url, env)
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM} (scripts/test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
    )
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def screenshot(page: Page, name: str) -> None:
    """Keep a picture of a main page as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
