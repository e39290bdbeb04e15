"""Helpers for queries whose inputs grow with the data."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import QueryableAttribute, Session

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


def among(
    session: Session,
    column: sa.ColumnElement[Any] | QueryableAttribute[Any],
    values: Collection[Any],
) -> sa.ColumnElement[bool]:
    """``column IN values`` for a list of ids a request holds (a shortlist, a page). On
    PostgreSQL it is one array parameter (``= ANY(...)``): the statement's text is the same
    whatever the number of values, so psycopg converts it once and the server prepares it
    once, where an ``IN`` list of 200 parameters was converted and planned on every request.
    Elsewhere an ``IN`` list (SQLite binds parameters in process)."""
    if session.get_bind().dialect.name == "postgresql":
        array = sa.bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
        return column == sa.any_(array)
    return column.in_(values)
