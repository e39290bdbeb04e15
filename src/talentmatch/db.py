"""Engine, sessions, the declarative base and schema migrations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from talentmatch.config import Settings
from talentmatch.kit.clock import utcnow
from talentmatch.kit.types import UtcDateTime

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Execution option marking a transaction that will write (SQLite begins it IMMEDIATE).
WRITE_OPTION = "talentmatch_writes"

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime()}


class RecordMixin:
    """A UUID primary key and creation/update times, shared by every table."""

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


_Row = TypeVar("_Row", bound="Base")


def unsaved(model: type[_Row], **values: Any) -> _Row:
    """A row that is never stored, with the column defaults it would get on insert (for the
    commands that run the product's rules on files instead of the database)."""
    row = model(**values)
    for column in sa.inspect(model).columns:
        default = column.default
        if column.key in values or default is None or getattr(row, column.key) is not None:
            continue
        if getattr(default, "is_scalar", False):
            setattr(row, column.key, default.arg)  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            setattr(row, column.key, default.arg(None))  # type: ignore[attr-defined]
    return row


def create_engine(settings: Settings) -> Engine:
    """An engine for ``settings.database_url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if settings.is_sqlite:
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        busy_ms = settings.sqlite_busy_timeout_ms
        engine = sa.create_engine(
            settings.database_url,
            connect_args={"check_same_thread": False, "timeout": busy_ms / 1000},
        )
        event.listen(engine, "connect", partial(_configure_sqlite_connection, busy_ms=busy_ms))
        # pysqlite's own transaction handling defers BEGIN; take control so that every
        # unit of work is one real transaction (SQLAlchemy's documented recipe).
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return sa.create_engine(settings.database_url, pool_pre_ping=True)


def is_busy(exc: sa.exc.OperationalError) -> bool:
    """Whether the database refused for a lock it could not get in time (retry later)."""
    message = str(exc.orig).lower()
    return (
        "database is locked" in message
        or "database is busy" in message
        or (
            getattr(exc.orig, "sqlstate", None) in ("55P03", "40001", "40P01")  # PostgreSQL
        )
    )


def _begin_sqlite(connection: sa.Connection) -> None:
    # A deferred transaction that read before another connection committed cannot start
    # writing (SQLITE_BUSY_SNAPSHOT, no busy wait): units of work that write take the write
    # lock up front instead, and wait their turn behind the match indexer and other writers.
    writes = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any, *, busy_ms: int) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    cursor.close()


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def unit_of_work(factory: sessionmaker[Session], *, writes: bool = True) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises.

    ``writes=False`` marks a unit that only reads, so that on SQLite it does not queue for
    the write lock (a read-only unit that writes after all may fail under a concurrent write).
    """
    session = factory()
    try:
        if writes:
            session.connection(execution_options={WRITE_OPTION: True})
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration."""
    command.upgrade(alembic_config(engine), revision)


# Rows SQLite samples per index when it gathers statistics (fast on any size).
ANALYSIS_LIMIT = 1000


def refresh_statistics(engine: Engine) -> None:
    """Let SQLite's planner know the tables' sizes (PostgreSQL's autovacuum does this itself).
    Without statistics, a page of the live pool at 100,000 profiles sorted them all (270 ms)
    instead of walking the index that is already in order (1 ms)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
