"""Candidate-job matching: features a recruiter recognises, a transparent default scorer, a
learning-to-rank scorer with the same contract, and explanations for both sides.

Every match is described by the same features, each in [0, 1]:

required_skills   the job's required skills the candidate has (partly, through related skills)
nice_skills       the same for nice-to-have skills
skills_used       the candidate's side: how much of what they know the job uses
semantic          embedding cosine of the whole texts (all-MiniLM-L6-v2)
lexical           BM25 of the candidate's text against the job texts, scaled to the best job
title             embedding cosine of the candidate's titles and the job title
occupation        same O*NET-SOC occupation, or how related the two are
seniority         how close the levels are
salary            whether the job's band reaches the candidate's minimum (same currency)
location          remote / hybrid / on-site and country compatibility
wish_list         how close the job title is to the roles the candidate wants
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, Self

import bm25s
import numpy as np

from talentmatch.ml.embeddings import DIMENSIONS, SentenceEmbedder
from talentmatch.ml.occupations import RelatedOccupations
from talentmatch.ml.skills import SkillTaxonomy

FEATURES = (
    "required_skills",
    "nice_skills",
    "skills_used",
    "semantic",
    "lexical",
    "title",
    "occupation",
    "seniority",
    "salary",
    "location",
    "wish_list",
)
LEVELS = {
    "intern": 0,
    "junior": 1,
    "mid": 2,
    "senior": 3,
    "staff": 4,
    "lead": 4,
    "principal": 5,
    "executive": 5,
}
SALARY_TOLERANCE = 1.10
REASON_SHARE = 0.1  # a reason moves the score at least this share of the strongest reason
WISH_MATCH = 0.6  # wish-list fit from which the explanation names the wished role
MUTUAL_FIT = 0.6  # both sides' fit at least this: "a match both sides would want"
COVERAGE_PRIOR = 0.5
COVERAGE_PSEUDO_SKILLS = 2.0
SKILL_TRUST_HALF = 4.0  # known candidate skills at which skill features count half
LEXICAL_TRUST_HALF = 8.0  # distinct query words at which word overlap counts half

# Skills that imply others, with how much: "PyTorch" partly covers "deep learning".
IMPLIES: dict[str, dict[str, float]] = {
    "pytorch": {"deep-learning": 0.8, "machine-learning": 0.7, "python": 0.4},
    "tensorflow": {"deep-learning": 0.8, "machine-learning": 0.7, "python": 0.4},
    "keras": {"deep-learning": 0.7, "machine-learning": 0.6},
    "jax": {"deep-learning": 0.7, "machine-learning": 0.6},
    "scikit-learn": {"machine-learning": 0.8, "python": 0.4},
    "xgboost": {"machine-learning": 0.7},
    "deep-learning": {"machine-learning": 0.8},
    "nlp": {"machine-learning": 0.6, "deep-learning": 0.4},
    "llm": {"nlp": 0.7, "deep-learning": 0.5, "machine-learning": 0.5},
    "transformers": {"nlp": 0.7, "deep-learning": 0.7, "machine-learning": 0.5},
    "computer-vision": {"deep-learning": 0.5, "machine-learning": 0.6},
    "speech": {"deep-learning": 0.5, "machine-learning": 0.5},
    "recommender-systems": {"machine-learning": 0.6},
    "reinforcement-learning": {"machine-learning": 0.6},
    "mlflow": {"mlops": 0.6},
    "kubeflow": {"mlops": 0.7, "kubernetes": 0.5},
    "sagemaker": {"mlops": 0.5, "aws": 0.6},
    "spark": {"etl": 0.5, "data-warehousing": 0.3, "hadoop": 0.4},
    "databricks": {"spark": 0.6, "data-warehousing": 0.4},
    "airflow": {"etl": 0.6},
    "dbt": {"etl": 0.5, "data-modeling": 0.5, "sql": 0.5},
    "kafka": {"streaming": 0.8},
    "flink": {"streaming": 0.8},
    "snowflake": {"data-warehousing": 0.7, "sql": 0.5},
    "bigquery": {"data-warehousing": 0.7, "sql": 0.5, "gcp": 0.5},
    "redshift": {"data-warehousing": 0.7, "sql": 0.5, "aws": 0.5},
    "postgresql": {"sql": 0.8},
    "mysql": {"sql": 0.8},
    "sqlserver": {"sql": 0.8},
    "oracle-db": {"sql": 0.8},
    "sqlite": {"sql": 0.6},
    "pandas": {"python": 0.5, "data-analysis": 0.6},
    "numpy": {"python": 0.4},
    "django": {"python": 0.6, "rest": 0.4},
    "flask": {"python": 0.6, "rest": 0.4},
    "fastapi": {"python": 0.6, "rest": 0.5},
    "spring": {"java": 0.6},
    "react": {"javascript": 0.5},
    "angular": {"typescript": 0.5, "javascript": 0.4},
    "vue": {"javascript": 0.5},
    "typescript": {"javascript": 0.7},
    "nodejs": {"javascript": 0.6},
    "kotlin": {"java": 0.4},
    "scala": {"java": 0.3},
    "cpp": {"c": 0.5},
    "docker": {"kubernetes": 0.3},
    "kubernetes": {"docker": 0.6},
    "helm": {"kubernetes": 0.6},
    "terraform": {"iac": 0.9, "cloud-computing": 0.4},
    "ansible": {"iac": 0.6},
    "jenkins": {"cicd": 0.8},
    "aws": {"cloud-computing": 0.9},
    "gcp": {"cloud-computing": 0.9},
    "azure": {"cloud-computing": 0.9},
    "s3": {"aws": 0.5},
    "ec2": {"aws": 0.5},
    "lambda": {"aws": 0.5},
    "prometheus": {"observability": 0.8},
    "grafana": {"observability": 0.7},
    "ab-testing": {"statistics": 0.6, "hypothesis-testing": 0.7},
    "hypothesis-testing": {"statistics": 0.7},
    "regression": {"statistics": 0.6},
    "bayesian": {"statistics": 0.7, "probability": 0.6},
    "causal-inference": {"statistics": 0.6},
    "time-series": {"statistics": 0.5},
    "tableau": {"data-visualization": 0.8},
    "power-bi": {"data-visualization": 0.8},
    "looker": {"data-visualization": 0.7},
    "r": {"statistics": 0.5},
}


@dataclass(frozen=True)
class MatchProfile:
    """One side of a match: a candidate (``kind="candidate"``) or a job (``kind="job"``).

    For a candidate, ``skills`` are what they have, ``salary_min`` is their minimum and
    ``remote`` their preference (onsite/hybrid/remote/any). For a job, ``skills`` are required,
    ``nice_skills`` nice to have, ``salary_min``/``salary_max`` the band and ``remote`` the policy.
    """

    id: str
    kind: str
    title: str = ""
    text: str = ""
    skills: tuple[str, ...] = ()
    nice_skills: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    seniority: str | None = None
    occupation: str | None = None
    country: str = ""
    remote: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str | None = None
    target_roles: tuple[str, ...] = ()
    years_experience: float | None = None
    work_authorizations: tuple[str, ...] = ()
    # Stored embeddings of text_of / title_of / wish_of (see embed_profiles); computed on the
    # fly when absent.
    text_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    title_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    wish_vector: np.ndarray | None = field(default=None, compare=False, repr=False)


def text_of(profile: MatchProfile) -> str:
    return profile.text


def title_of(profile: MatchProfile) -> str:
    """The title text that is embedded: a candidate's recent titles, or the job title."""
    return " / ".join(t for t in (profile.titles or (profile.title,)) if t)


def wish_of(profile: MatchProfile) -> str:
    return " / ".join(profile.target_roles)


def fingerprint(profile: MatchProfile) -> str:
    """Changes exactly when one of the embedded texts changes (stored vectors are then stale)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for text in (text_of(profile), title_of(profile), wish_of(profile)):
        digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return digest.hexdigest()


def embed_profiles(
    embedder: SentenceEmbedder, profiles: Sequence[MatchProfile]
) -> list[MatchProfile]:
    """The profiles with their three vectors attached (one batch per kind of text)."""
    if not profiles:
        return []
    texts = embedder.encode([text_of(p) for p in profiles])
    titles = embedder.encode([title_of(p) for p in profiles])
    wishes = embedder.encode([wish_of(p) for p in profiles])
    return [
        replace(p, text_vector=texts[i], title_vector=titles[i], wish_vector=wishes[i])
        for i, p in enumerate(profiles)
    ]


def with_text_vector(embedder: SentenceEmbedder, profile: MatchProfile) -> MatchProfile:
    """``profile`` itself when it carries its vectors, else with them computed now."""
    if profile.text_vector is not None:
        return profile
    return embed_profiles(embedder, [profile])[0]


def compatible(candidate: MatchProfile, job: MatchProfile) -> bool:
    """Hard constraints: place and remote policy, work authorisation, salary (a candidate's
    minimum may exceed the band by :data:`SALARY_TOLERANCE` before the job is excluded)."""
    if job.remote != "remote":
        if candidate.remote == "remote":
            return False
        elsewhere = job.country and candidate.country and job.country != candidate.country
        if elsewhere and job.country not in candidate.work_authorizations:
            return False
    offered = job.salary_max or job.salary_min
    if candidate.salary_min and offered and candidate.currency == job.currency:
        return candidate.salary_min <= offered * SALARY_TOLERANCE
    return True


@dataclass
class Match:
    job_id: str
    candidate_id: str
    score: float
    features: dict[str, float]
    explanation: dict[str, Any] = field(default_factory=dict)


NEUTRAL = 0.5  # every feature's "not known" value: the baseline contributions are measured from


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
    # Chosen on the training halves of benchmarks.matching_quality (see docs/benchmarks.md).
    EMPLOYER = {
        "required_skills": 1.0,
        "nice_skills": 0.5,
        "semantic": 4.0,
        "lexical": 4.0,
        "title": 2.0,
        "occupation": 1.5,
        "seniority": 0.75,
    }
    CANDIDATE = {
        "skills_used": 2.0,
        "wish_list": 1.5,
        "salary": 1.0,
        "location": 1.0,
        "title": 1.0,
        "semantic": 2.0,
        "lexical": 2.0,
        "seniority": 0.5,
    }

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


_BM25_TOKEN = re.compile(r"[a-z0-9+#]+")


def _tokens(text: str) -> list[str]:
    return _BM25_TOKEN.findall(text.lower())


class MatchFeatures:
    """Compute the feature matrix between one profile and many on the other side."""

    def __init__(
        self,
        taxonomy: SkillTaxonomy,
        embedder: SentenceEmbedder,
        related: RelatedOccupations | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.related = related
        self._indexes: dict[tuple[str, ...], Any] = {}

    def matrix(self, candidate: MatchProfile, jobs: Sequence[MatchProfile]) -> np.ndarray:
        """Rows are jobs, columns :data:`FEATURES`."""
        return self.pairs([(candidate, job) for job in jobs])

    def pairs(self, pairs: Sequence[tuple[MatchProfile, MatchProfile]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(FEATURES)))
        candidates = [c for c, _ in pairs]
        jobs = [j for _, j in pairs]
        semantic = self._cosine(candidates, jobs, "text_vector", text_of)
        # Without a title on either side, title fit is unknown: neutral, like the other features.
        title = np.where(
            [bool(title_of(c)) and bool(title_of(j)) for c, j in pairs],
            self._cosine(candidates, jobs, "title_vector", title_of),
            0.5,
        )
        wish = [self.wish_fit(c, j)[0] for c, j in pairs]
        lexical = self._lexical(candidates, jobs)
        weights = skill_weights({j.id: (*j.skills, *j.nice_skills) for j in jobs}.values())
        rows = np.zeros((len(pairs), len(FEATURES)))
        for i, (candidate, job) in enumerate(pairs):
            # Skill features are trusted as far as the candidate's known skills allow: with two
            # skills recognised, coverage says little; with twelve, a lot.
            trust = len(candidate.skills) / (len(candidate.skills) + SKILL_TRUST_HALF)
            required = (
                self.coverage(candidate.skills, job.skills, weights)[0] if job.skills else 0.5
            )
            nice = (
                self.coverage(candidate.skills, job.nice_skills, weights)[0]
                if job.nice_skills
                else 0.5
            )
            used = skills_used(candidate.skills, (*job.skills, *job.nice_skills), weights)
            rows[i] = (
                _trusted(required, trust),
                _trusted(nice, trust),
                _trusted(used, trust),
                semantic[i],
                lexical[i],
                title[i],
                self.occupation_fit(candidate.occupation, job.occupation),
                seniority_fit(candidate.seniority, job.seniority),
                salary_fit(candidate, job),
                location_fit(candidate, job),
                wish[i],
            )
        return rows

    def _vectors(
        self, profiles: Sequence[MatchProfile], attribute: str, text: Callable[[MatchProfile], str]
    ) -> np.ndarray:
        """One row per profile: its stored vector, or the text embedded now."""
        rows = np.zeros((len(profiles), DIMENSIONS), dtype=np.float32)
        missing = []
        for i, profile in enumerate(profiles):
            vector = getattr(profile, attribute)
            if vector is None:
                missing.append(i)
            else:
                rows[i] = vector
        if missing:
            rows[missing] = self.embedder.encode([text(profiles[i]) for i in missing])
        return rows

    def _cosine(
        self,
        candidates: Sequence[MatchProfile],
        jobs: Sequence[MatchProfile],
        attribute: str,
        text: Callable[[MatchProfile], str],
    ) -> np.ndarray:
        left = self._vectors(candidates, attribute, text)
        right = self._vectors(jobs, attribute, text)
        return np.asarray(np.clip((left * right).sum(axis=1), 0, 1), dtype=np.float64)

    def _lexical(
        self, candidates: Sequence[MatchProfile], jobs: Sequence[MatchProfile]
    ) -> np.ndarray:
        """BM25 of each candidate's text over the jobs paired with it, scaled to the best and
        drawn towards one half for short queries."""
        scores = np.full(len(jobs), 0.5)  # no words to compare: neutral
        by_candidate: dict[str, list[int]] = {}
        for index, candidate in enumerate(candidates):
            by_candidate.setdefault(candidate.id, []).append(index)
        for indices in by_candidate.values():
            retriever = self._bm25([jobs[i] for i in indices])
            if retriever is None:
                continue
            query = _tokens(f"{candidates[indices[0]].title} {candidates[indices[0]].text}")
            known = [t for t in query if t in retriever.vocab_dict]
            if not known:
                continue
            values = retriever.get_scores(known)
            top = float(values.max()) or 1.0
            # Word overlap is trusted as far as the query is long: the best match of a
            # three-word title is not as telling as the best match of a whole resume.
            distinct = len(set(query))
            trust = distinct / (distinct + LEXICAL_TRUST_HALF)
            for local, i in enumerate(indices):
                scores[i] = 0.5 + trust * (float(values[local]) / top - 0.5)
        return scores

    def _bm25(self, jobs: Sequence[MatchProfile]) -> Any:
        """A BM25 index over these jobs (title counted twice), kept for the next query."""
        key = tuple(j.id for j in jobs)
        if key not in self._indexes:
            corpus = [_tokens(f"{j.title} {j.title} {j.text}") for j in jobs]
            if not any(corpus):
                return None
            retriever = bm25s.BM25()
            ids, vocabulary = _vocab(corpus)
            retriever.index(
                bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False
            )
            if len(self._indexes) > 8:
                self._indexes.clear()
            self._indexes[key] = retriever
        return self._indexes[key]

    def coverage(
        self, have: Sequence[str], need: Sequence[str], weights: dict[str, float] | None = None
    ) -> tuple[float, dict[str, Any]]:
        """Share of ``need`` covered by ``have``: full credit for a skill held, partial credit
        through related skills (:data:`IMPLIES`), each skill weighted by ``weights`` (how
        specific it is). Returns the share and the details by skill."""
        if not need:
            return 1.0, {"met": [], "partly": [], "missing": []}
        weights = weights or {}
        held = set(have)
        met, partly, missing = [], [], []
        total = needed = 0.0
        for skill in need:
            weight = weights.get(skill, 1.0)
            needed += weight
            if skill in held:
                met.append(skill)
                total += weight
                continue
            best, via = 0.0, None
            for owned in held:
                credit = IMPLIES.get(owned, {}).get(skill, 0.0)
                if credit > best:
                    best, via = credit, owned
            if via is not None:
                partly.append({"skill": skill, "via": via, "credit": round(best, 2)})
                total += best * weight
            else:
                missing.append(skill)
        # Smoothed towards one half by two average pseudo-skills: meeting the only skill a job
        # lists proves less than meeting ten.
        pseudo = COVERAGE_PSEUDO_SKILLS * needed / len(need)
        share = (total + COVERAGE_PRIOR * pseudo) / (needed + pseudo)
        return share, {"met": met, "partly": partly, "missing": missing}

    def wish_fit(self, candidate: MatchProfile, job: MatchProfile) -> tuple[float, str | None]:
        """How close the job is to the closest role on the candidate's wish list, and that
        role. Levels are left out ("Senior Backend Engineer" covers "Lead Backend Engineer");
        the words that name the specialism count as much as the embedding, which on its own
        finds "Frontend Engineer" and "Backend Engineer" nearly the same."""
        if not candidate.target_roles:
            return NEUTRAL, None
        job_words = role_words(job.title)
        roles = list(dict.fromkeys(candidate.target_roles))
        vectors = self.embedder.encode(
            [without_level(r) for r in roles] + [without_level(job.title)]
        )
        best, best_role = 0.0, roles[0]
        for i, role in enumerate(roles):
            words = role_words(role)
            if words and words == job_words:
                return 1.0, role
            meaning = float(np.clip(vectors[i] @ vectors[-1], 0, 1))
            value = 0.5 * meaning + 0.5 * _specialism_overlap(words, job_words)
            if value > best:
                best, best_role = value, role
        return best, best_role

    def wished_role(self, candidate: MatchProfile, job: MatchProfile) -> str | None:
        return self.wish_fit(candidate, job)[1]

    def occupation_fit(self, a: str | None, b: str | None) -> float:
        if not a or not b:
            return 0.5
        if a == b:
            return 1.0
        if self.related is None or a not in self.related.index_ or b not in self.related.index_:
            return 0.0
        return float(self.related.pair_score(a, b))


_LEVEL_WORDS = re.compile(
    r"\b(senior|sr|junior|jr|lead|staff|principal|head of|chief|intern|associate|graduate"
    r"|entry[- ]level|mid[- ]level|i{1,3}|iv)\b\.?",
    re.IGNORECASE,
)
_ROLE_SYNONYMS = (
    (re.compile(r"\bfront[- ]end\b"), "frontend"),
    (re.compile(r"\bback[- ]end\b"), "backend"),
    (re.compile(r"\bfull[- ]stack\b"), "fullstack"),
    (re.compile(r"\bml\b"), "machine learning"),
    (re.compile(r"\bai\b"), "artificial intelligence"),
    (re.compile(r"\bsre\b"), "site reliability"),
    (re.compile(r"\bdev[- ]?ops\b"), "devops"),
    (re.compile(r"\bdeveloper\b|\bprogrammer\b"), "engineer"),
)
# Words every tech role shares: they say nothing about the specialism.
_GENERIC_ROLE_WORDS = frozenset({"engineer", "engineering", "software", "specialist", "and"})


def without_level(title: str) -> str:
    """The title without its level: "Lead Backend Engineer" -> "Backend Engineer"."""
    return " ".join(_LEVEL_WORDS.sub(" ", title).split())


def role_words(title: str) -> frozenset[str]:
    """The words of a title that name the role, levels left out and spellings unified."""
    text = without_level(title).lower()
    for pattern, replacement in _ROLE_SYNONYMS:
        text = pattern.sub(replacement, text)
    return frozenset(_tokens(text))


def _specialism_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    mine, theirs = a - _GENERIC_ROLE_WORDS, b - _GENERIC_ROLE_WORDS
    if not mine or not theirs:  # a generic "Software Engineer" on either side
        return 0.6 if (a & b) else 0.3
    return len(mine & theirs) / len(mine | theirs)


def _trusted(share: float, trust: float) -> float:
    """A skill share drawn towards neutral as far as the candidate's few known skills make a
    high share weak evidence. A low share is kept as it is: shrinking it too would let a
    candidate with one more required skill (and so more trust) score lower."""
    return share if share <= NEUTRAL else NEUTRAL + trust * (share - NEUTRAL)


def skills_used(have: Sequence[str], asked: Sequence[str], weights: dict[str, float]) -> float:
    """Weighted share of the candidate's skills that the job asks for (0 when it asks none)."""
    wanted = set(asked)
    total = sum(weights.get(s, 1.0) for s in have)
    used = sum(weights.get(s, 1.0) for s in have if s in wanted)
    return used / total if total else 0.0


def skill_weights(job_skill_lists: Iterable[Sequence[str]]) -> dict[str, float]:
    """Inverse document frequency of each skill over the jobs being ranked: a skill every job
    asks for ("communication") weighs little, a rare one ("PyTorch") a lot."""
    lists = [set(skills) for skills in job_skill_lists]
    counts: dict[str, int] = {}
    for skills in lists:
        for skill in skills:
            counts[skill] = counts.get(skill, 0) + 1
    total = len(lists)
    return {skill: math.log((total + 1) / (count + 1)) + 1.0 for skill, count in counts.items()}


def _vocab(corpus: list[list[str]]) -> tuple[list[list[int]], dict[str, int]]:
    vocabulary: dict[str, int] = {}
    ids = [
        [vocabulary.setdefault(token, len(vocabulary)) for token in document] for document in corpus
    ]
    return ids, vocabulary


def seniority_fit(candidate: str | None, job: str | None) -> float:
    if candidate not in LEVELS or job not in LEVELS:
        return 0.5
    return max(0.0, 1.0 - abs(LEVELS[candidate] - LEVELS[job]) / 3.0)


def salary_fit(candidate: MatchProfile, job: MatchProfile) -> float:
    """1 when the job's band reaches the candidate's minimum; falls with the shortfall."""
    wanted = candidate.salary_min
    offered = job.salary_max or job.salary_min
    if not wanted or not offered:
        return 0.5
    if candidate.currency and job.currency and candidate.currency != job.currency:
        return 0.5  # not comparable without exchange rates
    if offered >= wanted:
        return 1.0
    return max(0.0, 1.0 - 2.0 * (wanted - offered) / wanted)


def location_fit(candidate: MatchProfile, job: MatchProfile) -> float:
    preference, policy = candidate.remote or "any", job.remote
    same_country = not candidate.country or not job.country or candidate.country == job.country
    if policy == "remote":
        return 1.0 if preference in ("remote", "any", "hybrid") else 0.7
    if not same_country:
        return 0.1
    if policy is None:
        return 0.7
    if preference == "remote":
        return 0.4 if policy == "hybrid" else 0.2
    return 1.0


class MatchEngine:
    """Rank jobs for a candidate (or candidates for a job) and explain each match.

    Parameters
    ----------
    features:
        The feature computer.
    scorer:
        The :class:`ReciprocalScorer` (default), a :class:`WeightedScorer` or a fitted
        :class:`LambdaRankScorer`.
    """

    def __init__(
        self, features: MatchFeatures, scorer: Scorer | None = None, *, label: str = ""
    ) -> None:
        self.features = features
        self.scorer: Scorer = scorer or ReciprocalScorer()
        # Names the scorer in every explanation ("LambdaRank model version 3").
        self.label = label or self.scorer.name
        # What each side wants, shown beside the reasons: a description, not the ranking.
        self._sides = ReciprocalScorer()

    def rank_jobs(
        self, candidate: MatchProfile, jobs: Sequence[MatchProfile], *, top: int = 20
    ) -> list[Match]:
        matrix = self.features.matrix(candidate, jobs)
        return self._ranked(matrix, [(candidate, job) for job in jobs], top)

    def rank_candidates(
        self, job: MatchProfile, candidates: Sequence[MatchProfile], *, top: int = 50
    ) -> list[Match]:
        pairs = [(candidate, job) for candidate in candidates]
        return self._ranked(self.features.pairs(pairs), pairs, top)

    def _ranked(
        self, matrix: np.ndarray, pairs: Sequence[tuple[MatchProfile, MatchProfile]], top: int
    ) -> list[Match]:
        if not pairs:
            return []
        scores = self.scorer.score(matrix)
        order = np.argsort(-scores, kind="stable")[:top]
        # Contributions of the shown matches only: the scorer that ranked explains its rank.
        contributions = self.scorer.contributions(matrix[order])
        return [
            Match(
                job_id=pairs[i][1].id,
                candidate_id=pairs[i][0].id,
                score=round(float(scores[i]), 6),
                features={name: round(float(matrix[i, f]), 4) for f, name in enumerate(FEATURES)},
                explanation=self.explain(pairs[i][0], pairs[i][1], matrix[i], contributions[k]),
            )
            for k, i in enumerate(order)
        ]

    def explain(
        self,
        candidate: MatchProfile,
        job: MatchProfile,
        row: np.ndarray,
        contributions: np.ndarray | None = None,
    ) -> dict[str, Any]:
        """What both sides see: skills met, partly met and missing; salary, location, level and
        wish-list fit; and the reasons for and against, which are the features that moved this
        match's score most up and down in the scorer that ranked it."""
        names = self.features.taxonomy.skills

        def label(skill_id: str) -> str:
            skill = names.get(skill_id)
            return skill.name if skill else skill_id

        if contributions is None:
            contributions = self.scorer.contributions(row[None, :])[0]
        _, required = self.features.coverage(candidate.skills, job.skills)
        _, nice = self.features.coverage(candidate.skills, job.nice_skills)
        by_feature = {name: float(contributions[i]) for i, name in enumerate(FEATURES)}
        scale = max((abs(v) for v in by_feature.values()), default=0.0)
        # A reason moves the score by at least a tenth of the strongest one.
        floor = max(scale * REASON_SHARE, 1e-9)
        ups = sorted((n for n in FEATURES if by_feature[n] >= floor), key=lambda n: -by_feature[n])
        downs = sorted(
            (n for n in FEATURES if by_feature[n] <= -floor), key=lambda n: by_feature[n]
        )
        employer, candidate_side = self._sides.sides(row[None, :])
        for_employer, for_candidate = float(employer[0]), float(candidate_side[0])
        mutual = float(mutual_fit(employer, candidate_side)[0])
        wished = self.features.wished_role(candidate, job)
        return {
            "skills_met": [label(s) for s in required["met"]],
            "skills_partly_met": [
                {"skill": label(p["skill"]), "via": label(p["via"]), "credit": p["credit"]}
                for p in required["partly"]
            ],
            "skills_missing": [label(s) for s in required["missing"]],
            "nice_to_have_met": [label(s) for s in nice["met"]],
            "salary": _salary_note(candidate, job),
            "location": _location_note(candidate, job),
            "seniority": _seniority_note(candidate, job),
            "wish_list": (
                f"matches the wish to work as {wished}"
                if wished and row[FEATURES.index("wish_list")] >= WISH_MATCH
                else "outside the roles on the wish list"
                if candidate.target_roles
                else "no wish list"
            ),
            "fit": {
                "for_employer": round(for_employer, 3),
                "for_candidate": round(for_candidate, 3),
                "mutual": round(mutual, 3),
                "summary": _mutual_note(for_employer, for_candidate),
            },
            "why": [_WHY[n] for n in ups[:3]],
            "against": [_AGAINST[n] for n in downs[:3]],
            "reasons": [
                {"feature": n, "text": _WHY[n], "contribution": round(by_feature[n], 6)}
                for n in ups[:3]
            ]
            + [
                {"feature": n, "text": _AGAINST[n], "contribution": round(by_feature[n], 6)}
                for n in downs[:3]
            ],
            "contributions": {n: round(v, 6) for n, v in by_feature.items()},
            "scored_by": self.label,
        }


_WHY = {
    "required_skills": "covers the required skills",
    "nice_skills": "has nice-to-have skills",
    "skills_used": "the job uses much of what the candidate knows",
    "semantic": "experience reads like the job",
    "lexical": "uses the job's own words",
    "title": "title close to the job title",
    "occupation": "same or related occupation",
    "seniority": "level fits",
    "salary": "salary fits",
    "location": "location and remote policy fit",
    "wish_list": "on the candidate's wish list",
}
_AGAINST = {
    "required_skills": "misses required skills",
    "nice_skills": "few nice-to-have skills",
    "skills_used": "the job uses little of what the candidate knows",
    "semantic": "experience reads unlike the job",
    "lexical": "few of the job's words",
    "title": "title far from the job title",
    "occupation": "different occupation",
    "seniority": "level differs",
    "salary": "salary below the candidate's minimum",
    "location": "location or remote policy conflict",
    "wish_list": "not on the wish list",
}


def _mutual_note(employer: float, candidate: float) -> str:
    if min(employer, candidate) >= MUTUAL_FIT:
        return "a match both sides would want"
    if employer - candidate >= 0.1:
        return "fits what the employer asks better than what the candidate wants"
    if candidate - employer >= 0.1:
        return "fits what the candidate wants better than what the employer asks"
    return "a middling fit for both sides"


def _salary_note(candidate: MatchProfile, job: MatchProfile) -> str:
    offered = job.salary_max or job.salary_min
    if not candidate.salary_min or not offered:
        return "no salary to compare"
    if candidate.currency and job.currency and candidate.currency != job.currency:
        return f"band in {job.currency}, minimum in {candidate.currency}"
    if offered >= candidate.salary_min:
        currency = candidate.currency or ""
        return f"band reaches the minimum of {candidate.salary_min:,} {currency}".strip()
    return f"band tops out {candidate.salary_min - offered:,} below the minimum"


def _location_note(candidate: MatchProfile, job: MatchProfile) -> str:
    policy = job.remote or "unspecified"
    where = f" in {job.country}" if job.country else ""
    return f"job is {policy}{where}; candidate prefers {candidate.remote or 'any'}" + (
        f" from {candidate.country}" if candidate.country else ""
    )


def _seniority_note(candidate: MatchProfile, job: MatchProfile) -> str:
    if not candidate.seniority or not job.seniority:
        return "level unknown"
    if candidate.seniority == job.seniority:
        return f"both {job.seniority}"
    return f"candidate {candidate.seniority}, job {job.seniority}"


def load_scorer(path: Path | None) -> Scorer:
    """The scorer a model file holds (``.json`` weights or a LightGBM text model)."""
    if path is None:
        return ReciprocalScorer()
    if path.suffix == ".json":
        payload = json.loads(path.read_text(encoding="utf-8"))
        return WeightedScorer(payload["weights"])
    return LambdaRankScorer.load(path)
