"""`talentmatch import resumes|jobs` on a fresh database: in-process against the app, and as a
user runs them (subprocesses) for one killed half-way through (nothing half-written; the re-run
completes it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.cli import invoke
from tests.conftest import fresh_postgres_database
from tests.imports.helpers import resume_files, resume_lines, write_folder


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "TALENTMATCH_DATABASE_URL": url, "COLUMNS": "200"}


@contextmanager
def _database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'import.db'}"
    else:
        with fresh_postgres_database() as url:
            yield url


def test_the_resume_report_lists_every_file_and_a_failure_sets_the_exit_code(
    tmp_path: Path,
) -> None:
    files, emails = resume_files("cli")
    folder = write_folder(tmp_path / "cvs", files)
    env = _env(f"sqlite:///{tmp_path / 'cli.db'}")

    shown = invoke("import", "resumes", str(folder), env=env)
    assert shown.returncode == 1, shown.stderr
    assert "3 imported, 0 skipped" in shown.stderr and "2 failed" in shown.stderr
    assert "broken.pdf" in shown.stderr and "no-email.txt" in shown.stderr

    again = invoke("import", "resumes", str(folder), "--json", env=env)
    report = json.loads(again.stdout)
    assert (report["imported"], report["skipped"], report["failed"]) == (0, 3, 2)
    statuses = {item["source"]: item["status"] for item in report["items"]}
    assert statuses == {
        **dict.fromkeys(emails, "skipped"),
        "broken.pdf": "failed",
        "no-email.txt": "failed",
    }
    assert all(item["reason"] for item in report["items"] if item["status"] == "failed")


def test_the_jobs_command_names_the_bad_line(tmp_path: Path) -> None:
    env = _env(f"sqlite:///{tmp_path / 'jobs.db'}")
    created = invoke(
        "users", "create", "--email", "ops@example.org", "--role", "operator", "--name", "Ops",
        env=env, stdin="a long password\na long password\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    jobs = tmp_path / "jobs.jsonl"
    good = {"company": "Initech", "title": "Data Engineer", "description": "Spark and SQL."}
    jobs.write_text(json.dumps(good) + "\n" + '{"company": "Initech", "title": 5}\n')

    result = invoke("import", "jobs", str(jobs), "--author", "ops@example.org", env=env)
    assert result.returncode == 1
    assert "line 2" in result.stderr and "title" in result.stderr
    assert "1 imported" in result.stderr

    refused = invoke("import", "jobs", str(jobs), "--author", "nobody@example.org", env=env)
    assert refused.returncode == 2 and "not an active operator" in refused.stderr


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                label: int(conn.exec_driver_sql(query).scalar_one())
                for label, query in {
                    "candidates": "SELECT count(*) FROM users WHERE role = 'candidate'",
                    "profiles": "SELECT count(*) FROM candidate_profiles",
                    "filled": "SELECT count(*) FROM candidate_profiles WHERE headline <> ''",
                    "resumes": "SELECT count(*) FROM resume_files",
                    "vectors": "SELECT count(*) FROM match_vectors WHERE kind = 'candidate'",
                    "ledger": "SELECT count(*) FROM import_records WHERE kind = 'resume'",
                }.items()
            }
    finally:
        engine.dispose()


def _imported_so_far(url: str) -> int:
    try:
        return _counts(url)["ledger"]
    except sa.exc.DBAPIError:  # the schema is not there yet
        return 0


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_an_import_killed_half_way_leaves_whole_candidates_and_the_rerun_completes(
    backend: str, tmp_path: Path
) -> None:
    total = 40
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(total):
        text = "\n".join(resume_lines(f"person{i}@example.org", f"Person Number{i}"))
        (folder / f"cv-{i:02d}.txt").write_text(text)
    with _database(backend, tmp_path) as url:
        # End to end: the installed entry point in new processes (the other tests run in-process).
        command = [sys.executable, "-m", "talentmatch", "import", "resumes", str(folder)]
        process = subprocess.Popen(
            [*command, "--batch-size", "2"],
            env=_env(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 240
            while _imported_so_far(url) < 3 and time.monotonic() < deadline:
                assert process.poll() is None, "the import ended before it could be killed"
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=30)

        at_kill = _counts(url)
        assert 3 <= at_kill["ledger"] < total
        # Every candidate written is whole: account, filled profile, resume, vectors, ledger.
        assert len(set(at_kill.values())) == 1, at_kill

        rerun = subprocess.run(
            [*command, "--json"], env=_env(url), capture_output=True, text=True, timeout=300
        )
        assert rerun.returncode == 0, rerun.stderr
        report = json.loads(rerun.stdout)
        assert report["skipped"] == at_kill["ledger"]
        assert report["imported"] == total - at_kill["ledger"]
        assert _counts(url) == dict.fromkeys(at_kill, total)
