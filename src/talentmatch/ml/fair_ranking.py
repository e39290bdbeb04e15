"""Fair re-ranking: a ranked list re-ordered so that every prefix holds each group's share.

The constraints are Geyik, Ambler and Kenthapadi's ("Fairness-Aware Ranking in Search &
Recommendation Systems with Application to LinkedIn Talent Search", KDD 2019, DetConstSort):
for every k up to ``top``, the first k places hold at least ``floor(k * p_g)`` and at most
``ceil(k * p_g)`` members of each group g, where p is the desired distribution (the product
uses the qualified pool's own group shares, "unknown" included as a group). The floors keep a
group from being pushed down; the ceilings keep the groups the model favours from crowding
the first places, so that a group due 2.7 of 10 places gets 3 whenever the others are at
their ceilings. A group under 1/k of the pool has a floor of 0 and a ceiling of 1 in the first
k places (docs/fairness.md, "Fair re-ranking", has the measured effect).

Rounded down in every list, a group due 2.99 of 10 places can get 2 in all of them. With an
``offset`` u in [0, 1) (the product's: :func:`list_offset` of the job's id) the count due at
one ``cut`` (the audited top k) is rounded systematically instead (:func:`rounded_counts`):
with the groups in name order and C_g the shares up to and including g, g must hold
``floor(C_g * cut + u) - floor(C_{g-1} * cut + u)`` of the first ``cut`` places, which is
``floor(cut * p_g)`` or ``ceil(cut * p_g)``; the counts add up to ``cut``, and over offsets
spread evenly over [0, 1) (different jobs) each group's count averages exactly ``cut * p_g``.
From the cut on, a group's minimum is at least its count there. When these minimums and the
ceilings admit no list (1 in 330 random pools), the minimums after the cut and then
the ceilings before it are relaxed (:func:`_rounded_tables`) and, last, dropped: the cut's
composition is kept.

With target shares that leave part of the list unassigned (adding up to s < 1), each group's
ceiling is ``ceil(k * (p_g + 1 - s))``; a group without a target has no ceiling. When no list
can meet the ceilings (a target share larger than the group's members can fill), only the
floors apply.

The places are filled best-first: each takes the highest-scored group head whose placement
still lets every later prefix meet its floors and ceilings, checked exactly (each member a
group may still place has a release, the first k whose ceiling admits it, and possibly a
deadline, the first k whose floor needs it; earliest-deadline-first among released members
decides whether every place can be filled and every deadline met). Hence:

- the result is a permutation of the input;
- every prefix k <= ``top`` holds at least ``min(floor(k * p_g), n_g)`` members of each group
  (such a list always exists when the shares sum to at most 1), and at most
  ``ceil(k * p_g)`` when some list can (always, for the pool's own shares: Balinski and
  Young's quota method shows such "house monotone" lists exist); with an offset, this holds
  for every prefix before the cut, and after it in all but the rare relaxed lists;
- with an offset and the pool's shares, when the cut lies within ``top``, the first ``cut``
  places hold exactly :func:`rounded_counts` of each group (the lists' average over offsets
  is each group's exact share of the cut);
- among the lists meeting the constraints it is the one whose scores, read place by place,
  are highest;
- members of a group keep their order (only a group's best remaining member is ever placed);
- a ranking that already meets the constraints comes back unchanged;
- nothing is random: a list that needs re-ranking places, among equal scores, the member due
  soonest (by the floors) first, then the input's order (placing another first could push a
  later score down); the same offset gives the same
  order, and group names play no part without an offset (with one, their order decides which
  groups a given offset rounds up).

Pure: scores and group labels in, an order out. What the groups are and where they come from
is the caller's business; the scores are never changed.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

# Shares given as floats are read as the nearest fraction with a denominator up to this, so
# that floor(k * share) is exact (0.3 * 10 is 3, not 2.9999999999999996).
SHARE_PRECISION = 1_000_000
# A deadline past the constrained places: the member may stay below them.
NEVER = math.inf


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


def list_offset(identity: str) -> float:
    """A list's rounding offset in [0, 1), from its identity (a job's id): the same list
    always gets the same one, and different lists' offsets spread evenly over [0, 1)."""
    return zlib.crc32(identity.encode()) / 2**32


def rounded_counts(
    shares: Mapping[str, Fraction], names: Iterable[str], cut: int, offset: float | Fraction
) -> dict[str, int]:
    """Systematic rounding of ``cut * share``: with the groups in name order and C_g the
    shares up to and including g, g's count is ``floor(C_g * cut + offset) - floor(C_{g-1} *
    cut + offset)``, either ``floor(cut * share)`` or ``ceil(cut * share)``. The counts add up
    to ``cut`` when the shares add up to 1, and for an offset uniform on [0, 1) each count's
    expectation is exactly ``cut * share``."""
    u = Fraction(offset)
    if not 0 <= u < 1:
        raise ValueError("the offset must lie in [0, 1)")
    counts: dict[str, int] = {}
    before = math.floor(u)
    upto = Fraction(0)
    for g in sorted(set(names) | set(shares)):
        upto += shares.get(g, Fraction(0))
        after = math.floor(upto * cut + u)
        counts[g] = after - before
        before = after
    return counts


def minimum_table(
    shares: Mapping[str, Fraction],
    available: Mapping[str, int],
    top: int,
    *,
    cut: int | None = None,
    offset: float | Fraction | None = None,
) -> dict[str, list[int]]:
    """``table[g][k]``: members of group g the first k places must hold, for k = 0..top:
    ``floor(k * share)``, or all of the group's members if it has fewer. With an ``offset``,
    from k = ``cut`` on at least the group's :func:`rounded_counts` too."""
    table = {g: [0] * (top + 1) for g in sorted(available)}
    for g, row in table.items():
        share = shares.get(g, Fraction(0))
        for k in range(1, top + 1):
            row[k] = min(k * share.numerator // share.denominator, available[g])
    if offset is None or cut is None or not 1 <= cut <= top:
        return table
    due = rounded_counts(shares, available, cut, offset)
    for g, row in table.items():
        # Before the cut the minimum is min(floor(k * share), due[g]), which is the floor
        # itself (due[g] >= floor(cut * share)); from the cut on, max(floor, due[g]) keeps the
        # minimums non-decreasing in k.
        for k in range(cut, top + 1):
            row[k] = min(max(row[k], due[g]), available[g])
    return table


def maximum_table(
    shares: Mapping[str, Fraction], available: Mapping[str, int], top: int
) -> dict[str, list[int]]:
    """``table[g][k]``: members of group g the first k places may hold, for k = 0..top:
    ``ceil(k * (share + unassigned))``, k for a group without a target share."""
    spare = 1 - sum(shares.values(), Fraction(0))
    table = {g: list(range(top + 1)) for g in sorted(available)}
    for g, row in table.items():
        if g not in shares:
            continue
        share = shares[g] + spare
        for k in range(1, top + 1):
            row[k] = min(-(-k * share.numerator // share.denominator), k)
    return table


@dataclass(frozen=True)
class _Windows:
    """For each group (by slot) and its j-th member (0-based, in score order): the first
    place it may take (``release``) and the last it must be placed by (``deadline``)."""

    release: list[list[int]]
    deadline: list[list[float]]

    def feasible(self, taken: list[int], filled: int, top: int) -> bool:
        """Whether places ``filled + 1 .. top`` can all be filled, every deadline met and no
        release broken, with ``taken[g]`` members of each group already placed.
        Earliest-deadline-first among released members is exact for unit-length jobs."""
        nxt = list(taken)
        groups = range(len(nxt))
        for place in range(filled + 1, top + 1):
            best = -1
            due = NEVER
            for g in groups:
                j = nxt[g]
                released = j < len(self.release[g]) and self.release[g][j] <= place
                if released and (best < 0 or self.deadline[g][j] < due):
                    best, due = g, self.deadline[g][j]
            if best < 0 or due < place:
                return False
            nxt[best] += 1
        return all(
            nxt[g] >= len(self.deadline[g]) or self.deadline[g][nxt[g]] > top for g in groups
        )


def _within_windows(windows: _Windows, slots: Sequence[int], top: int) -> bool:
    """Whether the list whose items' groups (by slot) are ``slots`` keeps every member's
    release and deadline in its first ``top`` places."""
    taken = [0] * len(windows.release)
    for place, g in enumerate(slots[:top], start=1):
        j = taken[g]
        if windows.release[g][j] > place or windows.deadline[g][j] < place:
            return False
        taken[g] += 1
    return all(
        taken[g] >= len(due) or due[taken[g]] > top for g, due in enumerate(windows.deadline)
    )


def _windows(
    minima: list[list[int]], maxima: list[list[int]] | None, sizes: list[int], top: int
) -> _Windows:
    release: list[list[int]] = []
    deadline: list[list[float]] = []
    for g, size in enumerate(sizes):
        lower, upper = minima[g], maxima[g] if maxima is not None else None
        # The j-th member's deadline is the first k whose floor counts it; its release the
        # first k whose ceiling admits it.
        due: list[float] = [NEVER] * size
        k = 1
        for j in range(size):
            while k <= top and lower[k] < j + 1:
                k += 1
            if k > top:
                break
            due[j] = k
        free = [1] * size
        if upper is not None:
            k = 1
            for j in range(size):
                while k <= top and upper[k] < j + 1:
                    k += 1
                free[j] = k  # top + 1: never inside the constrained places
        release.append(free)
        deadline.append(due)
    return _Windows(release, deadline)


def _tables(
    shares: Mapping[str, Fraction],
    available: Mapping[str, int],
    top: int,
    *,
    cut: int | None = None,
    offset: float | Fraction | None = None,
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The minimums and the maximums, each maximum raised to its minimum where a rounded
    count exceeds it (it never does for the pool's own shares)."""
    lower = minimum_table(shares, available, top, cut=cut, offset=offset)
    upper = maximum_table(shares, available, top)
    for g, row in upper.items():
        upper[g] = [max(most, least) for most, least in zip(row, lower[g], strict=True)]
    return lower, upper


def _rounded_tables(
    shares: Mapping[str, Fraction],
    available: Mapping[str, int],
    top: int,
    *,
    cut: int,
    offset: float | Fraction,
    ceilings: bool,
) -> Iterator[tuple[dict[str, list[int]], dict[str, list[int]] | None]]:
    """Minimums and maximums (``None``: none) with the rounded counts at the cut, strictest
    first. (1) From the cut on, at least ``max(floor(k * share), due)``. (2) After the cut,
    ``due + floor((k - cut) * share)`` instead: (1) can need two groups to gain a place at
    once (a group due 1.88 of 9 places and rounded down to 1 needs 2 of 10 by its floor).
    (3) As (2), before the cut no maximum but the cut's own: the maximums at k = cut - 1 can
    keep two groups rounded up from both reaching their counts at the cut. (4) (2)'s
    minimums alone, which members enough always meet (each prefix's minimums add up to at
    most k), so that the cut's composition holds in every list; 1 in 1,400 random
    pools needs it."""
    lower, upper = _tables(shares, available, top, cut=cut, offset=offset)
    yield lower, upper if ceilings else None
    if not 1 <= cut <= top:
        return
    due = rounded_counts(shares, available, cut, offset)
    shifted = {}
    for g, row in lower.items():
        share = shares.get(g, Fraction(0))
        after = [
            min(due[g] + (k - cut) * share.numerator // share.denominator, available[g])
            for k in range(cut + 1, top + 1)
        ]
        shifted[g] = row[: cut + 1] + after
    if ceilings:
        yield shifted, upper
        # Maximums must not decrease in k: before the cut, at most the cut's own.
        yield (
            shifted,
            {g: [min(k, row[cut]) for k in range(cut)] + row[cut:] for g, row in upper.items()},
        )
    yield shifted, None


def fair_order(
    scores: Sequence[float],
    groups: Sequence[str],
    *,
    targets: Mapping[str, float | Fraction] | None = None,
    top: int | None = None,
    ceilings: bool = True,
    offset: float | Fraction | None = None,
    cut: int | None = None,
) -> list[int]:
    """The indices of ``scores`` in re-ranked order.

    ``groups[i]`` is item i's group; ``targets`` the desired share of each group (by default
    the shares in ``groups`` themselves); ``top`` how many places the constraints cover (by
    default all); ``ceilings=False`` applies the floors alone (what the benchmark compares).
    ``offset`` (in [0, 1), e.g. :func:`list_offset` of the list's identity) and ``cut`` (the
    audited top k) round each group's due places at the cut systematically
    (:func:`rounded_counts`) instead of down. Places after ``top`` follow the scores.
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
    sizes = [len(m) for m in members]
    available = dict(zip(names, sizes, strict=True))
    taken = [0] * len(names)
    windows = None
    if offset is not None:
        if cut is None:
            raise ValueError("a rounding offset needs the cut it applies at")
        if not 0 <= offset < 1:
            raise ValueError("the offset must lie in [0, 1)")
        rounded = _rounded_tables(shares, available, top, cut=cut, offset=offset, ceilings=ceilings)
        for lower, most in rounded:
            windows = _windows(
                [lower[name] for name in names],
                [most[name] for name in names] if most is not None else None,
                sizes,
                top,
            )
            if windows.feasible(taken, 0, top):
                break
            windows = None
    if windows is None:
        # No offset, or no rounded tables can be met (a group short of members, targets the
        # ceilings cannot hold): today's floors and ceilings.
        lower, upper = _tables(shares, available, top)
        minima = [lower[name] for name in names]
        windows = _windows(
            minima, [upper[name] for name in names] if ceilings else None, sizes, top
        )
        if ceilings and not windows.feasible(taken, 0, top):
            # Targets the groups' members cannot fill within the ceilings: the floors alone.
            windows = _windows(minima, None, sizes, top)
    if _within_windows(windows, [slot[groups[i]] for i in ranked], top):
        return ranked  # already fair: equal scores keep the input's order
    order: list[int] = []
    for place in range(1, top + 1):
        heads = sorted(
            (g for g in range(len(names)) if taken[g] < sizes[g]),
            # Equal scores: the member due soonest first (placing another would spend a place
            # the due one needs, and push a later equal or higher score down), then input order.
            key=lambda g: (
                -scores[members[g][taken[g]]],
                windows.deadline[g][taken[g]],
                members[g][taken[g]],
            ),
        )
        for g in heads:
            if windows.release[g][taken[g]] > place:
                continue
            taken[g] += 1
            if windows.feasible(taken, place, top):
                break
            taken[g] -= 1
        else:  # pragma: no cover - a feasible state always has a feasible next place
            raise AssertionError("no group can take this place")
        order.append(members[g][taken[g] - 1])
    placed = set(order)
    return order + [i for i in ranked if i not in placed]


def meets_minimums(
    order: Sequence[int],
    groups: Sequence[str],
    *,
    targets: Mapping[str, float | Fraction] | None = None,
    top: int | None = None,
    offset: float | Fraction | None = None,
    cut: int | None = None,
) -> bool:
    """Whether every prefix of ``order`` up to ``top`` holds each group's minimum (with an
    ``offset``, the rounded minimums :func:`fair_order` tries first)."""
    return _within(order, groups, targets=targets, top=top, ceilings=False, offset=offset, cut=cut)


def meets_shares(
    order: Sequence[int],
    groups: Sequence[str],
    *,
    targets: Mapping[str, float | Fraction] | None = None,
    top: int | None = None,
    offset: float | Fraction | None = None,
    cut: int | None = None,
) -> bool:
    """Whether every prefix of ``order`` up to ``top`` holds each group's minimum and no more
    than its maximum."""
    return _within(order, groups, targets=targets, top=top, ceilings=True, offset=offset, cut=cut)


def _within(
    order: Sequence[int],
    groups: Sequence[str],
    *,
    targets: Mapping[str, float | Fraction] | None,
    top: int | None,
    ceilings: bool,
    offset: float | Fraction | None,
    cut: int | None,
) -> bool:
    shares = pool_shares(groups) if targets is None else _exact(targets)
    top = len(order) if top is None else min(top, len(order))
    available = Counter(groups)
    lower, most = _tables(shares, available, top, cut=cut, offset=offset)
    upper = most if ceilings else None
    held: Counter[str] = Counter()
    for k, i in enumerate(order[:top], start=1):
        held[groups[i]] += 1
        if any(held[g] < lower[g][k] for g in lower):
            return False
        if upper is not None and any(held[g] > upper[g][k] for g in upper):
            return False
    return True


# ---------------------------------------------------------------------- calibrated lifts
#
# Holding every list to its pool's exact shares costs ranking quality even where the model
# already treats the groups alike (every list's chance deviations are corrected, though they
# cancel out over many lists). A calibration instead measures, over the lists the platform
# serves, which groups the model leaves below the goal, and lifts only those, only as far as
# needed: each such group g gets a target share ``lift_g * p_g`` of every list (its floors,
# rounded systematically at the cut as above), the other groups none (the model places them).

UNKNOWN_GROUP = "unknown"
# Bisection steps for a lift: the lift found is within 1/2**8 of the smallest that reaches
# the goal.
LIFT_STEPS = 8


@dataclass(frozen=True)
class RankedList:
    """One list to calibrate on: the model's ``scores`` of its pool, each member's group, and
    the list's identity (its rounding offset, as served)."""

    scores: Sequence[float]
    groups: Sequence[str]
    identity: str


Ratios = Callable[[Sequence[RankedList], Sequence[Sequence[int]]], Mapping[str, float]]


def lifted_targets(
    groups: Sequence[str], lifts: Mapping[str, float | Fraction]
) -> dict[str, Fraction]:
    """Each lifted group's target share of a list whose pool is ``groups``: its lift times
    its share of the pool. Groups without a lift (or a lift of 0) get no target."""
    shares = pool_shares(groups)
    return {
        g: shares[g] * Fraction(lift).limit_denominator(SHARE_PRECISION)
        for g, lift in lifts.items()
        if g in shares and lift > 0
    }


def lifted_order(
    ranked: RankedList,
    lifts: Mapping[str, float | Fraction] | None,
    *,
    cut: int,
    top: int,
) -> list[int]:
    """``ranked`` in the order served with ``lifts`` (``None``: every group held to its full
    share, as :func:`fair_order` does by default; empty: the model's order)."""
    scores, groups = ranked.scores, ranked.groups
    targets = None if lifts is None else lifted_targets(groups, lifts)
    if targets == {}:  # nothing lifted in this list: the model's order
        return sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    return fair_order(
        scores,
        groups,
        targets=targets,
        top=top,
        offset=list_offset(ranked.identity),
        cut=cut,
    )


def pooled_impact_ratios(
    lists: Sequence[RankedList],
    orders: Sequence[Sequence[int]],
    *,
    cut: int,
    min_share: float,
) -> dict[str, float]:
    """LL144 impact ratios of being in a list's first ``cut`` places, pooled over ``lists``
    (a group's rate is its members' places there over its members in the pools), for the
    groups of at least ``min_share`` of the pooled members. The reference is the most
    selected of those other than "unknown" (whose ratio is reported: people who did not answer
    are not to be pushed out either)."""
    members: Counter[str] = Counter()
    chosen: Counter[str] = Counter()
    for ranked, order in zip(lists, orders, strict=True):
        members.update(ranked.groups)
        chosen.update(ranked.groups[i] for i in order[:cut])
    total = sum(members.values())
    counted = [g for g in members if total and members[g] / total >= min_share]
    rates = {g: chosen[g] / members[g] for g in counted}
    best = max((r for g, r in rates.items() if g != UNKNOWN_GROUP), default=0.0)
    return {g: rate / best if best else 1.0 for g, rate in sorted(rates.items())}


def calibrate_lifts(
    lists: Sequence[RankedList],
    ratios: Ratios,
    *,
    goal: float,
    cut: int,
    top: int,
    steps: int = LIFT_STEPS,
    progress: Callable[[], None] | None = None,
) -> dict[str, Fraction]:
    """The smallest lifts that bring every group ``ratios`` reports to an impact ratio of at
    least ``goal`` over ``lists``: empty when the model's own order already does. Groups below
    the goal share one lift, found by bisection (the lowest ratio grows with the lift, bar
    the rounding of whole places); a group that falls below the goal because places went to
    the lifted ones is lifted in the next round. A lift of 1 is the group's full share."""
    lifts: dict[str, Fraction] = {}

    def lowest(trial: Mapping[str, Fraction]) -> tuple[float, Mapping[str, float]]:
        orders = [lifted_order(ranked, trial, cut=cut, top=top) for ranked in lists]
        if progress is not None:
            progress()
        found = ratios(lists, orders)
        return min(found.values(), default=1.0), found

    worst, found = lowest(lifts)
    for _ in range(len({g for ranked in lists for g in ranked.groups})):
        below = {g for g, ratio in found.items() if ratio < goal and g not in lifts}
        if worst >= goal or not below:
            break
        low, high = Fraction(0), Fraction(1)
        best = {**lifts, **dict.fromkeys(below, high)}
        for _ in range(steps):
            middle = (low + high) / 2
            trial = {**lifts, **dict.fromkeys(below, middle)}
            reached, _ = lowest(trial)
            if reached >= goal:
                high, best = middle, trial
            else:
                low = middle
        lifts = best
        worst, found = lowest(lifts)
    return lifts
