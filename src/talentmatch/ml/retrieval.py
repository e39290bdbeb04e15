"""First-stage retrieval for matching at scale: a vector index and a skill index, whose union
the engine then ranks and explains.

Both indexes are in-process and exact (numpy), and take additions and removals at any time, so
a new or edited profile or job is searchable as soon as it is indexed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from talentmatch.ml.embeddings import DIMENSIONS
from talentmatch.ml.matching import Match, MatchEngine, MatchProfile


class VectorIndex:
    """Exact inner-product search over unit vectors; rows are reused after removals.

    Parameters
    ----------
    dimensions:
        Vector length.
    """

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        self.dimensions = dimensions
        self._matrix = np.zeros((0, dimensions), dtype=np.float32)
        self._ids: list[str | None] = []
        self._row: dict[str, int] = {}
        self._free: list[int] = []

    def __len__(self) -> int:
        return len(self._row)

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Add or replace vectors (one row per id)."""
        self.remove(i for i in ids if i in self._row)
        needed = len(ids) - len(self._free)
        if needed > 0:
            grow = max(needed, len(self._ids) // 2, 1024)
            self._matrix = np.vstack(
                [self._matrix, np.zeros((grow, self.dimensions), dtype=np.float32)]
            )
            start = len(self._ids)
            self._ids.extend([None] * grow)
            self._free.extend(range(start + grow - 1, start - 1, -1))
        for item, vector in zip(ids, vectors, strict=True):
            row = self._free.pop()
            self._matrix[row] = vector
            self._ids[row] = item
            self._row[item] = row

    def remove(self, ids: Iterable[str]) -> None:
        for item in list(ids):
            row = self._row.pop(item, None)
            if row is not None:
                self._matrix[row] = 0.0
                self._ids[row] = None
                self._free.append(row)

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The ``k`` ids with the highest inner product with ``query``."""
        if not self._row:
            return []
        scores = self._matrix @ query.astype(np.float32)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(item, float(scores[i])) for i in top if (item := self._ids[i]) is not None]


class SkillIndex:
    """Inverted index from skill to items; an item scores the IDF of the skills it shares.

    Postings are kept as sets (cheap updates) and turned into numpy arrays when first searched
    after a change (cheap queries over large postings).
    """

    def __init__(self) -> None:
        self._postings: dict[str, set[int]] = defaultdict(set)
        self._arrays: dict[str, np.ndarray] = {}
        self._skills: dict[str, tuple[str, ...]] = {}
        self._row: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._free: list[int] = []

    def add(self, item: str, skills: Iterable[str]) -> None:
        self.remove([item])
        row = self._free.pop() if self._free else len(self._ids)
        if row == len(self._ids):
            self._ids.append(item)
        else:
            self._ids[row] = item
        self._row[item] = row
        unique = tuple(dict.fromkeys(skills))
        self._skills[item] = unique
        for skill in unique:
            self._postings[skill].add(row)
            self._arrays.pop(skill, None)

    def remove(self, items: Iterable[str]) -> None:
        for item in items:
            row = self._row.pop(item, None)
            if row is None:
                continue
            for skill in self._skills.pop(item, ()):
                self._postings[skill].discard(row)
                self._arrays.pop(skill, None)
            self._ids[row] = None
            self._free.append(row)

    def _array(self, skill: str) -> np.ndarray:
        if skill not in self._arrays:
            self._arrays[skill] = np.fromiter(self._postings.get(skill, ()), dtype=np.int64)
        return self._arrays[skill]

    def search(self, skills: Iterable[str], k: int) -> list[tuple[str, float]]:
        total = max(len(self._row), 1)
        scores = np.zeros(len(self._ids), dtype=np.float32)
        for skill in set(skills):
            rows = self._array(skill)
            if len(rows):
                scores[rows] += math.log((total + 1) / (len(rows) + 1)) + 1.0
        hits = int(np.count_nonzero(scores))
        if not hits:
            return []
        k = min(k, hits)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(item, float(scores[i])) for i in top if (item := self._ids[i]) is not None]


class JobSearch:
    """Jobs for a candidate among many: retrieve by meaning and by skills, rank the union.

    Parameters
    ----------
    engine:
        Ranks and explains the retrieved jobs.
    per_source:
        How many jobs each index contributes before ranking.
    """

    def __init__(self, engine: MatchEngine, *, per_source: int = 150) -> None:
        self.engine = engine
        self.per_source = per_source
        self.vectors = VectorIndex()
        self.skills = SkillIndex()
        self.jobs: dict[str, MatchProfile] = {}

    def add(self, jobs: Sequence[MatchProfile], vectors: np.ndarray | None = None) -> None:
        """Index jobs (``vectors``: their text embeddings, computed here when omitted)."""
        if vectors is None:
            vectors = self.engine.features.embedder.encode([j.text for j in jobs])
        self.vectors.add([j.id for j in jobs], vectors)
        for job in jobs:
            self.jobs[job.id] = job
            self.skills.add(job.id, (*job.skills, *job.nice_skills))

    def remove(self, ids: Sequence[str]) -> None:
        self.vectors.remove(ids)
        self.skills.remove(ids)
        for item in ids:
            self.jobs.pop(item, None)

    def retrieve(self, candidate: MatchProfile, vector: np.ndarray | None = None) -> list[str]:
        if vector is None:
            vector = self.engine.features.embedder.encode([candidate.text])[0]
        found = dict(self.vectors.search(vector, self.per_source))
        for item, _ in self.skills.search(candidate.skills, self.per_source):
            found.setdefault(item, 0.0)
        return list(found)

    def search(
        self, candidate: MatchProfile, *, top: int = 20, vector: np.ndarray | None = None
    ) -> list[Match]:
        shortlist = [self.jobs[i] for i in self.retrieve(candidate, vector)]
        return self.engine.rank_jobs(candidate, shortlist, top=top)
