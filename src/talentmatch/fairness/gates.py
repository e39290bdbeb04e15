"""Fairness figures of a ranking model, and the gate that keeps a model from ranking when it is
less fair than the one that ranks today.

Two figures, both measured on the path the product runs:

- **Counterfactual invariance**: the project's corpus of resumes that differ only in who the
  person is, scored by the model (:mod:`talentmatch.fairness.counterfactual`): the share of
  (resume, job) pairs whose score is the same under every identity, and the widest spread.
- **Impact ratios** (New York City Local Law 144's method): the bias audit ranks every open
  job's candidates with the model (:func:`talentmatch.fairness.service.audit_bias`); for each
  attribute, the lowest ratio of a group's rate of being shown in the top k to the most shown
  group's, among groups large enough to compare.

A model is refused when either is worse than the baseline's (the active model, or the
transparent default scorer): invariance lower at all, or an attribute's lowest impact ratio
lower by more than :data:`IMPACT_RATIO_TOLERANCE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from talentmatch.fairness import counterfactual
from talentmatch.fairness.service import audit_bias, audit_engine
from talentmatch.matching.models import RankingModel
from talentmatch.understanding import Understanding

# Two audits of the same pool differ only through the ranking; a ratio that moves by less
# than this is noise of a small pool, not a regression.
IMPACT_RATIO_TOLERANCE = 0.02
AUDITED_ATTRIBUTES = ("gender", "ethnicity")
STAGE = "shown"


@dataclass(frozen=True)
class FairnessFigures:
    """What a model card says about fairness."""

    scorer: str
    invariance_rate: float
    largest_score_spread: float
    counterfactual_pairs: int
    # attribute -> the lowest impact ratio of being shown in the top k (None: no group large
    # enough to compare, e.g. nobody answered the voluntary questions)
    lowest_impact_ratio: dict[str, float | None]
    k: int
    people: int
    jobs_ranked: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FairnessFigures:
        return cls(**data)


def fairness_figures(
    session: Session,
    understanding: Understanding,
    model: RankingModel | None,
    variants: Sequence[counterfactual.Variant] | None = None,
) -> FairnessFigures:
    """Measure ``model`` (``None``: what ranks today, the active model or the transparent
    default scorer) on the counterfactual ``variants`` (default: the project's corpus) and the
    marketplace's audit. Only reads."""
    engine = audit_engine(session, understanding, model)
    variants = counterfactual.corpus() if variants is None else variants
    invariance = counterfactual.measure(understanding, variants, engine=engine)
    ranking_paths = [invariance["paths"][p] for p in counterfactual.RANKING_PATHS]
    pairs = sum(p["pairs"] for p in ranking_paths)
    invariant = sum(p["invariant"] for p in ranking_paths)
    audit = audit_bias(session, understanding, model=model)
    return FairnessFigures(
        scorer=engine.label,
        invariance_rate=invariant / pairs if pairs else 1.0,
        largest_score_spread=invariance["largest_score_spread"],
        counterfactual_pairs=pairs,
        lowest_impact_ratio={
            attribute: audit.attribute(attribute).stage(STAGE).lowest_impact_ratio
            for attribute in AUDITED_ATTRIBUTES
        },
        k=audit.k,
        people=audit.people,
        jobs_ranked=audit.jobs_ranked,
    )


def regressions(candidate: FairnessFigures, baseline: FairnessFigures) -> list[str]:
    """Why ``candidate`` is less fair than ``baseline``, in words (empty: it is not)."""
    found = []
    if candidate.invariance_rate < baseline.invariance_rate:
        found.append(
            f"counterfactual invariance {candidate.invariance_rate:.1%} is below "
            f"{baseline.invariance_rate:.1%} for the {baseline.scorer} (the same resume under "
            f"another name scores differently; widest spread "
            f"{candidate.largest_score_spread:.2g})"
        )
    for attribute in AUDITED_ATTRIBUTES:
        mine = candidate.lowest_impact_ratio.get(attribute)
        theirs = baseline.lowest_impact_ratio.get(attribute)
        if mine is None or theirs is None:
            continue
        if mine < theirs - IMPACT_RATIO_TOLERANCE:
            found.append(
                f"the lowest {attribute} impact ratio of being shown in the top "
                f"{candidate.k} is {mine:.2f}, below {theirs:.2f} for the {baseline.scorer}"
            )
    return found


class ModelFairnessGate:
    """The gate :func:`talentmatch.matching.training.promote` consults, bound to one unit of
    work (the matching domain does not import the fairness domain)."""

    def __init__(
        self,
        session: Session,
        understanding: Understanding,
        variants: Sequence[counterfactual.Variant] | None = None,
    ) -> None:
        self.session = session
        self.understanding = understanding
        self.variants = variants
        # Figures measured once per model; a command measures in a read-only unit of work
        # first, so that the unit that writes the verdict never holds the write lock for the
        # minutes an audit takes (see talentmatch.cli).
        self.measured: dict[str, dict[str, Any]] = {}

    def figures(self, model: RankingModel | None) -> dict[str, Any]:
        key = str(model.id) if model is not None else "today"
        if key not in self.measured:
            self.measured[key] = fairness_figures(
                self.session, self.understanding, model, self.variants
            ).as_dict()
        return self.measured[key]

    def regressions(self, candidate: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
        return regressions(
            FairnessFigures.from_dict(candidate), FairnessFigures.from_dict(baseline)
        )
