"""The database's change feed for the match index: which profiles and jobs changed, told by the
database itself rather than found by rescanning tables.

Triggers (migration 0018) fire on every insert, update and delete of ``candidate_profiles``,
``resume_files`` and ``jobs``:

- On PostgreSQL they ``NOTIFY talentmatch_match_changes`` with ``kind:id``. A notification is
  delivered when the writer commits, in commit order, to every listening process, so no
  transaction that commits late is missed (a scan by ``updated_at`` misses a row written
  with an early timestamp by a transaction that commits after the scan).
- On SQLite they append ``(seq, kind, item_id)`` to ``match_changes``. SQLite has one writer at
  a time, so ``seq`` grows in commit order and a cursor over it misses nothing.

A feed that cannot vouch for having seen everything (the listening connection was lost, or
rows past its cursor were pruned) answers ``None``: the index then rescans whole tables once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from talentmatch.kit.clock import utcnow
from talentmatch.matching.repository import MatchChangeRepository

log = logging.getLogger(__name__)

CHANNEL = "talentmatch_match_changes"
# How the listening connection shows on the server (pg_stat_activity).
APPLICATION_NAME = "talentmatch-match-feed"
KINDS = ("candidate", "job")
# SQLite keeps change rows this long; an index whose cursor falls further behind rescans.
KEEP_ROWS_FOR = timedelta(minutes=15)
PRUNE_EVERY = timedelta(minutes=5)
READ_BATCH = 20_000


@dataclass
class Changes:
    """Ids of the profiles and jobs that changed (inserted, edited or deleted)."""

    candidates: set[uuid.UUID] = field(default_factory=set)
    jobs: set[uuid.UUID] = field(default_factory=set)

    def add(self, kind: str, item_id: uuid.UUID) -> None:
        (self.candidates if kind == "candidate" else self.jobs).add(item_id)


class ChangeFeed(Protocol):
    def start(self) -> None:
        """Begin following changes; call before a full scan so none made during it is lost."""

    def take(self) -> Changes | None:
        """What changed since the last call (or since :meth:`start`); ``None`` when the feed
        cannot tell, and the caller must rescan everything (the feed is started again)."""

    def close(self) -> None: ...


def change_feed(engine: Engine) -> ChangeFeed:
    if engine.dialect.name == "postgresql":
        return NotifyFeed(engine)
    return ChangeTableFeed(engine)


def _parse(payload: str) -> tuple[str, uuid.UUID] | None:
    kind, _, item = payload.partition(":")
    if kind not in KINDS:
        return None
    try:
        return kind, uuid.UUID(item)
    except ValueError:
        return None


class NotifyFeed:
    """PostgreSQL: a connection of its own that LISTENs on :data:`CHANNEL`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Any = None
        self._received: list[str] = []
        self._lock = threading.Lock()

    def _on_notify(self, notify: Any) -> None:
        with self._lock:
            self._received.append(notify.payload)

    def start(self) -> None:
        self.close()
        import psycopg  # the PostgreSQL driver, present whenever the engine is PostgreSQL

        url = self.engine.url.set(drivername="postgresql")
        connection = psycopg.connect(
            url.render_as_string(hide_password=False),
            autocommit=True,
            application_name=APPLICATION_NAME,
        )
        connection.add_notify_handler(self._on_notify)
        connection.execute(f"LISTEN {CHANNEL}")
        self._connection = connection
        with self._lock:
            self._received.clear()

    def take(self) -> Changes | None:
        if self._connection is None:
            return None
        try:
            # A round trip: the server sends every notification committed before it.
            self._connection.execute("SELECT 1")
        except Exception as exc:  # the connection is gone: what was sent meanwhile is lost
            log.warning("match change feed lost its connection (%s); rescanning", exc)
            self.close()
            return None
        with self._lock:
            payloads, self._received = self._received, []
        changes = Changes()
        for payload in payloads:
            parsed = _parse(payload)
            if parsed is not None:
                changes.add(*parsed)
        return changes

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection may fail too
                self._connection.close()
            self._connection = None


class ChangeTableFeed:
    """SQLite: a cursor over ``match_changes``; old rows are pruned now and then."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.cursor: int | None = None
        self._pruned_at = utcnow()

    def start(self) -> None:
        with self.engine.connect() as conn:
            self.cursor = MatchChangeRepository(conn).last_issued()

    def take(self) -> Changes | None:
        if self.cursor is None:
            return None
        changes = Changes()
        with self.engine.connect() as conn:
            rows = MatchChangeRepository(conn)
            if self._lost_rows(rows, self.cursor):
                log.warning("match change rows past the index's cursor were pruned; rescanning")
                self.cursor = None
                return None
            while True:
                batch = rows.after(self.cursor, READ_BATCH)
                for seq, kind, item_id in batch:
                    changes.add(kind, item_id)
                    self.cursor = seq
                if len(batch) < READ_BATCH:
                    break
        self._prune()
        return changes

    @staticmethod
    def _lost_rows(rows: MatchChangeRepository, cursor: int) -> bool:
        """Whether rows after ``cursor`` were written and then pruned unread."""
        oldest = rows.oldest_seq()
        if oldest is not None:
            return bool(oldest > cursor + 1)
        # An empty table: was anything written past the cursor since?
        return rows.last_issued() > cursor

    def _prune(self) -> None:
        now = utcnow()
        if now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        cutoff = (now - KEEP_ROWS_FOR).replace(tzinfo=None)
        try:
            with self.engine.begin() as conn:
                MatchChangeRepository(conn).prune_before(cutoff)
        except sa.exc.OperationalError as exc:  # busy: next time
            log.info("could not prune match changes now: %s", exc)

    def close(self) -> None:
        self.cursor = None
