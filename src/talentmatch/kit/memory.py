"""A bounded memory of recent answers, shared by the threads of one process; and how the
process keeps its long-lived objects out of the garbage collector's way."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, NamedTuple, TypeVar
from weakref import WeakSet

Value = TypeVar("Value")

# The named memories alive in this process, for /metrics (entries, hits and misses: whether a
# size suits the pool is read off the hit rate).
_NAMED: WeakSet[Recent[object]] = WeakSet()


class Recent(Generic[Value]):
    """The values used last, by key, up to ``size`` of them, or with ``weigh`` up to a total
    weight of ``size`` (e.g. bytes: profiles of long resumes take more room than short ones);
    the least recently used go first.

    Keys must name everything a value is built from (e.g. a row's id *and* its ``updated_at``),
    so that a changed row is a new key and a kept value is never stale."""

    def __init__(
        self, size: int, name: str | None = None, *, weigh: Callable[[Value], int] | None = None
    ) -> None:
        self.size = size
        self.name = name
        self._weigh = weigh
        self._values: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.used = 0  # the weight held: entries, or what ``weigh`` counts
        self.hits = 0
        self.misses = 0
        if name is not None:
            _NAMED.add(self)  # type: ignore[arg-type]

    def get(self, key: Hashable) -> Value | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self._values.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: Value) -> None:
        weight = self._weigh(value) if self._weigh is not None else 1
        with self._lock:
            replaced = self._values.pop(key, None)
            if replaced is not None:
                self.used -= replaced[1]
            self._values[key] = (value, weight)
            self.used += weight
            while self.used > self.size and len(self._values) > 1:
                _, (_, dropped) = self._values.popitem(last=False)
                self.used -= dropped

    def __len__(self) -> int:
        return len(self._values)


class MemoryFigures(NamedTuple):
    entries: int
    used: int
    size: int
    hits: int
    misses: int


def memory_figures() -> dict[str, MemoryFigures]:
    """Per name, the memories of that name alive in this process added up (a server has one
    of each; tests may hold several)."""
    figures: dict[str, MemoryFigures] = {}
    for memory in list(_NAMED):
        name = memory.name or ""
        was = figures.get(name, MemoryFigures(0, 0, 0, 0, 0))
        figures[name] = MemoryFigures(
            was.entries + len(memory),
            was.used + memory.used,
            was.size + memory.size,
            was.hits + memory.hits,
            was.misses + memory.misses,
        )
    return dict(sorted(figures.items()))


# glibc's mallopt parameter for the most malloc arenas (malloc.h).
_M_ARENA_MAX = -8


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Let glibc keep at most ``arenas`` malloc arenas in this process (and, through
    MALLOC_ARENA_MAX, in the server processes it starts).

    By default glibc gives each thread that allocates at once an arena of its own, up to eight
    per core; a web server's forty request threads then hold memory freed in one arena that the
    others cannot reuse, and the resident size grows under load without more data held. Call it
    before the threads start. False where the C library is not glibc (nothing changes there).
    """
    os.environ.setdefault("MALLOC_ARENA_MAX", str(arenas))
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


# How often the objects kept out of the collector go back in, so that cycles among them that
# became garbage meanwhile are freed: one full walk (about 120 ms at 10k profiles a side) this
# often.
FULL_SWEEP_SECONDS = 600.0


class _Refreeze:
    """After each full collection, take its survivors out of the collector (:func:`gc.freeze`);
    every ``sweep_seconds``, put them all back for the next full collection to walk."""

    def __init__(self, sweep_seconds: float) -> None:
        self.sweep_seconds = sweep_seconds
        self.swept_at = time.monotonic()
        self.sweeping = False
        self.sweeps = 0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase != "stop" or info.get("generation") != 2:
            return
        # The collection is over here: its survivors are all reachable, none is garbage yet.
        if self.sweeping:
            self.sweeping = False
            self.sweeps += 1
            self.swept_at = time.monotonic()
        elif time.monotonic() - self.swept_at >= self.sweep_seconds:
            gc.unfreeze()  # the next full collection walks everything once
            self.sweeping = True
            return
        gc.freeze()


_REFREEZE: _Refreeze | None = None


def keep_survivors_out_of_collections(sweep_seconds: float = FULL_SWEEP_SECONDS) -> None:
    """Keep what survives a full garbage collection out of the next ones.

    A serving process holds hundreds of thousands of long-lived objects (match profiles,
    blinded texts, the models' tables), and each full collection walks all of them while every
    thread waits: measured through HTTP at 10k profiles a side, ten pauses of about 120 ms in
    20 seconds, the p99 of the employer's list. Frozen objects are still freed by reference
    counting; only cycles among them that become garbage wait for the next sweep. Idempotent:
    the first call's ``sweep_seconds`` holds."""
    global _REFREEZE
    if _REFREEZE is None:
        _REFREEZE = _Refreeze(sweep_seconds)
        gc.callbacks.append(_REFREEZE)
