"""A ranking model is promoted only when it is not less fair than the one that ranks today:
its counterfactual invariance and its audited impact ratios go on its model card, a model that
shows one group far less is refused, and --force records what it overrode."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.fairness import counterfactual
from talentmatch.fairness.gates import (
    IMPACT_RATIO_TOLERANCE,
    FairnessFigures,
    ModelFairnessGate,
    regressions,
)
from talentmatch.kit.errors import Conflict
from talentmatch.matching import training
from talentmatch.ml.matching import FEATURES
from tests.builders import employer, live_candidate, open_job


def figures(invariance: float = 1.0, **ratios: float | None) -> FairnessFigures:
    return FairnessFigures(
        scorer="some scorer",
        invariance_rate=invariance,
        largest_score_spread=0.0 if invariance == 1.0 else 0.01,
        counterfactual_pairs=100,
        lowest_impact_ratio={"gender": None, "ethnicity": None, **ratios},
        k=10,
        people=40,
        jobs_ranked=3,
    )


def test_what_counts_as_less_fair() -> None:
    today = figures(gender=0.9, ethnicity=0.85)
    assert regressions(figures(gender=0.95, ethnicity=0.85), today) == []
    # Within the tolerance a small pool's noise is not a regression.
    assert (
        regressions(figures(gender=0.9 - IMPACT_RATIO_TOLERANCE / 2, ethnicity=0.85), today) == []
    )
    worse = regressions(figures(gender=0.6, ethnicity=0.85), today)
    assert len(worse) == 1 and "gender impact ratio" in worse[0] and "0.60" in worse[0]
    unblind = regressions(figures(invariance=0.97, gender=0.9, ethnicity=0.85), today)
    assert len(unblind) == 1 and "invariance" in unblind[0]
    # Nobody answered the voluntary questions: nothing to compare, nothing refused.
    assert regressions(figures(), today) == []


def feedback_following(feature: str, jobs: int = 60, seed: int = 0) -> training.Feedback:
    """Jobs whose relevance follows one feature, the others random."""
    rng = np.random.default_rng(seed)
    rows, relevance, job_ids, candidates = [], [], [], []
    column = FEATURES.index(feature)
    for _ in range(jobs):
        job = str(uuid.uuid4())
        for _ in range(11):
            row = rng.random(len(FEATURES))
            rows.append(row)
            relevance.append(int(row[column] * 8))  # graded finely: every level apart
            job_ids.append(job)
            candidates.append(str(uuid.uuid4()))
    return training.Feedback(np.array(rows), np.array(relevance), job_ids, candidates)


REQUIRED = ["Python", "PostgreSQL", "Go", "Docker", "Kubernetes", "Redis"]


@pytest.mark.usefixtures("sqlite_only")
def test_a_model_that_shows_one_group_less_is_refused_and_force_is_recorded(
    app: FastAPI, client: TestClient
) -> None:
    # Six pairs of candidates, alike in everything the job asks (the pair's skills), each pair
    # one woman and one man; the women wish for this kind of job, the men for another.
    rita = employer(client)
    open_job(rita, title="Backend Engineer", required_skills=REQUIRED, nice_to_have_skills=[])
    for level in range(1, 7):
        for gender, wish in (("female", "Backend Engineer"), ("male", "Data Scientist")):
            person = live_candidate(
                client,
                app,
                name=f"{gender.title()} Candidate {level}",
                skills=REQUIRED[:level],
                target_roles=[wish],
            )
            answered = person.put(
                "/api/me/self-identification", json={"consent": True, "gender": gender}
            )
            assert answered.status_code == 200, answered.text
    understanding = app.state.understanding
    by_skills = feedback_following("required_skills")
    by_wish = feedback_following("wish_list", seed=1)
    few = counterfactual.corpus(counterfactual.PERSONAS[:2])
    with unit_of_work(app.state.session_factory) as session:
        gate = ModelFairnessGate(session, understanding, few)
        fair = training.train(session, understanding, by_skills, fairness=gate)
        card = fair.evaluation["fairness"]["model"]
        assert card["invariance_rate"] == 1.0 and card["counterfactual_pairs"] > 0
        assert card["lowest_impact_ratio"]["gender"] == pytest.approx(1.0)  # 5 of 6 each
        assert card["lowest_impact_ratio"]["ethnicity"] is None  # nobody said
        training.promote(session, understanding, fair.version, feedback=by_skills, fairness=gate)

        # Ranked by the wish, the top ten hold every woman and four men: the men's impact
        # ratio falls to 4/6, far below today's.
        skewed = training.train(session, understanding, by_wish, fairness=gate)
        assert skewed.evaluation["fairness"]["model"]["lowest_impact_ratio"][
            "gender"
        ] == pytest.approx(4 / 6)
        with pytest.raises(Conflict, match="gender impact ratio"):
            training.promote(
                session, understanding, skewed.version, feedback=by_wish, fairness=gate
            )
        assert training.active_model(session).version == fair.version  # type: ignore[union-attr]
        forced = training.promote(
            session, understanding, skewed.version, feedback=by_wish, fairness=gate, force=True
        )
        overrode = forced.evaluation["forced"]["overrode"]
        assert any("gender impact ratio" in reason for reason in overrode)
        assert forced.evaluation["fairness"]["passes_gate"] is False
        assert training.active_model(session).version == skewed.version  # type: ignore[union-attr]

        # The forced model does not lower the bar: another as skewed as it is refused, measured
        # against the last model promoted through the gate.
        again = training.train(session, understanding, by_wish, fairness=gate)
        with pytest.raises(Conflict, match="the last model promoted without --force"):
            training.promote(session, understanding, again.version, feedback=by_wish, fairness=gate)
        bar = again.evaluation["fairness"]["bar"]
        assert bar["scorer"].endswith(f"version {fair.version}")
        # Evaluating the forced model again keeps what it overrode, and so the bar.
        training.evaluate(session, understanding, skewed.version, by_wish, fairness=gate)
        assert skewed.evaluation["forced"]["overrode"] == overrode
        # A fair one passes both.
        fair_again = training.train(session, understanding, by_skills, fairness=gate)
        training.promote(
            session, understanding, fair_again.version, feedback=by_skills, fairness=gate
        )
        assert fair_again.evaluation["fairness"]["passes_gate"] is True
