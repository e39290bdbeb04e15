"""Learning to rank from the marketplace's feedback: labels from requests, versions, and a
gate that keeps a worse model from ranking."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmatch.db import unit_of_work
from talentmatch.fairness import counterfactual
from talentmatch.fairness.gates import ModelFairnessGate
from talentmatch.kit.errors import Conflict, InvalidInput
from talentmatch.matching import training
from talentmatch.matching.models import ModelStatus
from talentmatch.ml.matching import FEATURES
from tests.builders import employer, live_candidate, open_job, send_request
from tests.cli import run


def gate(session: Session, app: FastAPI) -> ModelFairnessGate:
    """The real fairness gate, on a few counterfactual resumes (the whole corpus is measured
    by tests/fairness/test_model_gate.py)."""
    return ModelFairnessGate(
        session, app.state.understanding, counterfactual.corpus(counterfactual.PERSONAS[:2])
    )


def synthetic_feedback(jobs: int, *, informative: bool, seed: int = 0) -> training.Feedback:
    """Jobs whose relevance follows the skill-coverage feature (or not at all)."""
    rng = np.random.default_rng(seed)
    rows, relevance, job_ids, candidates = [], [], [], []
    coverage = FEATURES.index("required_skills")
    for _ in range(jobs):
        job = str(uuid.uuid4())
        for _ in range(11):
            features = rng.random(len(FEATURES))
            signal = features[coverage] if informative else rng.random()
            rows.append(features)
            relevance.append(int(signal > 0.8) * 2 + int(signal > 0.6))
            job_ids.append(job)
            candidates.append(str(uuid.uuid4()))
    return training.Feedback(np.array(rows), np.array(relevance), job_ids, candidates)


def test_a_model_is_trained_versioned_promoted_and_used(app: FastAPI, client: TestClient) -> None:
    understanding = app.state.understanding
    good = synthetic_feedback(60, informative=True)
    with unit_of_work(app.state.session_factory) as session:
        first = training.train(session, understanding, good)
        assert first.version == 1 and first.status is ModelStatus.TRAINED
        assert first.evaluation["held_out_jobs"] >= training.MIN_HELD_OUT_JOBS
        assert first.evaluation["baseline"]["name"] == "transparent default scorer"
        assert "tree" in first.body  # LightGBM's text format, not a pickle
        training.promote(session, understanding, 1, feedback=good, fairness=gate(session, app))
        assert training.active_model(session) is not None
        engine = training.ranking_engine(session, understanding)
        assert engine.scorer is not understanding.matcher.scorer

        # A model trained on labels that ignore the features scores worse than version 1 on
        # the same held-out jobs: the gate refuses it, --force would not.
        noise = synthetic_feedback(60, informative=False, seed=1)
        second = training.train(session, understanding, noise)
        assert second.version == 2
        with pytest.raises(Conflict, match="below"):
            training.promote(session, understanding, 2, feedback=good, fairness=gate(session, app))
        assert training.active_model(session).version == 1  # type: ignore[union-attr]
        forced = training.promote(
            session, understanding, 2, force=True, feedback=good, fairness=gate(session, app)
        )
        assert (
            "NDCG@10" in forced.evaluation["forced"]["overrode"][0]
        )  # the card says what was overridden
        statuses = {m.version: m.status for m in training.list_models(session)}
        assert statuses == {2: ModelStatus.ACTIVE, 1: ModelStatus.RETIRED}
        assert training.retire_active(session) is not None
        assert training.ranking_engine(session, understanding) is understanding.matcher


def test_feedback_labels_come_from_how_requests_went(app: FastAPI, client: TestClient) -> None:
    rita = employer(client, company="Acme")
    job = open_job(rita)
    ada = live_candidate(client, app, name="Ada")
    bob = live_candidate(client, app, name="Bob")
    cy = live_candidate(client, app, name="Cy")
    accepted = send_request(rita, job, ada).json()["request"]["id"]
    declined = send_request(rita, job, bob).json()["request"]["id"]
    ada.post(f"/api/interview-requests/{accepted}/accept")
    bob.post(f"/api/interview-requests/{declined}/decline", json={"reason": "not now"})
    with unit_of_work(app.state.session_factory) as session:
        feedback = training.collect_feedback(session, app.state.understanding)
    labels = dict(zip(feedback.candidates, feedback.relevance.tolist(), strict=True))
    assert labels[ada.me["candidate_profile_id"]] == 2
    assert labels[bob.me["candidate_profile_id"]] == 0
    assert labels[cy.me["candidate_profile_id"]] == 0  # not asked: a sampled negative
    assert feedback.features.shape == (3, len(FEATURES))
    with unit_of_work(app.state.session_factory) as session, pytest.raises(InvalidInput):
        training.train(session, app.state.understanding, feedback)  # one job is too little


def test_model_commands_on_an_empty_marketplace(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TALENTMATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'tm.db'}",
        "COLUMNS": "200",
    }
    listed = run("model", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "[]"
    trained = run("model", "train", env=env)
    assert trained.returncode == 1
    assert "not enough feedback" in trained.stderr
    missing = run("model", "promote", "3", env=env)
    assert missing.returncode == 1 and "not found" in missing.stderr


def test_with_a_promoted_model_the_api_explains_by_that_model(
    app: FastAPI, client: TestClient
) -> None:
    understanding = app.state.understanding
    rita = employer(client)
    job = open_job(rita)
    live_candidate(client, app)
    good = synthetic_feedback(60, informative=True)
    with unit_of_work(app.state.session_factory) as session:
        training.train(session, understanding, good)
        model = training.promote(
            session, understanding, 1, feedback=good, fairness=gate(session, app)
        )
    matches = rita.get(f"/api/jobs/{job['id']}/matches").json()["items"]
    assert matches
    scorer = training.scorer_of(model)
    for match in matches:
        explanation = match["explanation"]
        assert explanation["scored_by"] == f"LambdaRank model version {model.version}"
        row = np.array([[match["features"][name] for name in FEATURES]])
        expected = scorer.contributions(row)[0]
        shown = np.array([explanation["contributions"][name] for name in FEATURES])
        np.testing.assert_allclose(shown, expected, atol=2e-3)  # features are shown rounded
        ups = [r for r in explanation["reasons"] if r["text"] in explanation["why"]]
        assert all(r["contribution"] > 0 for r in ups)
