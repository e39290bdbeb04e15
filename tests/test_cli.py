"""The command line on a fresh database: in-process against the app, and once as a user runs
it (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


HELP_CHECK = """
import sys
from talentmatch.cli import app
for args in sys.argv[1:]:
    try:
        app([*args.split(), "--help"], prog_name="talentmatch")
    except SystemExit as exc:
        assert exc.code == 0, (args, exc.code)
heavy = ("torch", "sentence_transformers", "sklearn", "lightgbm", "faiss", "numpy", "scipy",
         "pandas", "fastapi", "uvicorn", "talentmatch.app", "talentmatch.understanding")
print("loaded:", ",".join(m for m in heavy if m in sys.modules), file=sys.stderr)
"""


def test_help_loads_no_models_nor_the_web_app() -> None:
    """``talentmatch --help`` and each group's ``--help`` stay fast: the models' libraries
    and the web app are imported inside the commands that use them."""
    groups = subprocess.run(
        [
            sys.executable,
            "-c",
            "from talentmatch.cli import app\n"
            "print(' '.join(g.name for g in app.registered_groups))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"import", "match", "model", "demo"} <= set(groups)
    checked = subprocess.run(
        [sys.executable, "-c", HELP_CHECK, "", *groups, "serve", "import resumes", "match rank"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip().splitlines()[-1] == "loaded:", checked.stderr


def test_the_import_batch_default_is_the_importers() -> None:
    from talentmatch.cli.imports import DEFAULT_BATCH
    from talentmatch.imports.common import DEFAULT_BATCH as IMPORTERS

    assert DEFAULT_BATCH == IMPORTERS


def test_match_rank_prints_skills_met_in_part(tmp_path: Path) -> None:
    """The text output says what the JSON says: a required skill the candidate has only a
    near neighbour of (PostgreSQL, through MySQL) is "partly" met, not met or missing."""
    resume = tmp_path / "cv.txt"
    resume.write_text(
        "Ada Byron\nada@example.org\n\nEXPERIENCE\nBackend Engineer, Acme (2018 - present)\n"
        "- Built services in Python on MySQL\n\nSKILLS\nPython, MySQL\n",
        encoding="utf-8",
    )
    jobs = tmp_path / "jobs.jsonl"
    job = {"id": "j1", "title": "Backend Engineer", "description": "Build APIs."}
    jobs.write_text(json.dumps({**job, "skills": ["Python", "PostgreSQL"]}) + "\n")
    as_json = invoke("match", "rank", "--resume", str(resume), "--jobs", str(jobs), "--json")
    assert as_json.returncode == 0, as_json.stderr
    (partly,) = json.loads(as_json.stdout)["results"][0]["explanation"]["skills_partly_met"]
    assert (partly["skill"], partly["via"]) == ("PostgreSQL", "MySQL")
    text = invoke("match", "rank", "--resume", str(resume), "--jobs", str(jobs))
    assert text.returncode == 0, text.stderr
    printed = " ".join(text.stderr.split())
    assert "met: Python; partly: PostgreSQL via MySQL" in printed and "missing: -" in printed
