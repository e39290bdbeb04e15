"""Learning to rank from the marketplace's own feedback, with versions and an evaluation gate.

Each job that sent interview requests is a query. The candidates it asked are judged by how
the request went (hired 3, accepted 2, sent or expired 1, declined 0); a sample of live
candidates it did not ask are 0. A quarter of the jobs (by a hash of their id, so the split is
stable as data grows) is held out: a new LambdaRank model and the model that ranks today are
scored on it, and a model is promoted only when its NDCG@10 does not fall below today's.
"""

from __future__ import annotations

import random
import uuid
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from sqlalchemy.orm import Session

from talentmatch.candidates.repository import CandidateRepository
from talentmatch.interviews.models import HiringStage, InterviewRequest, RequestStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import Conflict, InvalidInput, NotFound
from talentmatch.matching.models import ModelStatus, RankingModel
from talentmatch.matching.profiles import candidate_profile, job_profile
from talentmatch.matching.repository import MatchSourceRepository, RankingModelRepository
from talentmatch.ml.evaluation import evaluate_run
from talentmatch.ml.matching import LambdaRankScorer, MatchEngine, ReciprocalScorer, Scorer
from talentmatch.understanding import Understanding

NEGATIVES_PER_JOB = 10
# Jobs with at least one candidate they wanted, before a model is worth training.
MIN_JOBS = 12
MIN_HELD_OUT_JOBS = 3
# NDCG@10 a new model may lose against today's and still pass (noise on a small holdout).
GATE_TOLERANCE = 0.0


def relevance_of(request: InterviewRequest) -> int | None:
    """How much a request says the pair was a match; ``None``: it says nothing."""
    if request.status is RequestStatus.WITHDRAWN:
        return None
    if request.stage is HiringStage.HIRED:
        return 3
    if request.status is RequestStatus.ACCEPTED:
        return 0 if request.stage is HiringStage.NOT_SELECTED else 2
    if request.status is RequestStatus.DECLINED:
        return 0
    return 1  # sent or expired: the company wanted them; no answer either way


def is_held_out(job_id: str) -> bool:
    return zlib.crc32(job_id.encode()) % 4 == 0


@dataclass
class Feedback:
    features: np.ndarray
    relevance: np.ndarray
    jobs: list[str]  # the query (job id) of each row, rows of one job together
    candidates: list[str]

    def rows(self, held_out: bool) -> np.ndarray:
        return np.array([is_held_out(j) == held_out for j in self.jobs], dtype=bool)

    def groups(self, mask: np.ndarray) -> list[int]:
        sizes: dict[str, int] = {}
        for job, keep in zip(self.jobs, mask, strict=True):
            if keep:
                sizes[job] = sizes.get(job, 0) + 1
        return list(sizes.values())

    def judged_jobs(self, mask: np.ndarray) -> int:
        return len({j for j, r, m in zip(self.jobs, self.relevance, mask, strict=True) if m and r})


def collect_feedback(session: Session, understanding: Understanding, *, seed: int = 0) -> Feedback:
    repo = MatchSourceRepository(session)
    labels: dict[uuid.UUID, dict[uuid.UUID, int]] = defaultdict(dict)
    for request in repo.interview_requests():
        relevance = relevance_of(request)
        if relevance is not None:
            labels[request.job_id][request.candidate_profile_id] = relevance
    labels = {job: judged for job, judged in labels.items() if any(judged.values())}
    live = repo.live_or_hired_profile_ids()
    rng = random.Random(seed)  # noqa: S311 - sampling negatives, not security
    rows: list[tuple[uuid.UUID, uuid.UUID, int]] = []
    for job_id in sorted(labels):
        judged = labels[job_id]
        pool = [p for p in live if p not in judged]
        negatives = rng.sample(pool, k=min(NEGATIVES_PER_JOB, len(pool)))
        rows += [(job_id, p, r) for p, r in judged.items()]
        rows += [(job_id, p, 0) for p in negatives]
    if not rows:
        return Feedback(np.zeros((0, 0)), np.zeros(0, dtype=int), [], [])
    jobs = JobRepository(session).by_ids(labels)
    profile_ids = {p for _, p, _ in rows}
    profiles = CandidateRepository(session).by_ids(profile_ids)
    texts = repo.resume_texts(list(profile_ids))
    job_cards = {j: job_profile(understanding, job) for j, job in jobs.items()}
    candidate_cards = {
        p: candidate_profile(understanding, profile, texts.get(p, ""))
        for p, profile in profiles.items()
    }
    pairs = [(candidate_cards[p], job_cards[j]) for j, p, _ in rows]
    return Feedback(
        features=understanding.matcher.features.pairs(pairs),
        relevance=np.array([r for _, _, r in rows], dtype=int),
        jobs=[str(j) for j, _, _ in rows],
        candidates=[str(p) for _, p, _ in rows],
    )


def evaluate_scorer(scorer: Scorer, feedback: Feedback, mask: np.ndarray) -> dict[str, Any]:
    """NDCG@5/@10, MAP, MRR and recall@10 of ``scorer`` on the rows in ``mask``."""
    scores = scorer.score(feedback.features[mask])
    run: dict[str, dict[str, float]] = defaultdict(dict)
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    jobs = [j for j, m in zip(feedback.jobs, mask, strict=True) if m]
    candidates = [c for c, m in zip(feedback.candidates, mask, strict=True) if m]
    for job, candidate, score, relevance in zip(
        jobs, candidates, scores, feedback.relevance[mask], strict=True
    ):
        run[job][candidate] = float(score)
        qrels[job][candidate] = int(relevance)
    return evaluate_run(dict(run), dict(qrels))


# Parsed models by id, once per process: a stored version never changes.
class FairnessGate(Protocol):
    """Fairness figures of a model and how they compare (see talentmatch.fairness.gates)."""

    def figures(self, model: RankingModel | None) -> dict[str, Any]:
        """``model``'s figures; ``None``: what ranks today."""
        ...

    def regressions(self, candidate: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
        """Why ``candidate`` is less fair than ``baseline``, in words."""
        ...


_SCORERS: dict[uuid.UUID, LambdaRankScorer] = {}


def active_model(session: Session) -> RankingModel | None:
    return RankingModelRepository(session).active()


def _scorer(model_id: uuid.UUID, body: Callable[[], str]) -> LambdaRankScorer:
    if model_id not in _SCORERS:
        _SCORERS[model_id] = LambdaRankScorer.from_text(body())
    return _SCORERS[model_id]


def scorer_of(model: RankingModel | None) -> Scorer:
    """The scorer a stored model holds, or the transparent default."""
    return ReciprocalScorer() if model is None else _scorer(model.id, lambda: model.body)


def ranking_engine(session: Session, understanding: Understanding) -> MatchEngine:
    """The engine with the promoted model, else the transparent default scorer. On every match
    request: reads only the active id, and the model text once per process."""
    models = RankingModelRepository(session)
    active = models.active_id()
    if active is None:
        return understanding.matcher
    model_id, version = active
    scorer = _scorer(model_id, lambda: models.body(model_id))
    label = f"{scorer.name} version {version}"
    return MatchEngine(understanding.matcher.features, scorer, label=label)


def fairness_bar(session: Session, active: RankingModel | None) -> RankingModel | None:
    """The model whose fairness a new one must also match: the last promoted without
    ``--force``, when the active one was forced past the gate (else None)."""
    if active is None or "forced" not in (active.evaluation or {}):
        return None
    return RankingModelRepository(session).last_promoted_unforced()


def _baseline(session: Session) -> tuple[str, Scorer]:
    model = active_model(session)
    name = f"version {model.version}" if model else "transparent default scorer"
    return name, scorer_of(model)


def _check_enough(feedback: Feedback) -> tuple[np.ndarray, np.ndarray]:
    train, held_out = feedback.rows(False), feedback.rows(True)
    if feedback.judged_jobs(train) < MIN_JOBS or feedback.judged_jobs(held_out) < MIN_HELD_OUT_JOBS:
        raise InvalidInput(
            f"not enough feedback to learn from: {feedback.judged_jobs(train)} jobs to train on "
            f"and {feedback.judged_jobs(held_out)} held out have a candidate they wanted; "
            f"need {MIN_JOBS} and {MIN_HELD_OUT_JOBS}"
        )
    return train, held_out


def _comparison(
    feedback: Feedback, mask: np.ndarray, scorer: Scorer, baseline: tuple[str, Scorer]
) -> dict[str, Any]:
    mine = evaluate_scorer(scorer, feedback, mask)
    theirs = evaluate_scorer(baseline[1], feedback, mask)
    return {
        "held_out_jobs": feedback.judged_jobs(mask),
        "metrics": mine,
        "baseline": {"name": baseline[0], "metrics": theirs},
        "passes_gate": mine["ndcg@10"] >= theirs["ndcg@10"] - GATE_TOLERANCE,
        "evaluated_at": utcnow().isoformat(),
    }


def fit(
    session: Session,
    understanding: Understanding,
    feedback: Feedback | None = None,
    *,
    fairness: FairnessGate | None = None,
) -> RankingModel:
    """Train a new model on three quarters of the jobs and evaluate it on the rest (with
    ``fairness``, its fairness figures too); only reads. The model is not saved: see
    :func:`save`. Kept apart so that a long evaluation never holds SQLite's write lock."""
    feedback = feedback if feedback is not None else collect_feedback(session, understanding)
    train_rows, held_out = _check_enough(feedback)
    scorer = LambdaRankScorer().fit(
        feedback.features[train_rows], feedback.relevance[train_rows], feedback.groups(train_rows)
    )
    model = RankingModel(
        id=uuid.uuid4(),  # the scorer cache's key, before the row exists
        # The version it will most likely get (save() sets it for sure): the fairness audit
        # names the model by it.
        version=RankingModelRepository(session).next_version(),
        kind="lambdarank",
        status=ModelStatus.TRAINED,
        body=scorer.to_text(),
        training={
            "jobs": feedback.judged_jobs(train_rows),
            "rows": int(train_rows.sum()),
            "negatives_per_job": NEGATIVES_PER_JOB,
        },
        evaluation=_comparison(feedback, held_out, scorer, _baseline(session)),
    )
    if fairness is not None:
        model.evaluation = {**model.evaluation, "fairness": {"model": fairness.figures(model)}}
    return model


def save(session: Session, model: RankingModel) -> RankingModel:
    """Store a model :func:`fit` made, as the next version."""
    model.version = RankingModelRepository(session).next_version()
    session.add(model)
    session.flush()
    return model


def train(
    session: Session,
    understanding: Understanding,
    feedback: Feedback | None = None,
    *,
    fairness: FairnessGate | None = None,
) -> RankingModel:
    """Train, evaluate and save a new version in one unit of work."""
    return save(session, fit(session, understanding, feedback, fairness=fairness))


def get_model(session: Session, version: int) -> RankingModel:
    model = RankingModelRepository(session).by_version(version)
    if model is None:
        raise NotFound(f"model version {version}")
    return model


def evaluate(
    session: Session,
    understanding: Understanding,
    version: int,
    feedback: Feedback | None = None,
    *,
    fairness: FairnessGate | None = None,
) -> RankingModel:
    """Score a version again on today's held-out jobs, beside the model that ranks today; with
    ``fairness``, its fairness figures beside today's too."""
    model = get_model(session, version)
    feedback = feedback if feedback is not None else collect_feedback(session, understanding)
    _, held_out = _check_enough(feedback)
    evaluation = _comparison(feedback, held_out, scorer_of(model), _baseline(session))
    if fairness is not None:
        active = active_model(session)
        mine, theirs = fairness.figures(model), fairness.figures(active)
        reasons = fairness.regressions(mine, theirs)
        evaluation["fairness"] = {"model": mine, "baseline": theirs}
        # A model forced past the gate does not lower the bar: what follows it must also be
        # as fair as the last model promoted through the gate (when there was one).
        bar = fairness_bar(session, active)
        if bar is not None and bar.id != model.id:
            kept = fairness.figures(bar)
            evaluation["fairness"]["bar"] = kept
            reasons += [
                f"{reason} (the last model promoted without --force)"
                for reason in fairness.regressions(mine, kept)
                if reason not in reasons
            ]
        evaluation["fairness"] |= {"passes_gate": not reasons, "regressions": reasons}
    if "forced" in (model.evaluation or {}):
        # What a forced promotion overrode stays on the card: it is what keeps the bar.
        evaluation["forced"] = model.evaluation["forced"]
    model.evaluation = evaluation
    session.flush()
    return model


def promote(
    session: Session,
    understanding: Understanding,
    version: int,
    *,
    fairness: FairnessGate,
    force: bool = False,
    feedback: Feedback | None = None,
) -> RankingModel:
    """Make a version the one that ranks, if today's evaluation says it does not regress: its
    NDCG@10 on held-out jobs, its counterfactual invariance and its audited impact ratios, each
    against the model that ranks today. ``force`` overrides, and the model card records what
    it overrode."""
    model = get_model(session, version)
    if model.status is ModelStatus.ACTIVE:
        raise Conflict(f"version {version} already ranks")
    evaluate(session, understanding, version, feedback, fairness=fairness)
    refusals = list(model.evaluation["fairness"]["regressions"])
    if not model.evaluation["passes_gate"]:
        mine = model.evaluation["metrics"]["ndcg@10"]
        baseline = model.evaluation["baseline"]
        refusals.insert(
            0,
            f"NDCG@10 {mine:.4f} on held-out jobs is below "
            f"{baseline['metrics']['ndcg@10']:.4f} for the {baseline['name']}",
        )
    if refusals and not force:
        raise Conflict(
            f"version {version} not promoted: " + "; ".join(refusals) + " (--force overrides)"
        )
    if refusals:
        model.evaluation = {
            **model.evaluation,
            "forced": {"at": utcnow().isoformat(), "overrode": refusals},
        }
    current = active_model(session)
    if current is not None:
        current.status = ModelStatus.RETIRED
        session.flush()  # one active model at a time, even mid-transaction
    model.status = ModelStatus.ACTIVE
    model.promoted_at = utcnow()
    session.flush()
    return model


def retire_active(session: Session) -> RankingModel | None:
    """Go back to the transparent default scorer."""
    current = active_model(session)
    if current is not None:
        current.status = ModelStatus.RETIRED
        session.flush()
    return current


def list_models(session: Session) -> list[RankingModel]:
    return RankingModelRepository(session).newest_first()
