"""The database reads and writes of operations: whole tables for backup and restore, and
the aggregates the metrics scrape. Both work on a connection (a snapshot or a probe), not
on an ORM session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from talentmatch.matching.models import ModelStatus, RankingModel
from talentmatch.notifications.models import OutboxEmail


class OutboxBacklog(NamedTuple):
    pending: int
    oldest_created_at: datetime | None  # naive on SQLite; None when nothing is pending


class TableRepository:
    """Any table, read and written the same way: backup and restore know no models."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def count(self, table: sa.Table) -> int:
        return self.conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0

    def has_rows(self, table: sa.Table) -> bool:
        query = sa.select(sa.literal(1)).select_from(table).limit(1)
        return self.conn.execute(query).first() is not None

    def rows(
        self, table: sa.Table, selected: Sequence[sa.ColumnElement[Any]], *, batch: int
    ) -> sa.CursorResult[Any]:
        """``selected`` of every row in primary-key order, streamed ``batch`` rows at a time
        (a table of resume files does not fit in memory)."""
        query = sa.select(*selected).order_by(*table.primary_key.columns)
        return self.conn.execution_options(stream_results=True, yield_per=batch).execute(query)

    def empty(self, schema: Sequence[sa.Table]) -> None:
        """Delete every row of ``schema`` (listed parents first)."""
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql(f"TRUNCATE {', '.join(t.name for t in schema)}")
            return
        for table in reversed(schema):  # children first
            self.conn.execute(table.delete())

    def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(table.insert(), rows)

    def has_pgvector_column(self) -> bool:
        """Whether ``match_vectors`` has pgvector's column (added at run time by the app
        where the server has the extension; never in an archive)."""
        if self.conn.dialect.name != "postgresql":
            return False
        found = self.conn.scalar(
            sa.text(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'match_vectors' AND column_name = 'embedding' "
                "AND table_schema = current_schema()"
            )
        )
        return bool(found)

    def stored_text_vectors(self) -> Sequence[sa.Row[Any]]:
        """Every match vector row's id and text vector (bytes)."""
        return self.conn.execute(sa.text("SELECT id, text_vector FROM match_vectors")).all()


class FiguresRepository:
    """Aggregates only: the metrics scrape them often, through the probe's time limit."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def outbox_backlog(self) -> OutboxBacklog:
        pending, oldest = self.conn.execute(
            sa.select(sa.func.count(), sa.func.min(OutboxEmail.created_at)).where(
                OutboxEmail.delivered_at.is_(None)
            )
        ).one()
        return OutboxBacklog(int(pending), oldest)

    def active_ranking_version(self) -> int | None:
        return self.conn.scalar(
            sa.select(RankingModel.version).where(RankingModel.status == ModelStatus.ACTIVE)
        )
