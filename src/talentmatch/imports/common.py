"""What resume and job imports share: the ledger of what was imported, the per-item report,
and match vectors embedded a batch at a time but stored in each item's own transaction."""

from __future__ import annotations

import enum
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

import numpy as np
from sqlalchemy.orm import Session

from talentmatch.imports.models import ImportRecord
from talentmatch.imports.repository import ImportRepository
from talentmatch.matching.indexer import store_vectors
from talentmatch.ml.embeddings import SentenceEmbedder
from talentmatch.ml.matching import MatchProfile, embed_profiles, fingerprint, with_vectors
from talentmatch.ml.matching.profiles import text_of, title_of, wish_of
from talentmatch.operations.repository import TableRepository

DEFAULT_BATCH = 64

T = TypeVar("T")


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    SKIPPED = "skipped"  # imported before (by this run or an earlier one)
    FAILED = "failed"  # nothing was written for it; ``reason`` says why


@dataclass
class ItemResult:
    """What became of one file or line."""

    source: str  # the file's path in the folder or archive, or "line 7"
    outcome: Outcome
    reason: str = ""
    id: str | None = None  # the candidate profile or job written
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.outcome.value,
            "reason": self.reason,
            "id": self.id,
            **self.details,
        }


Progress = Callable[[ItemResult], None]


@dataclass
class ImportReport:
    """Every item's outcome, in input order, and where the time went (seconds)."""

    kind: str
    items: list[ItemResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome is outcome)

    @property
    def imported(self) -> int:
        return self.count(Outcome.IMPORTED)

    @property
    def skipped(self) -> int:
        return self.count(Outcome.SKIPPED)

    @property
    def failed(self) -> list[ItemResult]:
        return [item for item in self.items if item.outcome is Outcome.FAILED]

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "imported": self.imported,
            "skipped": self.skipped,
            "failed": len(self.failed),
            "seconds": {stage: round(s, 2) for stage, s in self.seconds.items()},
            "items": [item.as_dict() for item in self.items],
        }


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# --------------------------------------------------------------------------------- ledger


def imported_keys(session: Session, kind: str, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` an import of ``kind`` has already written."""
    return ImportRepository(session).imported_keys(kind, keys)


def record_import(session: Session, kind: str, key: str, item_id: uuid.UUID) -> None:
    """Write the ledger row, in the caller's transaction (the item's own)."""
    session.add(ImportRecord(kind=kind, key=key, item_id=item_id))
    session.flush()


# -------------------------------------------------------------------------------- vectors

Vectors = tuple[np.ndarray, np.ndarray, np.ndarray]


class VectorStore:
    """Match vectors as the match indexer stores them (``match_vectors``, and the pgvector
    column where the server has it), so that a profile or job is searchable without being
    embedded again: :meth:`embed` a batch at once (it may run in another thread while the
    previous batch is written), then :meth:`store` each item in its own transaction. An item
    whose texts changed in between (never, in an import) is embedded alone."""

    def __init__(self, embedder: SentenceEmbedder) -> None:
        self.embedder = embedder
        self.seconds = 0.0  # spent embedding
        self._lock = threading.Lock()  # one encode at a time (the embedder's cache is a dict)

    def embed(self, profiles: Sequence[MatchProfile]) -> dict[str, Vectors]:
        """Embed ``profiles`` in one batch: their vectors by fingerprint."""
        with self._lock:
            started = time.perf_counter()
            embedded = embed_profiles(self.embedder, profiles)
            self.seconds += time.perf_counter() - started
        found: dict[str, Vectors] = {}
        for profile in embedded:
            assert profile.text_vector is not None and profile.title_vector is not None
            assert profile.wish_vector is not None
            found[fingerprint(profile)] = (
                profile.text_vector,
                profile.title_vector,
                profile.wish_vector,
            )
        return found

    def store(self, session: Session, profile: MatchProfile, batch: dict[str, Vectors]) -> None:
        """Write ``profile``'s vectors (from ``batch``, what :meth:`embed` gave) in the
        caller's transaction."""
        vectors = batch.get(fingerprint(profile))
        if vectors is None:
            vectors = self._embed_one(profile)
        text_vector, title_vector, wish_vector = vectors
        embedded = with_vectors(profile, text_vector, title_vector, wish_vector)
        store_vectors(
            session,
            [embedded],
            pgvector=TableRepository(session.connection()).has_pgvector_column(),
        )

    def _embed_one(self, profile: MatchProfile) -> Vectors:
        with self._lock:
            texts = self.embedder.encode([text_of(profile), title_of(profile), wish_of(profile)])
        return texts[0], texts[1], texts[2]
