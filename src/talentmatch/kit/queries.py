"""Helpers for queries whose inputs grow with the data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Values per ``IN (...)`` list. Drivers cap a statement's parameters (SQLite at 32,766,
# psycopg at 65,535), so a query over "all changed rows" must never put them in one list.
ID_CHUNK = 500


def chunked(values: Iterable[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """``values`` in lists of at most ``size`` (default :data:`ID_CHUNK`), in order.

    >>> [list(c) for c in chunked(range(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    size = size or ID_CHUNK
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
