"""Bias-audit figures, computed from group labels and outcomes alone (no database, no web).

Selection rates and impact ratios follow New York City's Local Law 144 (Rules of the City of
New York, title 6, section 5-300): a group's selection rate is the share of its members that
were selected; its impact ratio is that rate divided by the rate of the most selected group.
The point figures come from fairlearn's ``MetricFrame``. Groups are never hidden: a group that
is a small share of the pool (LL144 lets an audit leave categories under 2 % out of the
comparison, if it says so) or has few members is *flagged*, and is not chosen as the reference.
"unknown" (no answer, or "prefer not to say") is a group of its own, reported like the others
but never the reference.

Exposure weighs each position of a ranked list by ``1 / log2(1 + rank)`` (the DCG discount, as
in Singh and Joachims, "Fairness of Exposure in Rankings", KDD 2018). Skew@k is Geyik, Ambler
and Kenthapadi's ("Fairness-Aware Ranking in Search & Recommendation Systems with Application
to LinkedIn Talent Search", KDD 2019): ``ln(share of the top k / share of the pool)``; 0 is
proportional, below 0 under-represented.

Intervals are percentile bootstrap intervals. Resampling n people with replacement and
counting, per group, members and selected members is the same as drawing those counts from a
multinomial over the (group, selected) cells with the observed shares; drawing them that way
costs the same for 100 or 100,000 people (fairlearn's own bootstrap re-runs a pandas group-by
per resample: about 50 s for 1,000 resamples of 300 people, too slow for a page).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

UNKNOWN = "unknown"
FOUR_FIFTHS = 0.8
# LL144 allows an audit to exclude categories under 2 % of the data from the comparison.
SMALL_SHARE = 0.02
# Fewer members than this and a group's rate says little: flagged too.
MIN_MEMBERS = 5
CONFIDENCE = 0.95
BOOTSTRAP_SAMPLES = 2000


def position_weight(rank: int) -> float:
    """The exposure of 1-based position ``rank``: 1, 0.63, 0.5, 0.43, ..."""
    if rank < 1:
        raise ValueError("ranks start at 1")
    return 1.0 / math.log2(1.0 + rank)


@dataclass(frozen=True)
class GroupSelection:
    group: str
    members: int
    selected: int
    pool_share: float
    rate: float
    rate_interval: tuple[float, float] | None
    impact_ratio: float | None  # None when no group was selected at all
    impact_ratio_interval: tuple[float, float] | None
    small: bool
    reference: bool

    @property
    def below_four_fifths(self) -> bool:
        return self.impact_ratio is not None and self.impact_ratio < FOUR_FIFTHS


@dataclass(frozen=True)
class SelectionAudit:
    groups: list[GroupSelection]
    reference_group: str | None

    def impact_ratios(self) -> dict[str, float | None]:
        return {g.group: g.impact_ratio for g in self.groups}

    def lowest_impact_ratio(self) -> float | None:
        """The lowest ratio among groups large enough to compare, "unknown" left out."""
        found = [
            g.impact_ratio
            for g in self.groups
            if g.impact_ratio is not None and not g.small and g.group != UNKNOWN
        ]
        return min(found) if found else None


@dataclass(frozen=True)
class Flags:
    min_share: float = SMALL_SHARE
    min_members: int = MIN_MEMBERS

    def small(self, members: int, total: int) -> bool:
        return members < self.min_members or (total > 0 and members / total < self.min_share)


def _interval(samples: np.ndarray, confidence: float) -> tuple[float, float] | None:
    """Percentile interval of the finite samples (resamples where the figure is undefined,
    e.g. a group drawn with no members, are left out)."""
    finite = samples[np.isfinite(samples)]
    if finite.size == 0:
        return None
    tail = (1.0 - confidence) / 2.0 * 100.0
    low, high = np.percentile(finite, [tail, 100.0 - tail])
    return float(low), float(high)


def _fairlearn_rates(labels: Sequence[str], selected: Sequence[bool]) -> dict[str, float]:
    from fairlearn.metrics import MetricFrame, selection_rate  # heavy (pandas): on use only

    outcome = np.asarray(selected, dtype=int)
    frame = MetricFrame(
        metrics=selection_rate,
        y_true=outcome,
        y_pred=outcome,
        sensitive_features=np.asarray(labels, dtype=object),
    )
    return {str(group): float(rate) for group, rate in frame.by_group.items()}


def selection_audit(
    labels: Sequence[str],
    selected: Sequence[bool],
    *,
    flags: Flags = Flags(),
    samples: int = BOOTSTRAP_SAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> SelectionAudit:
    """Selection rate, impact ratio and their bootstrap intervals for each group.

    ``labels[i]`` is person i's group, ``selected[i]`` whether they were selected. The
    reference is the most selected group that is neither small nor "unknown" (any group when
    all are); ties go to the larger group, then the name.
    """
    if len(labels) != len(selected):
        raise ValueError("one label per outcome")
    total = len(labels)
    if total == 0:
        return SelectionAudit(groups=[], reference_group=None)
    members = Counter(labels)
    chosen = Counter(label for label, hit in zip(labels, selected, strict=True) if hit)
    # fairlearn refuses a single row ("Feature array has too many dimensions"): one person's
    # rate is their own outcome.
    rates = (
        _fairlearn_rates(labels, selected) if total > 1 else {labels[0]: float(bool(selected[0]))}
    )
    names = sorted(members)
    small = {g: flags.small(members[g], total) for g in names}
    candidates = [g for g in names if not small[g] and g != UNKNOWN] or names
    reference = max(candidates, key=lambda g: (rates[g], members[g], g))
    best = rates[reference]

    # Bootstrap: each resample's (group, selected) counts are one multinomial draw.
    rng = np.random.default_rng(seed)
    cells = np.array([[members[g] - chosen[g], chosen[g]] for g in names], dtype=float).ravel()
    draws = rng.multinomial(total, cells / total, size=samples).reshape(samples, len(names), 2)
    drawn_members = draws.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        drawn_rates = draws[:, :, 1] / drawn_members
        reference_index = names.index(reference)
        drawn_ratios = drawn_rates / drawn_rates[:, [reference_index]]

    groups = []
    for i, g in enumerate(names):
        ratio = rates[g] / best if best > 0 else None
        groups.append(
            GroupSelection(
                group=g,
                members=members[g],
                selected=chosen[g],
                pool_share=members[g] / total,
                rate=rates[g],
                rate_interval=_interval(drawn_rates[:, i], confidence),
                impact_ratio=ratio,
                impact_ratio_interval=(
                    _interval(drawn_ratios[:, i], confidence) if ratio is not None else None
                ),
                small=small[g],
                reference=g == reference,
            )
        )
    return SelectionAudit(groups=groups, reference_group=reference)


@dataclass(frozen=True)
class GroupExposure:
    group: str
    pool_share: float
    appearances: int  # places in the top-k lists
    top_share: float  # share of the top-k places
    exposure: float  # summed position weight
    exposure_share: float
    exposure_share_interval: tuple[float, float] | None
    exposure_per_member: float  # per member of the pool and per list
    skew: float | None  # ln(top_share / pool_share); None when never in a top k
    skew_interval: tuple[float, float] | None
    small: bool


@dataclass(frozen=True)
class ExposureAudit:
    k: int
    lists: int
    groups: list[GroupExposure]

    @property
    def min_skew(self) -> float | None:
        found = [g.skew for g in self.groups if g.skew is not None and g.pool_share > 0]
        return min(found) if found else None

    @property
    def max_skew(self) -> float | None:
        found = [g.skew for g in self.groups if g.skew is not None and g.pool_share > 0]
        return max(found) if found else None


def exposure_audit(
    rankings: Sequence[Sequence[str]],
    pool: Mapping[str, int],
    *,
    k: int,
    flags: Flags = Flags(),
    samples: int = BOOTSTRAP_SAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> ExposureAudit:
    """Exposure and Skew@k per group over several ranked lists (one per job).

    ``rankings`` holds each list's group labels in rank order (only the first ``k`` count);
    ``pool`` the number of people of each group the lists were drawn from: the desired
    distribution Skew@k compares with. Intervals resample the lists.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    tops = [list(ranking[:k]) for ranking in rankings]
    names = sorted(set(pool) | {g for top in tops for g in top})
    pool_total = sum(pool.values())
    index = {g: i for i, g in enumerate(names)}
    # Per list and group: places taken and exposure received.
    places = np.zeros((len(tops), len(names)))
    weights = np.zeros((len(tops), len(names)))
    for row, top in enumerate(tops):
        for rank, group in enumerate(top, start=1):
            places[row, index[group]] += 1
            weights[row, index[group]] += position_weight(rank)
    pool_share = np.array([pool.get(g, 0) / pool_total if pool_total else 0.0 for g in names])

    def figures(place_sums: np.ndarray, weight_sums: np.ndarray) -> tuple[np.ndarray, ...]:
        with np.errstate(invalid="ignore", divide="ignore"):
            top_share = place_sums / place_sums.sum(axis=-1, keepdims=True)
            exposure_share = weight_sums / weight_sums.sum(axis=-1, keepdims=True)
            skew = np.log(top_share / pool_share)
        return top_share, exposure_share, skew

    top_share, exposure_share, skew = figures(places.sum(axis=0), weights.sum(axis=0))
    rng = np.random.default_rng(seed)
    if tops:
        # Each resample of the lists is a multinomial count of how often each list is drawn.
        counts = rng.multinomial(len(tops), np.full(len(tops), 1.0 / len(tops)), size=samples)
        _, drawn_exposure, drawn_skew = figures(counts @ places, counts @ weights)
    else:
        drawn_exposure = drawn_skew = np.full((samples, len(names)), np.nan)

    groups = []
    for i, g in enumerate(names):
        never = places[:, i].sum() == 0
        members = pool.get(g, 0)
        per_member = float(weights[:, i].sum()) / (members * len(tops)) if members and tops else 0.0
        groups.append(
            GroupExposure(
                group=g,
                pool_share=float(pool_share[i]),
                appearances=int(places[:, i].sum()),
                top_share=float(np.nan_to_num(top_share[i])),
                exposure=float(weights[:, i].sum()),
                exposure_share=float(np.nan_to_num(exposure_share[i])),
                exposure_share_interval=_interval(drawn_exposure[:, i], confidence),
                exposure_per_member=per_member,
                skew=None if never or not np.isfinite(skew[i]) else float(skew[i]),
                skew_interval=None if never else _interval(drawn_skew[:, i], confidence),
                small=flags.small(members, pool_total),
            )
        )
    return ExposureAudit(k=k, lists=len(tops), groups=groups)
