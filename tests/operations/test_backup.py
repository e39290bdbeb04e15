"""Backups: a restore gives back every row exactly, on SQLite, on PostgreSQL and from one to
the other; a damaged archive or an occupied target is refused and nothing changes."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from talentmatch.app import create_app
from talentmatch.companies.models import Company
from talentmatch.db import create_engine, unit_of_work
from talentmatch.kit.clock import as_utc
from talentmatch.matching.models import MatchVector
from talentmatch.operations.backup import MANIFEST, BackupError, backup, restore, tables
from talentmatch.tables import import_models
from tests.builders import PASSWORD, employer, live_candidate, log_in, open_job, send_request
from tests.conftest import fresh_postgres_database, make_settings


def build_marketplace(client: TestClient, app: FastAPI) -> dict[str, Any]:
    """A small marketplace through the API, plus what only the workers write: stored vectors
    (bytes) and a JSON ``null`` beside SQL ``NULL``s."""
    candidate = live_candidate(client, app, name="Grace Hopper")
    company = employer(client, company="Northwind Analytics", domain="northwind.example")
    employer(client, company="Globex Systems")
    job = open_job(company)
    request = send_request(company, job, candidate)
    assert request.status_code == 201, request.text
    rng = np.random.default_rng(7)
    with unit_of_work(app.state.session_factory) as session:
        session.add(
            MatchVector(
                kind="job",
                item_id=uuid.UUID(job["id"]),
                fingerprint="f" * 40,
                skills=["python", "postgresql"],
                text_vector=rng.standard_normal(384).astype(np.float32).tobytes(),
                title_vector=rng.standard_normal(384).astype(np.float32).tobytes(),
                wish_vector=b"",
            )
        )
    with app.state.engine.begin() as conn:
        conn.execute(
            sa.update(Company)
            .where(Company.name == "Northwind Analytics")
            .values(pending_identity=sa.JSON.NULL)
        )
    app.state.token_use.flush()  # API tokens' last use is written off the request path
    return {"candidate": candidate.email, "employer": company.email, "job": job}


def contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in id order, times in UTC, each JSON column with whether it is SQL
    NULL (a JSON null reads back as None too)."""
    import_models()
    found = {}
    with engine.connect() as conn:
        for table in tables():
            json_columns = [c for c in table.columns if isinstance(c.type, sa.JSON)]
            query = sa.select(*table.columns, *(c.is_(None) for c in json_columns)).order_by(
                *table.primary_key.columns
            )
            found[table.name] = [
                tuple(as_utc(v) if hasattr(v, "tzinfo") and hasattr(v, "hour") else v for v in row)
                for row in conn.execute(query)
            ]
    return found


@contextmanager
def empty_database(dialect: str, tmp_path: Path) -> Iterator[Engine]:
    """A new database with nothing in it (not even the schema)."""
    import_models()
    if dialect == "sqlite":
        engine = create_engine(make_settings(f"sqlite:///{tmp_path / 'target.db'}"))
        yield engine
        engine.dispose()
        return
    with fresh_postgres_database() as url:
        engine = create_engine(make_settings(url))
        yield engine
        engine.dispose()


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {
            t.name: conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in tables()
            if t.name in names
        }


def assert_restored_marketplace_works(database_url: str, built: dict[str, Any]) -> None:
    """The people in the archive log in to an app on the restored database and find their
    interview request there."""
    app = create_app(make_settings(database_url))
    with TestClient(app) as client:
        employer_actor = log_in(client, built["employer"], PASSWORD)
        candidate_actor = log_in(client, built["candidate"], PASSWORD)
        sent = employer_actor.get("/api/interview-requests").json()
        received = candidate_actor.get("/api/interview-requests").json()
    assert [r["job_id"] for r in sent["items"]] == [built["job"]["id"]]
    assert [r["id"] for r in received["items"]] == [r["id"] for r in sent["items"]]


def dialect_of(app: FastAPI) -> str:
    return str(app.state.engine.dialect.name)


def test_a_restore_gives_back_every_row_exactly(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    built = build_marketplace(client, app)
    archive = tmp_path / "marketplace.zip"
    phases: set[str] = set()
    manifest = backup(app.state.engine, archive, lambda phase, done, total: phases.add(phase))
    before = contents(app.state.engine)
    assert phases == {"backing up"}
    assert manifest.total_rows == sum(len(rows) for rows in before.values())

    with empty_database(dialect_of(app), tmp_path) as target:
        restore(target, archive)
        after = contents(target)
        url = target.url.render_as_string(hide_password=False)
        assert after == before
        assert all(after[name] for name in ("users", "jobs", "interview_requests"))
        with target.connect() as conn:
            text_vector = conn.scalar(sa.select(MatchVector.text_vector))
            assert text_vector is not None
            assert np.frombuffer(text_vector, np.float32).shape == (384,)
            # The company's JSON null stayed a JSON null, the others' SQL NULLs stayed NULL.
            nulls = conn.execute(
                sa.select(Company.name, Company.pending_identity.is_(None)).order_by(Company.name)
            ).all()
        assert ("Northwind Analytics", False) in nulls
        assert any(is_null for _, is_null in nulls)
        assert_restored_marketplace_works(url, built)


@pytest.mark.postgres
def test_a_sqlite_deployment_moves_to_postgresql(tmp_path: Path) -> None:
    source_url = f"sqlite:///{tmp_path / 'source.db'}"
    source = create_app(make_settings(source_url))
    with TestClient(source) as client:
        built = build_marketplace(client, source)
    archive = tmp_path / "move.zip"
    backup(source.state.engine, archive)

    with fresh_postgres_database() as url:
        target = create_engine(make_settings(url))
        try:
            manifest = restore(target, archive)
            assert manifest.source_dialect == "sqlite"
            assert contents(target) == contents(source.state.engine)
        finally:
            target.dispose()
        assert_restored_marketplace_works(url, built)
    source.state.engine.dispose()


def test_an_occupied_database_is_refused_unless_forced(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    build_marketplace(client, app)
    archive = tmp_path / "before.zip"
    backup(app.state.engine, archive)
    backed_up = contents(app.state.engine)

    employer(client, company="Initech")  # written after the backup
    app.state.token_use.flush()  # so that nothing lands while the refused restore runs
    changed = contents(app.state.engine)
    with pytest.raises(BackupError, match=r"not empty.*--force"):
        restore(app.state.engine, archive)
    assert contents(app.state.engine) == changed

    restore(app.state.engine, archive, force=True)
    assert contents(app.state.engine) == backed_up


def test_an_existing_file_is_never_overwritten(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    archive = tmp_path / "kept.zip"
    archive.write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError, match="exists already"):
        backup(app.state.engine, archive)
    assert archive.read_bytes() == b"yesterday's backup"
    assert not (tmp_path / "kept.zip.partial").exists()


def test_only_the_owner_may_read_an_archive(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    archive = tmp_path / "private.zip"
    backup(app.state.engine, archive)
    assert archive.stat().st_mode & 0o777 == 0o600


def rewrite(archive: Path, target: Path, table: str, edit: Any, *, fix_manifest: bool) -> None:
    """A copy of ``archive`` with ``edit`` applied to one table's lines (and the manifest's
    checksum updated to match when ``fix_manifest``: a well-formed archive with bad rows)."""
    import hashlib

    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        manifest = json.loads(source.read(MANIFEST))
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"tables/{table}.jsonl":
                data = b"".join(edit(data.splitlines(keepends=True)))
                if fix_manifest:
                    entry = next(t for t in manifest["tables"] if t["name"] == table)
                    entry["sha256"] = hashlib.sha256(data).hexdigest()
                    entry["rows"] = data.count(b"\n")
            if info.filename == MANIFEST:
                continue
            copy.writestr(info.filename, data)
        copy.writestr(MANIFEST, json.dumps(manifest))


def test_a_damaged_archive_is_refused_and_changes_nothing(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    build_marketplace(client, app)
    archive = tmp_path / "good.zip"
    backup(app.state.engine, archive)

    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    edited = tmp_path / "edited.zip"  # a user's e-mail changed, the checksum left as it was
    rewrite(
        archive,
        edited,
        "users",
        lambda lines: [line.replace(b"@example.org", b"@example.com") for line in lines],
        fix_manifest=False,
    )
    duplicated = tmp_path / "duplicated.zip"  # consistent checksums, a row twice
    rewrite(archive, duplicated, "users", lambda lines: [*lines, lines[0]], fix_manifest=True)
    not_a_backup = tmp_path / "notes.zip"
    with zipfile.ZipFile(not_a_backup, "w") as other:
        other.writestr("notes.txt", "hello")

    with empty_database(dialect_of(app), tmp_path) as target:
        for path, message in (
            (truncated, "truncated or damaged"),
            (edited, "do not match the manifest's checksum"),
            (not_a_backup, "not a talentmatch backup"),
            (tmp_path / "missing.zip", "does not exist"),
        ):
            with pytest.raises(BackupError, match=message):
                restore(target, path)
            # Refused before the target was touched: not even the schema was created.
            assert row_counts(target) == {}, path

        # Rows the database refuses: the companies and everything written before the
        # duplicate user go too (one transaction).
        with pytest.raises(BackupError, match="refused the archive's rows; nothing was restored"):
            restore(target, duplicated)
        counts = row_counts(target)
        assert counts and not any(counts.values())
