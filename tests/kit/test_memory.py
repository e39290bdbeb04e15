"""The bounded in-process memory: by count, or by what its values weigh."""

import gc
import os
import sys
import weakref

import pytest

from talentmatch.kit import memory
from talentmatch.kit.memory import Recent, limit_malloc_arenas, memory_figures


def test_a_memory_by_weight_drops_the_least_recently_used_until_it_fits() -> None:
    memory: Recent[str] = Recent(100, weigh=len)
    memory.put("a", "x" * 40)
    memory.put("b", "y" * 40)
    assert memory.get("a") == "x" * 40  # "b" is now the least recently used
    memory.put("c", "z" * 40)
    assert memory.get("b") is None
    assert memory.get("a") is not None and memory.get("c") is not None
    assert memory.used == 80
    # Replacing a value counts its new weight only.
    memory.put("a", "x" * 10)
    assert memory.used == 50 and len(memory) == 2
    # A value over the whole budget is kept alone rather than refused.
    memory.put("d", "w" * 500)
    assert len(memory) == 1 and memory.get("d") is not None


def test_a_memory_by_count_keeps_that_many() -> None:
    memory: Recent[int] = Recent(3)
    for key in range(5):
        memory.put(key, key)
    assert [memory.get(k) for k in range(5)] == [None, None, 2, 3, 4]
    assert memory.used == 3


def test_named_memories_are_reported_with_their_hits_and_misses() -> None:
    memory: Recent[int] = Recent(10, "test_memory_figures")
    memory.put("k", 1)
    memory.get("k")
    memory.get("missing")
    figures = memory_figures()["test_memory_figures"]
    assert (figures.entries, figures.used, figures.size) == (1, 1, 10)
    assert (figures.hits, figures.misses) == (1, 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc is Linux's")
def test_malloc_arenas_are_limited_for_this_process_and_the_servers_it_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas(2) is True
    assert os.environ["MALLOC_ARENA_MAX"] == "2"


def test_survivors_of_a_full_collection_are_kept_out_of_the_next_until_a_sweep() -> None:
    """A serving process's long-lived objects are walked by each full collection while every
    request waits; kept out, they cost nothing there, and a sweep still frees cycles among
    them that became garbage."""

    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    policy = memory._Refreeze(sweep_seconds=3600)
    gc.callbacks.append(policy)
    try:
        gc.collect()
        node = Node()
        gone = weakref.ref(node)
        gc.collect()  # node survives and is taken out of the collector
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert gone() is not None  # frozen: a full collection no longer reaches it
        policy.swept_at -= 3600  # a sweep is due
        gc.collect()  # ... this collection's end puts everything back
        assert gc.get_freeze_count() == 0
        gc.collect()  # the sweep walks everything once
        assert gone() is None
        assert policy.sweeps == 1
        assert gc.get_freeze_count() > 0  # and freezes again after it
    finally:
        gc.callbacks.remove(policy)
        gc.unfreeze()
