"""A write is all or nothing, even when the process dies in the middle of it."""

from __future__ import annotations

import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.service import create_user
from talentmatch.app import create_app
from talentmatch.companies.service import create_employer
from talentmatch.db import unit_of_work
from talentmatch.kit.security import PasswordHasher
from tests.builders import candidate
from tests.conftest import make_settings

WRITER = textwrap.dedent(
    """
    import sys, time
    from talentmatch.config import Settings
    from talentmatch.db import create_engine, create_session_factory, unit_of_work
    from talentmatch.tables import import_models
    from talentmatch.demo.loader import load_demo
    import_models()
    factory = create_session_factory(create_engine(Settings(database_url=sys.argv[1])))
    with unit_of_work(factory) as session:
        load_demo(session, "not-a-real-hash", seed=3)
        print("written, not committed", flush=True)
        time.sleep(60)  # killed here, before the commit
    """
)


def _count(app: FastAPI, model: type) -> int:
    with app.state.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def test_a_killed_writer_leaves_nothing_half_written(app: FastAPI, clean_database: None) -> None:
    url = app.state.settings.database_url
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "written, not committed"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    time.sleep(0.2)
    assert _count(app, User) == 0
    # And the database is usable at once: the dead writer's lock is gone.
    with unit_of_work(app.state.session_factory) as session:
        create_user(
            session,
            PasswordHasher(app.state.settings),
            email="after@example.org",
            password="a long password",
            full_name="After",
            role=Role.CANDIDATE,
        )
    assert _count(app, User) == 1


def test_an_error_inside_a_unit_of_work_rolls_everything_back(
    app: FastAPI, clean_database: None
) -> None:
    with pytest.raises(RuntimeError), unit_of_work(app.state.session_factory) as session:
        create_employer(
            session,
            PasswordHasher(app.state.settings),
            email="doomed@example.org",
            password="a long password",
            full_name="Doomed",
            company_name="Doomed Inc.",
        )
        raise RuntimeError("fails after the user and the company were flushed")
    assert _count(app, User) == 0


def test_a_writer_that_read_first_is_not_refused_by_one_that_committed_meanwhile(
    app: FastAPI, clean_database: None
) -> None:
    """Two sign-ups at once (or a sign-up while the match indexer stores vectors): both land."""
    factory = app.state.session_factory
    hasher = PasswordHasher(app.state.settings)
    first_has_read = threading.Event()
    failures: list[BaseException] = []

    def sign_up(email: str) -> None:
        with unit_of_work(factory) as session:
            create_user(
                session,
                hasher,
                email=email,
                password="a long password",
                full_name="Writer",
                role=Role.CANDIDATE,
            )

    def second_writer() -> None:
        first_has_read.wait(timeout=10)
        try:
            sign_up("second@example.org")
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    thread = threading.Thread(target=second_writer)
    thread.start()
    with unit_of_work(factory) as session:
        session.scalar(sa.select(sa.func.count()).select_from(User))  # reads before writing
        first_has_read.set()
        time.sleep(0.3)  # the second writer commits here if nothing makes it wait
        create_user(
            session,
            hasher,
            email="first@example.org",
            password="a long password",
            full_name="Writer",
            role=Role.CANDIDATE,
        )
    thread.join(timeout=30)
    assert not failures
    assert _count(app, User) == 2


def test_a_writer_that_cannot_get_the_lock_in_time_is_told_to_retry(
    tmp_path: pathlib.Path,
) -> None:
    """SQLite: past the busy timeout a write answers 503 with Retry-After, writes nothing, and
    goes through once the lock is free (before: a 500 "database is locked")."""
    path = tmp_path / "busy.db"
    application = create_app(make_settings(f"sqlite:///{path}", sqlite_busy_timeout_ms=300))
    with TestClient(application, raise_server_exceptions=False) as client:
        ada = candidate(client)
        holder = sqlite3.connect(path, timeout=5, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
        try:
            busy = ada.patch("/api/candidates/me", json={"headline": "Backend engineer"})
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert busy.status_code == 503, busy.text
        assert busy.headers["Retry-After"] == "1"
        assert busy.json()["code"] == "busy"
        assert ada.get("/api/candidates/me").json()["headline"] == ""
        again = ada.patch("/api/candidates/me", json={"headline": "Backend engineer"})
        assert again.status_code == 200
        assert ada.get("/api/candidates/me").json()["headline"] == "Backend engineer"
