"""Vector search inside PostgreSQL when the server has the pgvector extension.

``match_vectors`` then gets an ``embedding vector(384)`` column (the text vector) with an HNSW
index per side, and the indexer searches it with SQL instead of holding the vectors in process. The
column is added at run time, not by a migration, because the extension may be installed on the
server after the schema was created (and is absent from SQLite and from Debian's PostgreSQL).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from talentmatch.ml.embeddings import DIMENSIONS
from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.retrieval import SKILL_OVERFETCH, ConstraintColumns, SkillIndex
from talentmatch.operations.repository import TableRepository

log = logging.getLogger(__name__)
# HNSW candidates kept per query; higher is slower and closer to exact (pgvector's maximum is
# 1000, which also bounds how many rows one query returns).
EF_SEARCH = 200
MAX_EF_SEARCH = 1000
KINDS = ("candidate", "job")
FILL_BATCH = 2000
BUILD_MEMORY = "256MB"  # for the first build of the HNSW graphs


def enable_pgvector(engine: Engine) -> bool:
    """Create the extension, column and index where the server offers pgvector; whether
    vector search in SQL is available."""
    if engine.dialect.name != "postgresql":
        return False
    try:
        return _enable(engine)
    except sa.exc.DBAPIError as exc:  # e.g. not allowed to create the extension
        log.warning("pgvector is available but could not be enabled: %s", exc.orig)
        return False


def _enable(engine: Engine) -> bool:
    with engine.begin() as conn:
        available = conn.scalar(
            sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")
        )
        if not available:
            return False
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS vector"))
        conn.execute(
            sa.text(
                f"ALTER TABLE match_vectors ADD COLUMN IF NOT EXISTS embedding vector({DIMENSIONS})"
            )
        )
        # Rows stored before the column existed, filled before the graphs are built: building
        # an HNSW index over the rows once is much faster than inserting them one by one.
        missing = sa.text(
            "SELECT id, text_vector FROM match_vectors WHERE embedding IS NULL LIMIT :n"
        ).bindparams(n=FILL_BATCH)
        while rows := conn.execute(missing).all():
            write_embeddings(
                conn, [(row.id, np.frombuffer(row.text_vector, np.float32)) for row in rows]
            )
        conn.execute(sa.text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
        # One partial index per side, so that "WHERE kind = ..." searches the graph.
        for kind in KINDS:
            conn.execute(sa.text(hnsw_index_sql(kind)))
    return True


def has_vector_column(engine: Engine) -> bool:
    """Whether ``match_vectors`` has the pgvector column (added by an earlier run that searched
    with pgvector)."""
    with engine.connect() as conn:
        return TableRepository(conn).has_pgvector_column()


def hnsw_index_sql(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return (
        f"CREATE INDEX IF NOT EXISTS ix_match_vectors_embedding_{kind} ON match_vectors "
        f"USING hnsw (embedding vector_ip_ops) WHERE kind = '{kind}'"
    )


def literal(vector: np.ndarray) -> str:
    """pgvector's text form of a vector."""
    return "[" + ",".join(f"{x:.7g}" for x in np.asarray(vector, dtype=np.float32)) + "]"


def write_embeddings(conn: sa.Connection, rows: Sequence[tuple[object, np.ndarray]]) -> None:
    """Set the vector column of ``match_vectors`` rows (by primary key)."""
    if rows:
        conn.execute(
            sa.text("UPDATE match_vectors SET embedding = CAST(:vector AS vector) WHERE id = :id"),
            [{"id": row_id, "vector": literal(vector)} for row_id, vector in rows],
        )


class PgVectorIndex:
    """One side (``kind``) of the marketplace: nearest texts by pgvector's HNSW index, skills
    by an in-process :class:`SkillIndex`; the same interface as ``ProfileIndex``."""

    def __init__(self, engine: Engine, kind: str) -> None:
        self.engine = engine
        self.kind = kind
        self.skills = SkillIndex()
        self.constraints = ConstraintColumns()
        self._rows: dict[str, int] = {}  # id -> row of the constraint columns
        self._free: list[int] = []
        # Guards the in-process part (skills, ids) against a search during an update; the SQL
        # search runs outside it, so requests search PostgreSQL concurrently.
        self._lock = threading.Lock()
        self._iterative_scan: bool | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, item: object) -> bool:
        return item in self._rows

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._rows)

    def add(self, profiles: Sequence[MatchProfile]) -> None:
        # The vectors themselves are written with the row (see MatchIndex._store).
        with self._lock:
            for profile in profiles:
                self.skills.add(profile.id, (*profile.skills, *profile.nice_skills))
                row = self._rows.get(profile.id)
                if row is None:
                    row = self._free.pop() if self._free else len(self._rows) + len(self._free)
                    self._rows[profile.id] = row
                self.constraints.put(row, profile)

    def remove(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        with self._lock:
            self.skills.remove(ids)
            for item in ids:
                row = self._rows.pop(item, None)
                if row is not None:
                    self.constraints.clear(row)
                    self._free.append(row)

    def nearest(self, vector: np.ndarray, k: int) -> list[str]:
        with self.engine.begin() as conn:
            ef_search = min(MAX_EF_SEARCH, max(EF_SEARCH, k))
            conn.execute(sa.text(f"SET LOCAL hnsw.ef_search = {ef_search}"))
            if k > ef_search and self._has_iterative_scan(conn):
                # Scan on past ef_search until LIMIT rows are found (without it, a query
                # returns at most ef_search rows).
                conn.execute(sa.text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
            rows = conn.execute(
                sa.text(
                    "SELECT item_id FROM match_vectors WHERE kind = :kind "
                    "ORDER BY embedding <#> CAST(:query AS vector) LIMIT :k"
                ),
                {"kind": self.kind, "query": literal(vector), "k": k},
            ).scalars()
            found = [str(item) for item in rows]
        with self._lock:
            return [item for item in found if item in self._rows]

    def _has_iterative_scan(self, conn: sa.Connection) -> bool:
        """Whether the server's pgvector has iterative index scans (0.8 and later)."""
        if self._iterative_scan is None:
            version = conn.scalar(
                sa.text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
            )
            major, minor = (int(part) for part in str(version).split(".")[:2])
            self._iterative_scan = (major, minor) >= (0, 8)
        return self._iterative_scan

    def shortlist(
        self, vector: np.ndarray, skills: Iterable[str], k: int, query: MatchProfile
    ) -> tuple[list[str], int]:
        """As ``ProfileIndex.shortlist``: the hard constraints filter what the HNSW search
        returns (fetched ``SKILL_OVERFETCH`` times over) in process, and give the count."""
        wanted = SKILL_OVERFETCH * k
        nearest = self.nearest(vector, wanted)
        with self._lock:
            hits = [item for item, _ in self.skills.search(skills, wanted)]
            mask = self.constraints.mask(query, len(self._rows) + len(self._free))
            nearest = [i for i in nearest if i in self._rows and mask[self._rows[i]]][:k]
            hits = [i for i in hits if mask[self._rows[i]]][:k]
        found = dict.fromkeys(nearest)
        for item in hits:
            found.setdefault(item)
        return list(found), int(mask.sum())
