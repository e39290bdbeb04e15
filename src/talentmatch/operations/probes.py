"""Cheap questions to the database for health checks and metrics, each under a wall-clock
limit: a database that is down or hangs makes the answer say so, never makes it wait."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from talentmatch.db import MIGRATIONS_DIR
from talentmatch.operations.repository import FiguresRepository

log = logging.getLogger(__name__)
T = TypeVar("T")
# Probes in flight at once; a database that hangs holds at most this many threads.
MAX_IN_FLIGHT = 2


class ProbeTimeout(Exception):
    """The database did not answer in time (or earlier probes are still waiting on it)."""


class DatabaseProbe:
    """Runs short database reads in daemon threads, answered within ``timeout`` seconds.

    Daemon threads rather than a thread pool: a connection attempt to a blackholed server can
    hang for minutes, and neither the process's exit nor the request pool should wait for it.
    """

    def __init__(self, engine: Engine, timeout: float) -> None:
        self.engine = engine
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)

    async def run(self, read: Callable[[sa.Connection], T]) -> T:
        """``read(connection)`` in one read-only transaction; :class:`ProbeTimeout` when it
        takes longer than the limit, the database's own error when it fails."""
        if not self._slots.acquire(blocking=False):
            raise ProbeTimeout("earlier probes are still waiting for the database")
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[T] = loop.create_future()

        def settle(value: T | None, error: BaseException | None) -> None:
            if answer.done():  # the caller stopped waiting
                return
            if error is not None:
                answer.set_exception(error)
            else:
                answer.set_result(value)  # type: ignore[arg-type]

        def work() -> None:
            value: T | None = None
            error: BaseException | None = None
            try:
                value = self._read(read)
            except Exception as exc:
                error = exc
            finally:
                self._slots.release()
            with contextlib.suppress(RuntimeError):  # the event loop is gone (shutdown)
                loop.call_soon_threadsafe(settle, value, error)

        threading.Thread(target=work, name="talentmatch-db-probe", daemon=True).start()
        try:
            return await asyncio.wait_for(answer, self.timeout)
        except TimeoutError as exc:
            raise ProbeTimeout(f"no answer within {self.timeout:g} s") from exc

    def _read(self, read: Callable[[sa.Connection], T]) -> T:
        with self.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                # A statement stuck behind a lock ends on the server too.
                milliseconds = max(1, int(self.timeout * 1000))
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")
            try:
                return read(conn)
            finally:
                conn.rollback()

    @property
    def head_revision(self) -> str:
        return head_revision()


@functools.cache
def head_revision() -> str:
    """The newest migration this code ships (read from its files once)."""
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None, "the package ships its migrations"
    return head


def current_revision(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class DatabaseFigures:
    """What the metrics read from the database on each scrape (aggregates only)."""

    outbox_pending: int
    outbox_oldest_pending_age_seconds: float | None
    ranking_model_version: int | None  # the active LambdaRank version; None: default scorer


def database_figures(conn: sa.Connection) -> DatabaseFigures:
    from talentmatch.kit.clock import as_utc, utcnow

    repo = FiguresRepository(conn)
    pending, oldest = repo.outbox_backlog()
    version = repo.active_ranking_version()
    age = None if oldest is None else (utcnow() - as_utc(oldest)).total_seconds()
    return DatabaseFigures(pending, age, version)
