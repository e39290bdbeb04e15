"""The command line on a fresh database: in-process against the app, and once as a user runs
it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import sqlalchemy as sa

from talentmatch.demo.loader import CANDIDATE_EMAIL, EMPLOYER_EMAIL, OPERATOR_EMAIL
from tests.cli import invoke, run


def run_cli(
    *args: str, database: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return invoke(*args, env=_env(database), stdin=stdin)


def _env(database: Path) -> dict[str, str]:
    return {**os.environ, "TALENTMATCH_DATABASE_URL": f"sqlite:///{database}", "COLUMNS": "200"}


def test_demo_load_writes_a_whole_marketplace_once(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    first = run_cli("demo", "load", database=database)
    assert first.returncode == 0, first.stderr
    for email in (OPERATOR_EMAIL, EMPLOYER_EMAIL, CANDIDATE_EMAIL):
        assert email in first.stdout
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        counts = {
            table: conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in ("candidate_profiles", "companies", "jobs", "interview_requests")
        }
        states = {
            row[0] for row in conn.exec_driver_sql("SELECT DISTINCT status FROM interview_requests")
        }
        families = conn.exec_driver_sql("SELECT title FROM jobs").scalars().all()
    assert counts["candidate_profiles"] >= 200
    assert counts["companies"] >= 50
    assert counts["jobs"] >= 300
    assert states == {"sent", "accepted", "declined", "expired", "withdrawn"}
    for role in (
        "Engineer",
        "Data Scientist",
        "Machine Learning",
        "MLOps",
        "DevOps",
        "Data Engineer",
    ):
        assert any(role in title for title in families), role

    # The demo load stored match vectors for every live profile and open job; a second build
    # finds nothing to embed.
    with engine.connect() as conn:
        vectors = conn.exec_driver_sql("SELECT count(*) FROM match_vectors").scalar_one()
        searchable = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM jobs WHERE status = 'open') + "
            "(SELECT count(*) FROM candidate_profiles WHERE status = 'live')"
        ).scalar_one()
    assert vectors == searchable > 0
    built = run_cli("index", "build", "--json", database=database)
    assert built.returncode == 0, built.stderr
    figures = json.loads(built.stdout)
    assert figures["embedded"] == 0 and figures["vector_search"] == "in-process"
    assert figures["jobs"] + figures["candidates"] == searchable

    second = run_cli("demo", "load", database=database)
    assert second.returncode == 0
    assert "already loaded" in second.stderr
    with engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT count(*) FROM companies").scalar_one()
            == counts["companies"]
        )
    engine.dispose()


def test_users_create_makes_an_operator(tmp_path: Path) -> None:
    database = tmp_path / "users.db"
    result = run_cli(
        "users",
        "create",
        "--email",
        "ops@example.org",
        "--role",
        "operator",
        "--name",
        "Ops",
        database=database,
        stdin="a long password\na long password\n",
    )
    assert result.returncode == 0, result.stderr
    assert "created operator ops@example.org" in result.stderr
    again = run_cli(
        "users",
        "create",
        "--email",
        "OPS@example.org",
        "--role",
        "operator",
        "--name",
        "Ops",
        database=database,
        stdin="a long password\na long password\n",
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_users_create_refuses_a_short_password(tmp_path: Path) -> None:
    result = run_cli(
        "users",
        "create",
        "--email",
        "x@example.org",
        "--role",
        "candidate",
        "--name",
        "X",
        database=tmp_path / "short.db",
        stdin="short\nshort\n",
    )
    assert result.returncode != 0
    assert "10 to 200 characters" in result.stderr


def test_db_upgrade_creates_the_schema(tmp_path: Path) -> None:
    database = tmp_path / "fresh.db"
    # End to end: the installed entry point in a new process (the other tests run in-process).
    result = run("db", "upgrade", env=_env(database))
    assert result.returncode == 0, result.stderr
    engine = sa.create_engine(f"sqlite:///{database}")
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {
        "users",
        "candidate_profiles",
        "jobs",
        "interview_requests",
        "alembic_version",
    } <= tables
