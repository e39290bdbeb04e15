"""Fair re-ranking: a ranked list re-ordered so that every prefix holds each group's share.

The constraint is Geyik, Ambler and Kenthapadi's ("Fairness-Aware Ranking in Search &
Recommendation Systems with Application to LinkedIn Talent Search", KDD 2019): for every
k up to ``top``, the first k places hold at least ``floor(k * p_g)`` members of each group g,
where p is the desired distribution (the product uses the qualified pool's own group shares,
"unknown" included as a group). A group under 1/k of the pool has a floor of 0 in the first k
places: the constraint does not lift it there, and the places the floors hand to other groups
can come from it (docs/fairness.md, "Fair re-ranking", has the measured effect).

As in DetConstSort, each member a group must have in the list gets a deadline (the first k
whose minimum counts it); the places are then filled best-first: each takes the
highest-scored group head whose placement still lets every pending deadline be met
(earliest-deadline-first, checked exactly). Hence:

- the result is a permutation of the input;
- every prefix k <= ``top`` holds ``min(floor(k * p_g), n_g)`` members of each group; such a
  list always exists when the shares sum to at most 1 (the minima then sum to at most k);
- members of a group keep their order (only a group's best remaining member is ever placed);
- a ranking that already meets the floors comes back unchanged;
- nothing is random: equal scores keep the input's order, and group names play no part.

Pure: scores and group labels in, an order out. What the groups are and where they come from
is the caller's business; the scores are never changed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

# Shares given as floats are read as the nearest fraction with a denominator up to this, so
# that floor(k * share) is exact (0.3 * 10 is 3, not 2.9999999999999996).
SHARE_PRECISION = 1_000_000


def pool_shares(groups: Sequence[str]) -> dict[str, Fraction]:
    """Each group's exact share of ``groups`` (the qualified pool's distribution)."""
    counts = Counter(groups)
    return {group: Fraction(count, len(groups)) for group, count in sorted(counts.items())}


def _exact(targets: Mapping[str, float | Fraction]) -> dict[str, Fraction]:
    shares = {
        group: share if isinstance(share, Fraction) else Fraction(share)
        for group, share in targets.items()
    }
    shares = {g: s.limit_denominator(SHARE_PRECISION) for g, s in shares.items()}
    if any(s < 0 or s > 1 for s in shares.values()):
        raise ValueError("every target share must lie between 0 and 1")
    if sum(shares.values()) > 1:
        raise ValueError("the target shares add up to more than 1")
    return shares


def minimum_table(
    shares: Mapping[str, Fraction], available: Mapping[str, int], top: int
) -> dict[str, list[int]]:
    """``table[g][k]``: members of group g the first k places must hold, for k = 0..top:
    ``floor(k * share)``, or all of the group's members if it has fewer."""
    table = {g: [0] * (top + 1) for g in sorted(available)}
    for g, row in table.items():
        share = shares.get(g, Fraction(0))
        for k in range(1, top + 1):
            row[k] = min(k * share.numerator // share.denominator, available[g])
    return table


def fair_order(
    scores: Sequence[float],
    groups: Sequence[str],
    *,
    targets: Mapping[str, float | Fraction] | None = None,
    top: int | None = None,
) -> list[int]:
    """The indices of ``scores`` in re-ranked order.

    ``groups[i]`` is item i's group; ``targets`` the desired share of each group (by default
    the shares in ``groups`` themselves); ``top`` how many places the constraints cover (by
    default all).
    Places after ``top`` follow the scores.
    """
    n = len(scores)
    if len(groups) != n:
        raise ValueError("one group label per score")
    if any(not math.isfinite(s) for s in scores):
        raise ValueError("scores must be finite numbers")
    shares = pool_shares(groups) if targets is None else _exact(targets)
    top = n if top is None else max(0, min(top, n))
    ranked = sorted(range(n), key=lambda i: (-scores[i], i))

    names = sorted(set(groups))
    members: list[list[int]] = [[] for _ in names]
    slot = {name: g for g, name in enumerate(names)}
    for i in ranked:
        members[slot[groups[i]]].append(i)
    available = {name: len(members[g]) for g, name in enumerate(names)}
    table = minimum_table(shares, available, top)
    minima = np.array([table[name] for name in names], dtype=np.int64).reshape(len(names), top + 1)
    taken = np.zeros(len(names), dtype=np.int64)
    order: list[int] = []
    for place in range(1, top + 1):
        heads = sorted(
            (g for g in range(len(names)) if taken[g] < len(members[g])),
            key=lambda g: (-scores[members[g][taken[g]]], members[g][taken[g]]),
        )
        for g in heads:
            taken[g] += 1
            if _schedulable(minima, taken, place):
                break
            taken[g] -= 1
        else:  # pragma: no cover - the earliest deadline's head always keeps it schedulable
            raise AssertionError("no group can take this place")
        order.append(members[g][taken[g] - 1])
    placed = set(order)
    return order + [i for i in ranked if i not in placed]


def _schedulable(minima: np.ndarray, taken: np.ndarray, filled: int) -> bool:
    """Whether, with ``taken`` members of each group in the first ``filled`` places, every
    later prefix can still get its minimum: for each prefix d, the members still owed by d
    fit in the d - filled places left before it."""
    owed = np.maximum(minima[:, filled:] - taken[:, None], 0).sum(axis=0)
    return bool(np.all(owed <= np.arange(minima.shape[1] - filled)))


def meets_minimums(
    order: Sequence[int],
    groups: Sequence[str],
    *,
    targets: Mapping[str, float | Fraction] | None = None,
    top: int | None = None,
) -> bool:
    """Whether every prefix of ``order`` up to ``top`` holds each group's minimum."""
    shares = pool_shares(groups) if targets is None else _exact(targets)
    top = len(order) if top is None else min(top, len(order))
    table = minimum_table(shares, Counter(groups), top)
    held: Counter[str] = Counter()
    for k, i in enumerate(order[:top], start=1):
        held[groups[i]] += 1
        if any(held[g] < table[g][k] for g in table):
            return False
    return True
