"""A bounded memory of recent answers, shared by the threads of one process."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, NamedTuple, TypeVar
from weakref import WeakSet

Value = TypeVar("Value")

# The named memories alive in this process, for /metrics (entries, hits and misses: whether a
# size suits the pool is read off the hit rate).
_NAMED: WeakSet[Recent[object]] = WeakSet()


class Recent(Generic[Value]):
    """The ``size`` values used last, by key; the least recently used one goes first.

    Keys must name everything a value is built from (e.g. a row's id *and* its ``updated_at``),
    so that a changed row is a new key and a kept value is never stale."""

    def __init__(self, size: int, name: str | None = None) -> None:
        self.size = size
        self.name = name
        self._values: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        if name is not None:
            _NAMED.add(self)  # type: ignore[arg-type]

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            value = self._values.get(key)
            if value is None:
                self.misses += 1
                return None
            self.hits += 1
            self._values.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Value) -> None:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def __len__(self) -> int:
        return len(self._values)


class MemoryFigures(NamedTuple):
    entries: int
    size: int
    hits: int
    misses: int


def memory_figures() -> dict[str, MemoryFigures]:
    """Per name, the memories of that name alive in this process added up (a server has one
    of each; tests may hold several)."""
    figures: dict[str, MemoryFigures] = {}
    for memory in list(_NAMED):
        name = memory.name or ""
        was = figures.get(name, MemoryFigures(0, 0, 0, 0))
        figures[name] = MemoryFigures(
            was.entries + len(memory),
            was.size + memory.size,
            was.hits + memory.hits,
            was.misses + memory.misses,
        )
    return dict(sorted(figures.items()))
