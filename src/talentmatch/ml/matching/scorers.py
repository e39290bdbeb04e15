"""Scorers: the transparent reciprocal default, a weighted average and LightGBM LambdaRank,
with one contract: a score per match and each feature's part in it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, Self

import numpy as np

from talentmatch.ml.matching.features import FEATURES, NEUTRAL


class Scorer(Protocol):
    """The ranking contract: a score per row of a feature matrix (higher is better), and each
    feature's part in that score, from the scorer's own terms (what explanations show)."""

    name: str

    def score(self, features: np.ndarray) -> np.ndarray: ...

    def contributions(self, features: np.ndarray) -> np.ndarray:
        """One row per match, one column per feature: how much the feature moved the score
        (positive: up). For the transparent scorers they add up to the score minus the score of
        a match whose every feature is neutral; for LightGBM to the raw score minus its bias."""
        ...


class WeightedScorer:
    """The transparent cold-start scorer: a weighted average of the features.

    Parameters
    ----------
    weights:
        Weight per feature name; features left out weigh nothing.
    """

    DEFAULT_WEIGHTS = {
        "required_skills": 3.0,
        "nice_skills": 0.5,
        "skills_used": 2.0,
        "semantic": 2.0,
        "lexical": 1.0,
        "title": 2.0,
        "occupation": 1.5,
        "seniority": 0.75,
        "salary": 0.75,
        "location": 0.75,
        "wish_list": 0.75,
    }

    name = "transparent weighted average"

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = dict(weights or self.DEFAULT_WEIGHTS)
        vector = np.array([self.weights.get(name, 0.0) for name in FEATURES], dtype=np.float64)
        self._vector = vector / max(float(vector.sum()), 1e-9)

    def score(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(features @ self._vector, dtype=np.float64)

    def contributions(self, features: np.ndarray) -> np.ndarray:
        return np.asarray((features - NEUTRAL) * self._vector, dtype=np.float64)


# Gauss-Legendre nodes and weights on [0, 1]: the path integral of a smooth function, exact
# to about 1e-12 here.
_GAUSS_NODES, _GAUSS_WEIGHTS = (
    (np.polynomial.legendre.leggauss(12)[0] + 1) / 2,
    np.polynomial.legendre.leggauss(12)[1] / 2,
)


def mutual_fit(employer: np.ndarray, candidate: np.ndarray) -> np.ndarray:
    """The harmonic mean of both sides' fit: high only where both are."""
    return np.asarray(
        2 * employer * candidate / np.maximum(employer + candidate, 1e-9), dtype=np.float64
    )


class ReciprocalScorer:
    """The transparent cold-start scorer, reciprocal: how well the candidate fits the job (what
    an employer weighs) and how well the job fits the candidate (what a candidate weighs),
    combined by their harmonic mean, so that a match both sides would want ranks above one that
    only one side wants.

    Parameters
    ----------
    employer, candidate:
        Weight per feature for each side; features left out weigh nothing on that side.
    """

    # Meaning and words (a hybrid of embedding and BM25) carry most of each side; skill
    # coverage counts less because a post's share of skills met favours posts that list few.
    # The occupation a candidate's titles name carries a one-line or title-only resume, whose
    # text says little. Chosen on the training halves of benchmarks.matching_quality (see
    # docs/benchmarks.md).
    EMPLOYER = {
        "required_skills": 1.0,
        "nice_skills": 0.5,
        "semantic": 6.0,
        "lexical": 4.0,
        "title": 2.0,
        "occupation": 1.5,
        "title_occupation": 4.0,
        "seniority": 0.75,
    }
    # Ranking candidates for one post, the share of its required skills met compares like with
    # like (every candidate faces the same list): there it is what a recruiter weighs first. The
    # titles' occupation is left to the candidate's own ranking: for one post it would rank a
    # candidate titled for the post's occupation above one who meets more of its skills.
    EMPLOYER_FOR_ONE_POST = {
        **EMPLOYER,
        "required_skills": 4.0,
        "nice_skills": 1.0,
        "semantic": 4.0,
        "title_occupation": 0.0,
    }
    CANDIDATE = {
        "skills_used": 2.0,
        "wish_list": 1.5,
        "salary": 1.0,
        "location": 1.0,
        "title": 1.0,
        "semantic": 3.0,
        "lexical": 2.0,
        "title_occupation": 1.0,
        "seniority": 0.5,
    }
    CANDIDATE_FOR_ONE_POST = {**CANDIDATE, "semantic": 2.0, "title_occupation": 0.0}

    name = "transparent reciprocal scorer"

    def __init__(
        self, employer: dict[str, float] | None = None, candidate: dict[str, float] | None = None
    ) -> None:
        self.employer = dict(employer or self.EMPLOYER)
        self.candidate = dict(candidate or self.CANDIDATE)
        self._employer = self._vector(self.employer)
        self._candidate = self._vector(self.candidate)

    @staticmethod
    def _vector(weights: dict[str, float]) -> np.ndarray:
        vector = np.array([weights.get(name, 0.0) for name in FEATURES], dtype=np.float64)
        return np.asarray(vector / max(float(vector.sum()), 1e-9), dtype=np.float64)

    def sides(self, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """How well each match fits the employer and the candidate, each in [0, 1]."""
        return features @ self._employer, features @ self._candidate

    def score(self, features: np.ndarray) -> np.ndarray:
        return mutual_fit(*self.sides(features))

    def contributions(self, features: np.ndarray) -> np.ndarray:
        """Integrated gradients of the harmonic mean from the all-neutral match (score 0.5) to
        each match: exact (they add up to the score minus 0.5), and computed in closed form
        per side, since each side is linear in the features."""
        employer, candidate = self.sides(features)
        d_employer = np.zeros(len(features))
        d_candidate = np.zeros(len(features))
        for t, weight in zip(_GAUSS_NODES, _GAUSS_WEIGHTS, strict=True):
            e = NEUTRAL + t * (employer - NEUTRAL)
            c = NEUTRAL + t * (candidate - NEUTRAL)
            total = np.maximum(e + c, 1e-9) ** 2
            d_employer += weight * 2 * c * c / total
            d_candidate += weight * 2 * e * e / total
        delta = features - NEUTRAL
        return np.asarray(
            delta * (d_employer[:, None] * self._employer + d_candidate[:, None] * self._candidate),
            dtype=np.float64,
        )


class LambdaRankScorer:
    """LightGBM LambdaRank over the match features, learned from marketplace feedback.

    Parameters
    ----------
    n_estimators, learning_rate, num_leaves, min_child_samples:
        LightGBM hyper-parameters.
    random_state:
        Seed for reproducible models.
    """

    name = "LambdaRank model"
    # The model may never rank a match lower for meeting more of what the job asks.
    MONOTONE = {"required_skills": 1, "nice_skills": 1, "skills_used": 1}

    def __init__(
        self,
        *,
        n_estimators: int = 200,
        learning_rate: float = 0.05,
        num_leaves: int = 15,
        min_child_samples: int = 10,
        random_state: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.random_state = random_state
        self.booster_: Any = None

    def fit(self, features: np.ndarray, relevance: np.ndarray, groups: Sequence[int]) -> Self:
        """Learn from rows grouped by query (``groups`` = rows per query, in order)."""
        import lightgbm

        ranker = lightgbm.LGBMRanker(
            objective="lambdarank",
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            random_state=self.random_state,
            verbose=-1,
            n_jobs=2,
            monotone_constraints=[self.MONOTONE.get(name, 0) for name in FEATURES],
            monotone_constraints_method="advanced",
        )
        ranker.fit(features, relevance.astype(int), group=list(groups), feature_name=list(FEATURES))
        self.booster_ = ranker.booster_
        return self

    def score(self, features: np.ndarray) -> np.ndarray:
        if self.booster_ is None:
            raise RuntimeError("the scorer is not fitted or loaded")
        return np.asarray(self.booster_.predict(features), dtype=np.float64)

    def contributions(self, features: np.ndarray) -> np.ndarray:
        """LightGBM's own per-feature contributions (SHAP values of the trees), bias left out."""
        if self.booster_ is None:
            raise RuntimeError("the scorer is not fitted or loaded")
        values = np.asarray(self.booster_.predict(features, pred_contrib=True), dtype=np.float64)
        return values[:, : len(FEATURES)]

    def to_text(self) -> str:
        """LightGBM's own text format (no pickle), with the feature names."""
        if self.booster_ is None:
            raise RuntimeError("nothing to save: fit first")
        return str(self.booster_.model_to_string())

    @classmethod
    def from_text(cls, text: str) -> Self:
        import lightgbm

        scorer = cls()
        scorer.booster_ = lightgbm.Booster(model_str=text)
        if list(scorer.booster_.feature_name()) != list(FEATURES):
            raise ValueError("the model was trained on other features")
        return scorer

    def save(self, path: Path) -> None:
        path.write_text(self.to_text(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Self:
        try:
            return cls.from_text(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from exc


def load_scorer(path: Path | None) -> Scorer:
    """The scorer a model file holds (``.json`` weights or a LightGBM text model)."""
    if path is None:
        return ReciprocalScorer()
    if path.suffix == ".json":
        payload = json.loads(path.read_text(encoding="utf-8"))
        return WeightedScorer(payload["weights"])
    return LambdaRankScorer.load(path)
