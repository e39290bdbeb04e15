"""First-stage retrieval for matching at scale: a vector index and a skill index over one
side of the marketplace, filtered by the hard constraints (:class:`ConstraintColumns`); the
union of both hit lists is the shortlist the web app loads and the engine ranks and explains.

The indexes are in-process (faiss's scalar quantizer over 8-bit codes for meaning, numpy for
skills and constraints), scan every row (no approximate graph: a filtered search stays exact up
to the codes' rounding), and take additions and removals at any time, so a new or edited profile
or job is searchable as soon as it is indexed. :class:`ProfileIndex`
may be updated by one thread while others search it.
"""

from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

import faiss
import numpy as np

from talentmatch.ml.embeddings import DIMENSIONS
from talentmatch.ml.matching import SALARY_TOLERANCE, MatchProfile, in_reference_currency

# Skill hits fetched per wanted one when the constraints will drop some.
SKILL_OVERFETCH = 4


# Unit vectors have every component within +-1, which 8-bit codes cover in steps of 0.008; the
# embedder spreads a vector over 384 components (each under 0.3), so a score moves by about
# 0.002: a shortlist, which the engine then ranks on the exact stored vectors, barely changes.
CODE_RANGE = 1.0


def _one_thread() -> None:
    """One OpenMP thread for the faiss calls the current thread makes. The setting is per
    thread, and a server's request threads would each start a team of OpenMP threads that spin
    between searches, taking the cores from the requests (over 100k random unit vectors, a
    search from a second thread cost 20 ms of CPU instead of 11 ms)."""
    faiss.omp_set_num_threads(1)


class VectorIndex:
    """Inner-product search over unit vectors kept as 8-bit codes (faiss's scalar quantizer: a
    quarter of the memory of float32, scanned with SIMD); rows are reused after removals.

    Parameters
    ----------
    dimensions:
        Vector length.
    """

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        self.dimensions = dimensions
        _one_thread()
        self._codes = faiss.IndexScalarQuantizer(
            dimensions, faiss.ScalarQuantizer.QT_8bit_uniform, faiss.METRIC_INNER_PRODUCT
        )
        # The codes' range is fixed rather than learned from the first rows indexed, so vectors
        # added later are coded alike.
        self._codes.train(
            np.array([[-CODE_RANGE] * dimensions, [CODE_RANGE] * dimensions], np.float32)
        )
        self._live = np.zeros(0, dtype=bool)
        self._ids: list[str | None] = []
        self._row: dict[str, int] = {}
        self._free: list[int] = []

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, item: object) -> bool:
        return item in self._row

    def _rows_view(self) -> np.ndarray:
        """The codes as a (rows, dimensions) array that writes through to the index (valid until
        it grows)."""
        size = self._codes.ntotal * self._codes.code_size
        flat = faiss.rev_swig_ptr(self._codes.codes.data(), size)
        return np.asarray(flat).reshape(self._codes.ntotal, self._codes.code_size)

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Add or replace vectors (one row per id)."""
        _one_thread()
        self.remove(i for i in ids if i in self._row)
        needed = len(ids) - len(self._free)
        if needed > 0:
            grow = max(needed, len(self._ids) // 4, 1024)
            self._codes.add(np.zeros((grow, self.dimensions), dtype=np.float32))
            self._live = np.concatenate([self._live, np.zeros(grow, dtype=bool)])
            start = len(self._ids)
            self._ids.extend([None] * grow)
            self._free.extend(range(start + grow - 1, start - 1, -1))
        if not len(ids):
            return
        codes = self._codes.sa_encode(np.ascontiguousarray(vectors, dtype=np.float32))
        view = self._rows_view()
        for item, code in zip(ids, codes, strict=True):
            row = self._free.pop()
            view[row] = code
            self._live[row] = True
            self._ids[row] = item
            self._row[item] = row

    def remove(self, ids: Iterable[str]) -> None:
        for item in list(ids):
            row = self._row.pop(item, None)
            if row is not None:
                self._live[row] = False
                self._ids[row] = None
                self._free.append(row)

    def row_of(self, item: str) -> int | None:
        return self._row.get(item)

    def ids(self) -> list[str]:
        return list(self._row)

    @property
    def rows(self) -> int:
        """Rows allocated (live or free): the length a mask over them has."""
        return len(self._ids)

    def search(
        self, query: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` ids with the highest inner product with ``query`` (among the rows where
        ``mask`` is true, when given)."""
        if not self._row or k <= 0:
            return []
        allowed = self._live if mask is None else self._live & mask[: len(self._live)]
        count = int(np.count_nonzero(allowed))
        if not count:
            return []
        _one_thread()
        bits = np.packbits(allowed, bitorder="little")
        params = faiss.SearchParameters()
        params.sel = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
        scores, rows = self._codes.search(
            np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1),
            min(k, count),
            params=params,
        )
        return [
            (item, float(score))
            for score, row in zip(scores[0], rows[0], strict=True)
            if row >= 0 and (item := self._ids[row]) is not None
        ]


_REMOTE = "remote"


class ConstraintColumns:
    """The hard-constraint fields of one side's items (place, remote, work authorisation,
    salary) as numpy columns by row, so that a query keeps only the items it is compatible
    with (:func:`compatible`) before anything is loaded or ranked.

    Rows are given by the owner (a :class:`VectorIndex`'s rows, or any stable numbering).
    """

    def __init__(self) -> None:
        self._codes: dict[str, int] = {"": 0}  # countries and currencies
        self.remote = np.zeros(0, dtype=bool)  # candidate wants remote only / job is remote
        self.country = np.zeros(0, dtype=np.int32)
        self.salary = np.zeros(0, dtype=np.float64)  # candidate minimum / job's top of band
        self.currency = np.zeros(0, dtype=np.int32)
        # The same amount in the reference currency (latest ECB rate); NaN without a rate.
        self.salary_reference = np.zeros(0, dtype=np.float64)
        self.live = np.zeros(0, dtype=bool)
        self._authorized: dict[int, set[int]] = defaultdict(set)  # country -> candidate rows
        self._auth_of: dict[int, tuple[int, ...]] = {}  # row -> countries (candidates)
        self._auth_arrays: dict[int, np.ndarray] = {}

    def _code(self, value: str | None) -> int:
        return self._codes.setdefault(value or "", len(self._codes))

    def _grow(self, size: int) -> None:
        if size <= len(self.live):
            return
        size = max(size, 2 * len(self.live), 1024)
        extra = size - len(self.live)
        self.remote = np.concatenate([self.remote, np.zeros(extra, dtype=bool)])
        self.country = np.concatenate([self.country, np.zeros(extra, dtype=np.int32)])
        self.salary = np.concatenate([self.salary, np.full(extra, np.nan)])
        self.currency = np.concatenate([self.currency, np.zeros(extra, dtype=np.int32)])
        self.salary_reference = np.concatenate([self.salary_reference, np.full(extra, np.nan)])
        self.live = np.concatenate([self.live, np.zeros(extra, dtype=bool)])

    def put(self, row: int, profile: MatchProfile) -> None:
        self.clear(row)
        self._grow(row + 1)
        self.remote[row] = profile.remote == _REMOTE
        self.country[row] = self._code(profile.country)
        if profile.kind == "candidate":
            amount = profile.salary_min
            countries = tuple(self._code(c) for c in profile.work_authorizations)
            self._auth_of[row] = countries
            for country in countries:
                self._authorized[country].add(row)
                self._auth_arrays.pop(country, None)
        else:
            amount = profile.salary_max or profile.salary_min
        self.salary[row] = amount if amount else np.nan
        self.currency[row] = self._code(profile.currency)
        converted = in_reference_currency(amount, profile.currency) if amount else None
        self.salary_reference[row] = np.nan if converted is None else converted
        self.live[row] = True

    def clear(self, row: int) -> None:
        if row < len(self.live):
            self.live[row] = False
        for country in self._auth_of.pop(row, ()):
            self._authorized[country].discard(row)
            self._auth_arrays.pop(country, None)

    def _authorized_rows(self, country: int) -> np.ndarray:
        if country not in self._auth_arrays:
            rows = self._authorized.get(country, set())
            self._auth_arrays[country] = np.fromiter(rows, dtype=np.int64, count=len(rows))
        return self._auth_arrays[country]

    def mask(self, query: MatchProfile, size: int) -> np.ndarray:
        """Rows ``[0, size)`` that ``query`` (on the other side) is compatible with: the
        same answer as :func:`compatible` for every live row, false for the rest."""
        self._grow(size)
        ok = self.live[:size].copy()
        salary = self.salary[:size]
        same_currency = self.currency[:size] == self._codes.get(query.currency or "", -1)
        # Other currencies compare in the reference currency where both have an ECB rate
        # (rows without one keep NaN, which no comparison excludes), as compatible() does.
        reference = self.salary_reference[:size]
        other_currency = ~same_currency
        with np.errstate(invalid="ignore"):
            if query.kind == "job":  # rows are candidates
                if query.remote != _REMOTE:
                    ok &= ~self.remote[:size]
                    if query.country:
                        code = self._codes.get(query.country, -1)
                        here = (self.country[:size] == code) | (self.country[:size] == 0)
                        authorized = self._authorized_rows(code)
                        here[authorized[authorized < size]] = True
                        ok &= here
                offered = query.salary_max or query.salary_min
                if offered:
                    ok &= ~(same_currency & (salary > offered * SALARY_TOLERANCE))
                    top = in_reference_currency(offered, query.currency)
                    if top is not None:
                        ok &= ~(other_currency & (reference > top * SALARY_TOLERANCE))
            else:  # rows are jobs
                if query.remote == _REMOTE or query.country:
                    codes = [
                        self._codes.get(c, -1) for c in (query.country, *query.work_authorizations)
                    ]
                    here = (self.country[:size] == 0) | np.isin(self.country[:size], codes)
                    if query.remote == _REMOTE:
                        here[:] = False
                    elif not query.country:
                        here[:] = True
                    ok &= self.remote[:size] | here
                if query.salary_min:
                    ok &= ~(same_currency & (query.salary_min > salary * SALARY_TOLERANCE))
                    wanted = in_reference_currency(query.salary_min, query.currency)
                    if wanted is not None:
                        ok &= ~(other_currency & (wanted > reference * SALARY_TOLERANCE))
        return ok


class SkillIndex:
    """Inverted index from skill to items; an item scores the IDF of the skills it shares.

    Each skill's postings are a sorted int32 array of rows, with the additions and removals
    since it was last built kept aside (cheap updates) and folded in when the skill is searched
    or when they grow to a fair share of it. At 100,000 items a side that is about 31 MB, where
    sets of Python ints took about 70 MB (pympler).
    """

    def __init__(self) -> None:
        self._postings: dict[str, np.ndarray] = {}
        self._added: dict[str, set[int]] = {}
        self._removed: dict[str, set[int]] = {}
        self._skills: list[tuple[str, ...]] = []  # by row
        self._row: dict[str, int] = {}
        self._ids: list[str | None] = []
        self._free: list[int] = []

    def add(self, item: str, skills: Iterable[str]) -> None:
        self.remove([item])
        row = self._free.pop() if self._free else len(self._ids)
        unique = tuple(dict.fromkeys(skills))
        if row == len(self._ids):
            self._ids.append(item)
            self._skills.append(unique)
        else:
            self._ids[row] = item
            self._skills[row] = unique
        self._row[item] = row
        for skill in unique:
            self._removed.get(skill, set()).discard(row)
            self._added.setdefault(skill, set()).add(row)
            self._fold_if_large(skill)

    def remove(self, items: Iterable[str]) -> None:
        for item in items:
            row = self._row.pop(item, None)
            if row is None:
                continue
            for skill in self._skills[row]:
                self._added.get(skill, set()).discard(row)
                self._removed.setdefault(skill, set()).add(row)
                self._fold_if_large(skill)
            self._skills[row] = ()
            self._ids[row] = None
            self._free.append(row)

    def _fold_if_large(self, skill: str) -> None:
        pending = len(self._added.get(skill, ())) + len(self._removed.get(skill, ()))
        if pending > max(256, len(self._postings.get(skill, ())) // 4):
            self._fold(skill)

    def _fold(self, skill: str) -> np.ndarray:
        """The skill's postings with the pending changes folded in."""
        rows = self._postings.get(skill, np.zeros(0, dtype=np.int32))
        added, removed = self._added.pop(skill, set()), self._removed.pop(skill, set())
        if added or removed:
            if removed:
                rows = rows[~np.isin(rows, np.fromiter(removed, np.int32, len(removed)))]
            if added:
                rows = np.union1d(rows, np.fromiter(added, np.int32, len(added)))
            rows = rows.astype(np.int32, copy=False)
            if len(rows):
                self._postings[skill] = rows
            else:
                self._postings.pop(skill, None)
        return rows

    def search(self, skills: Iterable[str], k: int) -> list[tuple[str, float]]:
        total = max(len(self._row), 1)
        scores = np.zeros(len(self._ids), dtype=np.float32)
        for skill in set(skills):
            rows = self._fold(skill)
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

    def add(self, profiles: Sequence[MatchProfile]) -> None: ...

    def remove(self, ids: Iterable[str]) -> None: ...

    def ids(self) -> list[str]:
        """Every id held."""
        ...

    def shortlist(
        self, vector: np.ndarray, skills: Iterable[str], k: int, query: MatchProfile
    ) -> tuple[list[str], int]: ...


class ProfileIndex:
    """One side of the marketplace (every candidate, or every job), searchable by meaning (text
    vectors) and by skills; the union of both hit lists is the shortlist the engine ranks."""

    def __init__(self, dimensions: int = DIMENSIONS) -> None:
        self.vectors = VectorIndex(dimensions)
        self.skills = SkillIndex()
        self.constraints = ConstraintColumns()
        # A search must not see an update half done (the matrix grown, the id list not yet).
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.vectors)

    def __contains__(self, item: object) -> bool:
        return item in self.vectors

    def ids(self) -> list[str]:
        with self._lock:
            return self.vectors.ids()

    def add(self, profiles: Sequence[MatchProfile]) -> None:
        """Index profiles that carry their text vectors."""
        ids = [p.id for p in profiles]
        with self._lock:
            self.vectors.add(ids, np.stack([p.text_vector for p in profiles]))  # type: ignore[misc]
            for profile in profiles:
                self.skills.add(profile.id, (*profile.skills, *profile.nice_skills))
                row = self.vectors.row_of(profile.id)
                assert row is not None
                self.constraints.put(row, profile)

    def remove(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        with self._lock:
            for item in ids:
                row = self.vectors.row_of(item)
                if row is not None:
                    self.constraints.clear(row)
            self.vectors.remove(ids)
            self.skills.remove(ids)

    def count_compatible(self, query: MatchProfile) -> int:
        """How many items pass the hard constraints with ``query``."""
        return self.shortlist(np.zeros(self.vectors.dimensions, np.float32), (), 0, query)[1]

    def retrieve(
        self, vector: np.ndarray, skills: Iterable[str], k: int, query: MatchProfile | None = None
    ) -> list[str]:
        """Up to ``2 k`` ids: the ``k`` nearest by meaning, then the ``k`` best by skills;
        with ``query``, only items it is compatible with (the hard constraints)."""
        if query is None:
            with self._lock:
                return self._union(vector, skills, k, None)
        return self.shortlist(vector, skills, k, query)[0]

    def shortlist(
        self, vector: np.ndarray, skills: Iterable[str], k: int, query: MatchProfile
    ) -> tuple[list[str], int]:
        """:meth:`retrieve` with ``query``, and how many items pass the hard constraints with
        it (one mask for both)."""
        with self._lock:
            mask = self.constraints.mask(query, self.vectors.rows)
            return self._union(vector, skills, k, mask), int(mask.sum())

    def _union(
        self, vector: np.ndarray, skills: Iterable[str], k: int, mask: np.ndarray | None
    ) -> list[str]:
        if k == 0:
            return []
        found = dict(self.vectors.search(vector, k, mask))
        hits = self.skills.search(skills, k if mask is None else SKILL_OVERFETCH * k)
        kept = 0
        for item, _ in hits:
            if kept == k:
                break
            if mask is not None:
                row = self.vectors.row_of(item)
                if row is None or not mask[row]:
                    continue
            found.setdefault(item, 0.0)
            kept += 1
        return list(found)


def index_profiles(
    profiles: Sequence[MatchProfile], *, jobs: SideIndex, candidates: SideIndex
) -> None:
    """Add profiles that carry their text vectors to the index of their side."""
    for kind, index in (("job", jobs), ("candidate", candidates)):
        batch = [p for p in profiles if p.kind == kind]
        if batch:
            index.add(batch)
