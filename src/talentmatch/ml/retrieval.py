"""First-stage retrieval for matching at scale: a vector index and a skill index, whose union
the engine then ranks and explains.

Both indexes are in-process and exact (numpy), and take additions and removals at any time, so
a new or edited profile or job is searchable as soon as it is indexed. :class:`ProfileIndex`
may be updated by one thread while others search it.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import numpy as np

from talentmatch.ml.embeddings import DIMENSIONS
from talentmatch.ml.matching import (
    Match,
    MatchEngine,
    MatchProfile,
    compatible,
    embed_profiles,
    with_text_vector,
)


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

    def __contains__(self, item: object) -> bool:
        return item in self._row

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


class SideIndex(Protocol):
    """What the marketplace needs of an index over one side: updates and a shortlist."""

    def __len__(self) -> int: ...

    def __contains__(self, item: object) -> bool: ...

    def add(
        self, ids: Sequence[str], vectors: np.ndarray, skills: Sequence[Iterable[str]]
    ) -> None: ...

    def remove(self, ids: Iterable[str]) -> None: ...

    def retrieve(self, vector: np.ndarray, skills: Iterable[str], k: int) -> list[str]: ...


class ProfileIndex:
    """One side of the marketplace (every candidate, or every job), searchable by meaning (text
    vectors) and by skills; the union of both hit lists is the shortlist the engine ranks."""

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        self.vectors = VectorIndex(dimensions)
        self.skills = SkillIndex()
        # A search must not see an update half done (the matrix grown, the id list not yet).
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.vectors)

    def __contains__(self, item: object) -> bool:
        return item in self.vectors

    def add(self, ids: Sequence[str], vectors: np.ndarray, skills: Sequence[Iterable[str]]) -> None:
        with self._lock:
            self.vectors.add(ids, vectors)
            for item, item_skills in zip(ids, skills, strict=True):
                self.skills.add(item, item_skills)

    def remove(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        with self._lock:
            self.vectors.remove(ids)
            self.skills.remove(ids)

    def retrieve(self, vector: np.ndarray, skills: Iterable[str], k: int) -> list[str]:
        """Up to ``2 k`` ids: the ``k`` nearest by meaning, then the ``k`` best by skills."""
        with self._lock:
            found = dict(self.vectors.search(vector, k))
            for item, _ in self.skills.search(skills, k):
                found.setdefault(item, 0.0)
        return list(found)


def index_profiles(
    profiles: Sequence[MatchProfile], *, jobs: SideIndex, candidates: SideIndex
) -> None:
    """Add profiles that carry their text vectors to the index of their side."""
    for kind, index in (("job", jobs), ("candidate", candidates)):
        batch = [p for p in profiles if p.kind == kind]
        if batch:
            index.add(
                [p.id for p in batch],
                np.stack([p.text_vector for p in batch]),  # type: ignore[misc]
                [(*p.skills, *p.nice_skills) for p in batch],
            )


class MatchSearch:
    """Jobs for a candidate and candidates for a job among many: retrieve by meaning and by
    skills, keep what passes the hard constraints, rank and explain the rest.

    Parameters
    ----------
    engine:
        Ranks and explains the shortlist.
    per_source:
        How many items each index contributes before constraints and ranking; widened when the
        constraints leave fewer than asked for.
    """

    def __init__(self, engine: MatchEngine, *, per_source: int = 150) -> None:
        self.engine = engine
        self.per_source = per_source
        self.jobs = ProfileIndex()
        self.candidates = ProfileIndex()
        self.profiles: dict[str, MatchProfile] = {}

    def add(self, profiles: Sequence[MatchProfile]) -> None:
        """Index profiles of either kind (embedded here when they carry no vectors)."""
        missing = [p for p in profiles if p.text_vector is None]
        embedded = {p.id: p for p in embed_profiles(self.engine.features.embedder, missing)}
        profiles = [embedded.get(p.id, p) for p in profiles]
        index_profiles(profiles, jobs=self.jobs, candidates=self.candidates)
        self.profiles.update((p.id, p) for p in profiles)

    def remove(self, ids: Sequence[str]) -> None:
        self.jobs.remove(ids)
        self.candidates.remove(ids)
        for item in ids:
            self.profiles.pop(item, None)

    def _shortlist(
        self,
        index: ProfileIndex,
        query: MatchProfile,
        top: int,
        allowed: Callable[[MatchProfile], bool],
    ) -> list[MatchProfile]:
        query = with_text_vector(self.engine.features.embedder, query)
        assert query.text_vector is not None
        k = self.per_source
        while True:
            found = index.retrieve(query.text_vector, query.skills, k)
            kept = [p for i in found if allowed(p := self.profiles[i])]
            if len(kept) >= max(top, self.per_source // 2) or k >= len(index):
                return kept[: max(2 * self.per_source, top)]
            k *= 4

    def search_jobs(
        self,
        candidate: MatchProfile,
        *,
        top: int = 20,
        allowed: Callable[[MatchProfile], bool] | None = None,
    ) -> list[Match]:
        """Top jobs for ``candidate`` among those that pass the hard constraints
        (:func:`compatible`) and ``allowed``."""
        test = allowed or (lambda job: True)
        shortlist = self._shortlist(
            self.jobs, candidate, top, lambda j: compatible(candidate, j) and test(j)
        )
        return self.engine.rank_jobs(candidate, shortlist, top=top)

    def search_candidates(
        self,
        job: MatchProfile,
        *,
        top: int = 50,
        allowed: Callable[[MatchProfile], bool] | None = None,
    ) -> list[Match]:
        """Top candidates for ``job`` among those that pass the hard constraints and ``allowed``."""
        test = allowed or (lambda candidate: True)
        shortlist = self._shortlist(
            self.candidates, job, top, lambda c: compatible(c, job) and test(c)
        )
        return self.engine.rank_candidates(job, shortlist, top=top)
