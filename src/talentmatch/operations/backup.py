"""``talentmatch backup`` and ``restore``: the whole database as one portable archive.

The archive is a zip file:

- ``tables/<table>.jsonl``: one JSON object per row, rows in primary-key order. Values are
  written by column type so that they come back exactly, on SQLite or PostgreSQL: bytes
  (stored vectors, resume files) as base64, times as ISO 8601 in UTC, UUIDs as text, enums by
  value, JSON columns as their JSON text (so that SQL ``NULL`` and a JSON ``null`` stay apart).
- ``manifest.json``: the format, the app version, the Alembic revision, when it was made, and
  per table its columns, row count and the SHA-256 of its file.

A backup reads one consistent snapshot: one read transaction (``REPEATABLE READ``, read only,
on PostgreSQL; a WAL read transaction on SQLite), so it runs beside a live app. A restore first
checks the whole archive (manifest, checksums, row counts, revision), then writes every table
in foreign-key order in ONE transaction and counts the rows again before committing: a
restore that fails for any reason writes no rows (a new database keeps the schema it was
migrated to). The archive does not depend on the database it came from, which is how a
deployment moves from SQLite to PostgreSQL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from talentmatch import __version__
from talentmatch.db import WRITE_OPTION, Base, upgrade_database
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.operations.probes import current_revision, head_revision
from talentmatch.operations.repository import TableRepository
from talentmatch.tables import import_models

FORMAT = "talentmatch-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ROWS_PER_BATCH = 1000
BINARY_ROWS_PER_BATCH = 50  # a resume file may hold 10 MB
BYTES_PER_BATCH = 32 * 1024 * 1024

# (phase, done, total): phase is "backing up", "checking" or "restoring".
Progress = Callable[[str, int, int], None]


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why (nothing was changed)."""


@dataclass(frozen=True)
class TableEntry:
    name: str
    file: str
    columns: list[str]
    rows: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format: str
    format_version: int
    app_version: str
    alembic_revision: str
    created_at: str
    source_dialect: str
    tables: list[TableEntry]

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def tables() -> list[sa.Table]:
    """Every table of the schema, parents before children."""
    import_models()
    return list(Base.metadata.sorted_tables)


# ------------------------------------------------------------------------ values by column type


def _kind(column: sa.Column[Any]) -> Any:
    """The column's type, or what a decorated type stores as (UtcDateTime: a DateTime)."""
    kind = column.type
    return kind.impl if isinstance(kind, sa.types.TypeDecorator) else kind


def _encoder(column: sa.Column[Any]) -> Callable[[Any], Any]:
    kind = _kind(column)
    if isinstance(kind, sa.JSON):
        return lambda value: value  # already JSON text (selected with a cast), or None
    if isinstance(kind, sa.LargeBinary):
        return lambda value: None if value is None else base64.b64encode(value).decode("ascii")
    if isinstance(kind, sa.DateTime):
        return lambda value: None if value is None else as_utc(value).astimezone(UTC).isoformat()
    if isinstance(kind, sa.Uuid):
        return lambda value: None if value is None else str(value)
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        return lambda value: None if value is None else value.value
    return lambda value: value


def _decoder(column: sa.Column[Any]) -> Callable[[Any], Any]:
    kind = _kind(column)
    if isinstance(kind, sa.JSON):

        def json_value(text: str | None) -> Any:
            if text is None:
                return sa.null()  # SQL NULL
            value = json.loads(text)
            return sa.JSON.NULL if value is None else value  # JSON null

        return json_value
    if isinstance(kind, sa.LargeBinary):
        return lambda value: None if value is None else base64.b64decode(value, validate=True)
    if isinstance(kind, sa.DateTime):
        return lambda value: None if value is None else datetime.fromisoformat(value)
    if isinstance(kind, sa.Uuid):
        return lambda value: None if value is None else uuid.UUID(value)
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        enum_class = kind.enum_class
        return lambda value: None if value is None else enum_class(value)
    return lambda value: value


def _selected(column: sa.Column[Any]) -> sa.ColumnElement[Any]:
    if isinstance(column.type, sa.JSON):
        # The stored JSON text: SQL NULL stays None, a JSON null becomes "null".
        return sa.cast(column, sa.Text).label(column.name)
    return column


def _has_binary(table: sa.Table) -> bool:
    return any(isinstance(column.type, sa.LargeBinary) for column in table.columns)


# ------------------------------------------------------------------------------------ backup


def backup(engine: Engine, path: Path, progress: Progress | None = None) -> Manifest:
    """Write the database behind ``engine`` to a new archive at ``path``."""
    if path.exists():
        raise BackupError(f"{path} exists already: choose a new file name")
    partial = path.with_name(path.name + ".partial")
    schema = tables()
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory")
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with conn.begin():
                manifest = _write_archive(conn, schema, partial, progress)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _write_archive(
    conn: sa.Connection, schema: list[sa.Table], partial: Path, progress: Progress | None
) -> Manifest:
    revision = current_revision(conn)
    head = head_revision()
    if revision != head:
        raise BackupError(
            f"the database is at migration {revision or 'none'}, this version of talentmatch "
            f"at {head}: run `talentmatch db upgrade` first"
        )
    # Inside the snapshot: the totals match what is written.
    counts = {t.name: TableRepository(conn).count(t) for t in schema}
    total, done = sum(counts.values()), 0
    entries = []
    # Readable by the owner only: the archive holds password hashes, resumes and contacts.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as raw:
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for table in schema:
                name = f"tables/{table.name}.jsonl"
                digest, rows = hashlib.sha256(), 0
                with archive.open(name, "w", force_zip64=True) as member:
                    for line in _table_lines(conn, table):
                        member.write(line)
                        digest.update(line)
                        rows += 1
                        done += 1
                        if progress and done % ROWS_PER_BATCH == 0:
                            progress("backing up", done, total)
                if rows != counts[table.name]:  # cannot happen inside one snapshot
                    raise BackupError(f"{table.name}: counted {counts[table.name]}, read {rows}")
                columns = list(table.columns.keys())
                entries.append(TableEntry(table.name, name, columns, rows, digest.hexdigest()))
            manifest = Manifest(
                format=FORMAT,
                format_version=FORMAT_VERSION,
                app_version=__version__,
                alembic_revision=head,
                created_at=utcnow().isoformat(),
                source_dialect=conn.dialect.name,
                tables=entries,
            )
            archive.writestr(MANIFEST, manifest.to_json())
        raw.flush()
        os.fsync(raw.fileno())
    if progress:
        progress("backing up", total, total)
    return manifest


def _table_lines(conn: sa.Connection, table: sa.Table) -> Iterator[bytes]:
    columns = list(table.columns)
    encoders = [_encoder(column) for column in columns]
    batch = BINARY_ROWS_PER_BATCH if _has_binary(table) else ROWS_PER_BATCH
    for row in TableRepository(conn).rows(table, [_selected(c) for c in columns], batch=batch):
        values = {
            column.name: encode(value)
            for column, encode, value in zip(columns, encoders, row, strict=True)
        }
        yield json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


# ----------------------------------------------------------------------------------- restore


def read_manifest(path: Path) -> Manifest:
    """The archive's manifest, checked against this version's schema (nothing is verified
    row by row yet: see :func:`verify`)."""
    with _open_archive(path) as archive:
        return _manifest(archive, path)


def verify(path: Path, progress: Progress | None = None) -> Manifest:
    """Read the whole archive: every table file must have the rows and SHA-256 the manifest
    records, and every line must be a row of the table's columns."""
    with _open_archive(path) as archive:
        manifest = _manifest(archive, path)
        done = 0
        for entry in manifest.tables:
            digest, rows = hashlib.sha256(), 0
            decoders = _decoders(entry.name)
            for line in _member_lines(archive, entry, path):
                digest.update(line)
                _decode(_parse_line(line, entry), decoders, entry)
                rows += 1
                done += 1
                if progress and done % ROWS_PER_BATCH == 0:
                    progress("checking", done, manifest.total_rows)
            if rows != entry.rows or digest.hexdigest() != entry.sha256:
                raise BackupError(
                    f"{path}: the rows of {entry.name} do not match the manifest's checksum "
                    f"(the archive is damaged)"
                )
        if progress:
            progress("checking", manifest.total_rows, manifest.total_rows)
        return manifest


def restore(
    engine: Engine, path: Path, *, force: bool = False, progress: Progress | None = None
) -> Manifest:
    """Load the archive at ``path`` into the database behind ``engine``.

    The target must be empty and at the archive's migration (a new database is migrated
    first). ``force`` replaces whatever the target holds instead (upgrading its schema first
    if it is older). Everything is written in one transaction, so on any error the target
    keeps what it had."""
    manifest = verify(path, progress)
    _prepare_schema(engine, manifest, force=force)
    schema = {table.name: table for table in tables()}
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                _check_revision(conn, manifest)
                repo = TableRepository(conn)
                occupied = [t.name for t in schema.values() if repo.has_rows(t)]
                if occupied and not force:
                    raise BackupError(
                        f"the target database is not empty ({len(occupied)} tables hold rows, "
                        f"e.g. {occupied[0]}): restore into an empty database, or pass --force "
                        f"to replace everything in it"
                    )
                if occupied:
                    repo.empty(list(schema.values()))
                with _open_archive(path) as archive:
                    _insert_all(conn, archive, path, manifest, schema, progress)
                for entry in manifest.tables:
                    count = repo.count(schema[entry.name])
                    if count != entry.rows:
                        raise BackupError(
                            f"{entry.name}: wrote {count} rows, the archive holds {entry.rows}"
                        )
                _refresh_pgvector(conn)
    except sa.exc.DBAPIError as exc:
        raise BackupError(
            f"the database refused the archive's rows; nothing was restored: {exc.orig}"
        ) from exc
    return manifest


def _prepare_schema(engine: Engine, manifest: Manifest, *, force: bool) -> None:
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == manifest.alembic_revision:
        return
    if revision is not None and not force:
        raise BackupError(
            f"the target database is at migration {revision}, the archive at "
            f"{manifest.alembic_revision}: pass --force to upgrade and replace it"
        )
    try:
        upgrade_database(engine)  # a new database, or an older one being replaced
    except Exception as exc:
        raise BackupError(
            f"could not bring the target database to the archive's schema: {exc}"
        ) from exc


def _check_revision(conn: sa.Connection, manifest: Manifest) -> None:
    revision = current_revision(conn)
    if revision != manifest.alembic_revision:
        raise BackupError(
            f"the target database is at migration {revision or 'none'}, "
            f"the archive at {manifest.alembic_revision}"
        )


def _insert_all(
    conn: sa.Connection,
    archive: zipfile.ZipFile,
    path: Path,
    manifest: Manifest,
    schema: dict[str, sa.Table],
    progress: Progress | None,
) -> None:
    total, done = manifest.total_rows, 0
    repo = TableRepository(conn)
    # Parents before children, whatever order the manifest lists them in.
    entries = {entry.name: entry for entry in manifest.tables}
    for name, table in schema.items():
        entry = entries[name]
        decoders = _decoders(name)
        batch: list[dict[str, Any]] = []
        size = 0
        limit = BINARY_ROWS_PER_BATCH if _has_binary(table) else ROWS_PER_BATCH
        for line in _member_lines(archive, entry, path):
            batch.append(_decode(_parse_line(line, entry), decoders, entry))
            size += len(line)
            if len(batch) >= limit or size >= BYTES_PER_BATCH:
                repo.insert(table, batch)
                done += len(batch)
                batch, size = [], 0
                if progress:
                    progress("restoring", done, total)
        if batch:
            repo.insert(table, batch)
            done += len(batch)
            if progress:
                progress("restoring", done, total)


def _refresh_pgvector(conn: sa.Connection) -> None:
    """Where the target has pgvector's column (added at run time, not in the archive), fill
    it from the stored vectors as the app would."""
    repo = TableRepository(conn)
    if repo.has_pgvector_column():
        import numpy as np

        from talentmatch.matching.pgvector import write_embeddings

        rows = repo.stored_text_vectors()
        vectors = [(row.id, np.frombuffer(row.text_vector, np.float32)) for row in rows]
        write_embeddings(conn, vectors)


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"{path} does not exist") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(
            f"{path} is not a talentmatch backup, or it is truncated or damaged ({exc})"
        ) from exc


def _manifest(archive: zipfile.ZipFile, path: Path) -> Manifest:
    try:
        data = json.loads(archive.read(MANIFEST))
        entries = [TableEntry(**entry) for entry in data.pop("tables")]
        manifest = Manifest(**data, tables=entries)
    except KeyError as exc:
        raise BackupError(f"{path} has no readable manifest: not a talentmatch backup") from exc
    except (ValueError, TypeError, zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path}: the manifest is damaged ({exc})") from exc
    if manifest.format != FORMAT or manifest.format_version != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a {manifest.format} archive of format {manifest.format_version}; "
            f"this version reads {FORMAT} format {FORMAT_VERSION}"
        )
    head = head_revision()
    if manifest.alembic_revision != head:
        raise BackupError(
            f"{path} was made at migration {manifest.alembic_revision} (talentmatch "
            f"{manifest.app_version}); this version is at {head}: restore it with the version "
            f"that made it, then upgrade"
        )
    schema = {table.name: list(table.columns.keys()) for table in tables()}
    found = {entry.name: entry.columns for entry in manifest.tables}
    if found != schema:
        raise BackupError(f"{path}: its tables and columns differ from this version's schema")
    return manifest


def _member_lines(archive: zipfile.ZipFile, entry: TableEntry, path: Path) -> Iterator[bytes]:
    try:
        with archive.open(entry.file) as member:
            yield from member
    except KeyError as exc:
        raise BackupError(f"{path} lacks {entry.file}: the archive is incomplete") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupError(f"{path}: {entry.file} is damaged ({exc})") from exc


def _decoders(table_name: str) -> dict[str, Callable[[Any], Any]]:
    table = Base.metadata.tables[table_name]
    return {column.name: _decoder(column) for column in table.columns}


def _decode(
    row: dict[str, Any], decoders: dict[str, Callable[[Any], Any]], entry: TableEntry
) -> dict[str, Any]:
    try:
        return {key: decoders[key](value) for key, value in row.items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise BackupError(f"{entry.file}: a value cannot be read back ({exc})") from exc


def _parse_line(line: bytes, entry: TableEntry) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as exc:
        raise BackupError(f"{entry.file}: a line is not JSON ({exc})") from exc
    if not isinstance(row, dict) or list(row) != entry.columns:
        raise BackupError(f"{entry.file}: a line does not hold the table's columns")
    return row
