"""Browser tests: a real server (uvicorn, in a subprocess, on a temporary SQLite database)
driven by Playwright through Debian's Chromium. Screenshots of the main pages are saved under
``test-artifacts/screenshots`` (``TALENTMATCH_ARTIFACTS`` moves it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
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
from tests.servers import Server, free_port, running_server, server_env

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
# The running server's database, where the journeys read the e-mails a person would open.
DATABASE: dict[str, str] = {}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("web")
    port = free_port()
    env = server_env(f"sqlite:///{workdir / 'talentmatch.db'}", port)
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
    DATABASE["url"] = env["TALENTMATCH_DATABASE_URL"]
    with running_server(env, port, workdir) as running:
        yield running


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
