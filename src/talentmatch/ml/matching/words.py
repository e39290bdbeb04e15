"""A text's words as the lexical feature (BM25) reads them, counted once per profile.

Each distinct word is kept as a stable 64-bit hash (sorted) with its count, so a profile's
words travel with the profile the indexer keeps (a few bytes a word) and a match request
scores a shortlist without tokenising a single resume or post again: at 100k profiles most of
a shortlist is new to the process, and tokenising a 360-word resume costs about 100 µs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

_TOKEN = re.compile(r"[a-z0-9+#]+")
_COUNT_LIMIT = np.iinfo(np.uint16).max

BM25_K1 = 1.5
BM25_B = 0.75


def tokens(text: str) -> list[str]:
    """Lower-cased runs of letters, digits, "+" and "#" (so "C++" and "C#" stay words)."""
    return _TOKEN.findall(text.lower())


@lru_cache(maxsize=50_000)  # a vocabulary repeats across profiles: common words hashed once
def word_hash(word: str) -> int:
    """A word's 64-bit hash, the same in every process and release (Python's ``hash`` of a
    string changes per process)."""
    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class WordCounts(NamedTuple):
    """Each distinct word's hash (sorted, unique), how often it occurs, and how many words in
    all."""

    hashes: np.ndarray  # uint64
    counts: np.ndarray  # uint16
    length: int

    @property
    def distinct(self) -> int:
        return len(self.hashes)


def count_words(words: Iterable[str]) -> WordCounts:
    counted = Counter(words)
    if not counted:
        return WordCounts(np.zeros(0, np.uint64), np.zeros(0, np.uint16), 0)
    hashes = np.fromiter((word_hash(w) for w in counted), np.uint64, len(counted))
    counts = np.fromiter(counted.values(), np.int64, len(counted))
    order = np.argsort(hashes)
    return WordCounts(
        hashes[order],
        np.minimum(counts[order], _COUNT_LIMIT).astype(np.uint16),
        sum(counted.values()),
    )


def encode(words: WordCounts) -> dict[str, Any]:
    """JSON-ready (little-endian bytes as base64)."""
    return {
        "hashes": base64.b64encode(words.hashes.astype("<u8").tobytes()).decode("ascii"),
        "counts": base64.b64encode(words.counts.astype("<u2").tobytes()).decode("ascii"),
        "length": words.length,
    }


def decode(payload: dict[str, Any]) -> WordCounts:
    """What :func:`encode` wrote."""
    # Views on the decoded bytes (no copy on a little-endian machine; read-only, as kept).
    hashes = np.frombuffer(base64.b64decode(payload["hashes"]), "<u8").astype(np.uint64, copy=False)
    counts = np.frombuffer(base64.b64decode(payload["counts"]), "<u2").astype(np.uint16, copy=False)
    if len(hashes) != len(counts):
        raise ValueError("word counts: as many counts as words are needed")
    return WordCounts(hashes, counts, int(payload["length"]))


def shares_a_word(a: WordCounts, b: WordCounts) -> bool:
    if not a.distinct or not b.distinct:
        return False
    small, large = (a, b) if a.distinct <= b.distinct else (b, a)
    slots = np.minimum(np.searchsorted(large.hashes, small.hashes), large.distinct - 1)
    return bool((large.hashes[slots] == small.hashes).any())


def bm25_scores(query: WordCounts, documents: Sequence[WordCounts]) -> np.ndarray:
    """Okapi BM25 (Lucene's variant, bm25s's defaults: k1 1.5, b 0.75) of ``query`` against
    each of ``documents``, with the statistics of these documents alone.

    The same numbers as indexing the documents with ``bm25s.BM25()`` and calling
    ``get_scores`` with the query's words (a test holds the two together), without building
    the index: a shortlist is scored once, so indexing every word of 200 posts to score a
    resume's few dozen cost most of a match list's time. A word repeated in the query counts
    each time. Every (document, query word) pair is scored in one pass of numpy.
    """
    total = len(documents)
    scores = np.zeros(total)
    if not total or not query.distinct:
        return scores
    lengths = np.array([d.length for d in documents], dtype=np.float64)
    average = float(lengths.mean()) or 1.0
    norm = BM25_K1 * ((1 - BM25_B) + BM25_B * lengths / average)
    words = np.concatenate([d.hashes for d in documents])
    if not len(words):
        return scores
    frequency = np.concatenate([d.counts for d in documents]).astype(np.float64)
    owner = np.repeat(np.arange(total), [d.distinct for d in documents])
    slots = np.minimum(np.searchsorted(query.hashes, words), query.distinct - 1)
    hit = query.hashes[slots] == words
    slots, owner, frequency = slots[hit], owner[hit], frequency[hit]
    # A document holds each word once (hashes are unique), so this counts documents.
    found = np.bincount(slots, minlength=query.distinct).astype(np.float64)
    idf = np.log1p((total - found + 0.5) / (found + 0.5))
    times = query.counts.astype(np.float64)
    part = times[slots] * idf[slots] * frequency / (norm[owner] + frequency)
    return np.bincount(owner, weights=part, minlength=total)
