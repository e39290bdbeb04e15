"""The counselling API for a candidate: consistent with the profile, progress kept."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import candidate, complete_profile, employer, open_job


def test_backend_engineer_aiming_at_ml_gets_a_consistent_plan(
    client: TestClient, app: FastAPI
) -> None:
    rita = employer(client)
    open_job(rita, title="ML Engineer", required_skills=["PyTorch", "Python", "MLflow"])
    ada = candidate(client)
    complete_profile(
        ada,
        skills=["Python", "Go", "Docker", "Kubernetes", "PostgreSQL"],
        target_roles=["Machine Learning Engineer"],
    )
    counsel = ada.get("/api/counselling/me").json()
    assert counsel["role"]["id"] == "ml-engineer"  # from the wish list
    have = {s["name"] for a in counsel["gap"]["areas"] for s in a["have"]}
    assert {"Python", "Docker", "Kubernetes"} <= have
    assert counsel["reverse_skill_set"][0]["area"] == "machine learning"
    steps = [s for phase in counsel["roadmap"] for s in phase["steps"]]
    assert "Docker" not in [s["name"] for s in steps]
    assert counsel["progress"] == {"done": 0, "steps": len(steps)}
    assert counsel["salary"]["p25"] < counsel["salary"]["p50"] < counsel["salary"]["p75"]
    assert counsel["salary"]["sources"]
    assert set(counsel["salary_by_level"]) == {"entry", "mid", "senior", "executive"}
    assert counsel["interview_loop"][0]["stage"] == "recruiter screen"
    assert len(counsel["specialisms"]) == 13

    marked = ada.put("/api/counselling/me/roadmap/ml-engineer/statistics", json={"done": True})
    assert marked.status_code == 204
    again = ada.get("/api/counselling/me", params={"role": "ml-engineer"}).json()
    assert again["progress"]["done"] == 1

    # The profile changes, the roadmap follows.
    complete_profile(ada, skills=["Python", "Go", "Docker", "Kubernetes", "PyTorch"])
    later = ada.get("/api/counselling/me").json()
    assert "PyTorch" not in [s["name"] for p in later["roadmap"] for s in p["steps"]]


def test_unknown_role_and_step_are_clear_errors(client: TestClient) -> None:
    ada = candidate(client)
    response = ada.get("/api/counselling/me", params={"role": "astronaut"})
    assert response.status_code == 422
    assert response.json()["field"] == "role"
    bad = ada.put("/api/counselling/me/roadmap/ml-engineer/ballet", json={"done": True})
    assert bad.status_code == 422
    assert ada.get("/api/counselling/roles").status_code == 200


def test_employers_have_no_counselling_profile(client: TestClient) -> None:
    rita = employer(client)
    assert rita.get("/api/counselling/me").status_code == 403


def test_a_backend_engineers_languages_count_in_her_counselling(client: TestClient) -> None:
    casey = candidate(client)
    complete_profile(
        casey,
        skills=["Python", "Go", "Java", "PostgreSQL", "Docker", "Kubernetes"],
        target_roles=["Machine Learning Engineer"],
    )
    counsel = casey.get("/api/counselling/me").json()
    engineering = next(a for a in counsel["gap"]["areas"] if a["area"] == "software engineering")
    partly = {s["name"]: s["via"] for s in engineering["partly"]}
    assert "Go" in partly["Algorithms"] and "Java" in partly["Algorithms"]
    assert "Algorithms" not in [s["name"] for s in engineering["missing"]]
    assert {"Go", "Java"} <= set(engineering["also"])
    assert counsel["closest_roles"][0]["id"] == "software-engineer"
    steps = {s["name"]: s for p in counsel["roadmap"] for s in p["steps"]}
    assert "Go" in (steps["Software testing"]["partly_via"] or "")
