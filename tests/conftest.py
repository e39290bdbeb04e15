"""Every API test runs twice: on an SQLite file and on a real PostgreSQL database.

PostgreSQL comes from ``TALENTMATCH_TEST_POSTGRES_URL`` (default: the local server, user
postgres). Where it cannot be reached the PostgreSQL half is skipped, unless
``TALENTMATCH_REQUIRE_POSTGRES=1`` (as in CI), where that is an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.config import Settings
from talentmatch.db import Base
from talentmatch.tables import import_models

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _postgres_admin_url() -> str:
    return os.environ.get("TALENTMATCH_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for the duration of the block (dropped after)."""
    admin_url = _postgres_admin_url()
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"talentmatch_test_{uuid.uuid4().hex[:10]}"
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if os.environ.get("TALENTMATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unreachable at {admin_url}: {exc.orig}")
        pytest.skip(f"PostgreSQL unreachable at {admin_url}")
    url = sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with fresh_postgres_database() as url:
        yield url


# One session-wide app serves the suite from one client address: limits far above its needs.
# Tests of the limits build their own app with tight ones.
GENEROUS_LIMITS: dict[str, object] = {
    "rate_limit_login": "100000/minute",
    "rate_limit_signup": "100000/minute",
    "rate_limit_reset": "100000/minute",
    "rate_limit_reset_email": "100000/minute",
    "rate_limit_signup_email": "100000/minute",
    "rate_limit_uploads": "100000/minute",
    "rate_limit_messages": "100000/minute",
    "login_failures_per_account": 100000,
    "login_failures_per_address": 100000,
}


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        # Cheap hashing keeps the suite fast; production uses the defaults.
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 64,
        "preload_models": False,  # tests load them once, on first use
        "match_index_worker": False,  # tests that need it start it
        "task_timer": False,  # background tasks: tests run them when they mean to
        **GENEROUS_LIMITS,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'talentmatch.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[FastAPI]:
    application = create_app(make_settings(database_url, max_upload_bytes=256 * 1024))
    with TestClient(application):  # runs the lifespan: migrations
        yield application


@pytest.fixture(autouse=False)
def clean_database(app: FastAPI) -> Iterator[None]:
    yield
    wipe_database(app)


def wipe_database(app: FastAPI) -> None:
    """Every row gone: each test starts from an empty database."""
    import_models()
    tables = list(reversed(Base.metadata.sorted_tables))
    with app.state.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # One statement, no per-row foreign-key checks (a row-by-row delete of a large
            # generated table takes minutes).
            conn.exec_driver_sql(f"TRUNCATE {', '.join(t.name for t in tables)} CASCADE")
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def client(app: FastAPI, clean_database: None) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=True) as test_client:
        yield test_client


@pytest.fixture
def anonymous(app: FastAPI, clean_database: None) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def shared_data() -> Path:
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is absent (only the project's own checkout has it)")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """A plain engine on a new, empty database of each kind, for migration tests: no app
    settings, so SQLite does not enforce foreign keys and a test can write one row alone."""
    if request.param == "sqlite":
        made = sa.create_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        try:
            yield made
        finally:
            made.dispose()
        return
    with fresh_postgres_database() as url:
        made = sa.create_engine(url)
        try:
            yield made
        finally:
            made.dispose()
