"""The blind texts a match request reuses are remembered by what they were made from: the same
resume under another identity is blinded afresh, never served the text blinded for someone
else."""

from __future__ import annotations

from talentmatch.ml.identity import Identity
from talentmatch.understanding import Understanding

RESUME = "Mary Major\nmary.major@example.org\nBackend engineer. Mentored Jane Roe. Python, Go."


def test_the_same_resume_under_another_identity_is_blinded_for_that_identity(
    understanding: Understanding,
) -> None:
    as_mary = understanding.blind_text(RESUME, Identity.of(names=["Mary Major"]))
    as_jane = understanding.blind_text(RESUME, Identity.of(names=["Jane Roe"]))
    assert "Mary" not in as_mary and "Jane" in as_mary
    assert "Jane" not in as_jane
    # Asked again, each identity gets its own text back, equal to blinding it afresh.
    assert understanding.blind_text(RESUME, Identity.of(names=["Mary Major"])) == as_mary
    assert as_jane == understanding.blinder.text(RESUME, Identity.of(names=["Jane Roe"]))


def test_only_the_latest_texts_are_kept(understanding: Understanding) -> None:
    memory = understanding._blind_texts
    kept = memory.size
    try:
        # Room for three of these texts (the memory is bounded by their size).
        memory.size = 3 * (len("Engineer number 0. Python.") + 100) + 20
        for n in range(10):
            understanding.blind_text(f"Engineer number {n}. Python.", Identity())
        assert len(memory) == 3
        # The latest is still answered from memory; the first was let go.
        hits = memory.hits
        understanding.blind_text("Engineer number 9. Python.", Identity())
        assert memory.hits == hits + 1
        understanding.blind_text("Engineer number 0. Python.", Identity())
        assert memory.hits == hits + 1
    finally:
        memory.size = kept
