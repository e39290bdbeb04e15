"""``talentmatch backup`` and ``restore`` as an operator runs them, on SQLite files (in-process
against the app; tests/test_cli.py runs the entry point end to end)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from tests.builders import employer
from tests.cli import invoke
from tests.conftest import make_settings


def talentmatch(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TALENTMATCH_DATABASE_URL": f"sqlite:///{database}", "COLUMNS": "200"}
    return invoke(*args, env=env)


def companies(database: Path) -> list[str]:
    engine = sa.create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        names = list(conn.exec_driver_sql("SELECT name FROM companies ORDER BY name").scalars())
    engine.dispose()
    return names


def test_backup_then_restore_from_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    app = create_app(make_settings(f"sqlite:///{source}"))
    with TestClient(app) as client:
        employer(client, company="Northwind Analytics")
        employer(client, company="Globex Systems")
    app.state.engine.dispose()
    archive = tmp_path / "nightly.zip"

    made = talentmatch("backup", str(archive), database=source)
    assert made.returncode == 0, made.stderr
    assert "backed up" in made.stderr and str(archive) in made.stderr.replace("\n", "")
    again = talentmatch("backup", str(archive), database=source)
    assert again.returncode == 1 and "exists already" in again.stderr

    target = tmp_path / "target.db"
    restored = talentmatch("restore", str(archive), database=target)
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stderr and "from sqlite" in restored.stderr
    assert companies(target) == ["Globex Systems", "Northwind Analytics"]

    refused = talentmatch("restore", str(archive), database=target)
    assert refused.returncode == 1 and "not empty" in refused.stderr
    forced = talentmatch("restore", "--force", str(archive), database=target)
    assert forced.returncode == 0, forced.stderr
    assert companies(target) == ["Globex Systems", "Northwind Analytics"]

    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(archive.read_bytes()[:-200])
    broken = talentmatch("restore", str(damaged), database=tmp_path / "other.db")
    assert broken.returncode == 1 and "truncated or damaged" in broken.stderr
    assert "Traceback" not in broken.stderr
