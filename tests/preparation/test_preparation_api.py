"""Interview preparation through the API: the bank, practice with spaced repetition, and
mock-interview plans for a role and for an accepted request."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import (
    candidate,
    complete_profile,
    employer,
    live_candidate,
    open_job,
    send_request,
)


def test_question_bank_is_browsable_and_filtered(client: TestClient) -> None:
    ada = candidate(client)
    everything = ada.get("/api/preparation/questions").json()
    assert everything["count"] >= 150
    assert {"algorithms", "system design", "machine learning", "stakeholder"} <= set(
        everything["topics"]
    )
    hard_sql = ada.get("/api/preparation/questions", params={"topic": "sql", "difficulty": "hard"})
    found = hard_sql.json()["questions"]
    assert found and all(q["topic"] == "sql" and q["difficulty"] == "hard" for q in found)
    assert all(q["outline"] for q in found)
    by_skill = ada.get("/api/preparation/questions", params={"skill": "docker"}).json()
    assert by_skill["count"] and all("docker" in q["skills"] for q in by_skill["questions"])
    bad = ada.get("/api/preparation/questions", params={"topic": "ballet"})
    assert bad.status_code == 422 and bad.json()["field"] == "topic"


def test_practice_brings_back_what_was_hard_first(client: TestClient) -> None:
    ada = candidate(client)
    complete_profile(
        ada, skills=["Python", "Go", "Docker", "PostgreSQL"], target_roles=["ML Engineer"]
    )
    first = ada.get("/api/preparation/practice/next", params={"limit": 5}).json()
    assert len(first) == 5
    # New questions lean on the gap toward ML engineering, not on skills already held.
    gap_skills = {"machine-learning", "deep-learning", "pytorch", "model-deployment", "statistics"}
    assert any(gap_skills & set(q["skills"]) for q in first)

    missed, known = first[0]["id"], first[1]["id"]
    again = ada.post(f"/api/preparation/practice/{missed}", json={"rating": "again"}).json()
    easy = ada.post(f"/api/preparation/practice/{known}", json={"rating": "easy"}).json()
    soon = datetime.fromisoformat(again["due"])
    later = datetime.fromisoformat(easy["due"])
    assert soon < later
    assert later - soon > timedelta(days=1)
    assert again["reviews"] == 1 and again["last_rating"] == "again"

    progress = ada.get("/api/preparation/progress").json()
    assert progress["seen"] == 2 and progress["recalled"] == 1
    assert progress["reviews_last_30_days"] == 2
    # Neither is due yet, so the next questions are new ones.
    upcoming = [q["id"] for q in ada.get("/api/preparation/practice/next").json()]
    assert missed not in upcoming and known not in upcoming

    redo = ada.post(f"/api/preparation/practice/{missed}", json={"rating": "good"}).json()
    assert redo["reviews"] == 2


def test_practice_rejects_unknown_questions_and_ratings(client: TestClient) -> None:
    ada = candidate(client)
    assert ada.post("/api/preparation/practice/nope-99", json={"rating": "good"}).status_code == 404
    some = ada.get("/api/preparation/questions", params={"topic": "sql"}).json()["questions"][0]
    bad = ada.post(f"/api/preparation/practice/{some['id']}", json={"rating": "perfect"})
    assert bad.status_code == 422
    assert ada.get("/api/preparation/progress").json()["seen"] == 0
    rita = employer(client)
    assert rita.get("/api/preparation/practice/next").status_code == 403


def test_mock_plan_follows_the_role_loop_and_the_gap(client: TestClient) -> None:
    ada = candidate(client)
    complete_profile(ada, skills=["Python", "Docker", "Kubernetes"], target_roles=["ML Engineer"])
    plan = ada.get("/api/preparation/mock").json()
    assert plan["role"]["id"] == "ml-engineer" and plan["from_company"] is False
    names = [s["name"] for s in plan["stages"]]
    assert names[0] == "recruiter screen" and "ml system design" in names
    fundamentals = next(s for s in plan["stages"] if s["name"] == "ml fundamentals")
    assert fundamentals["focus"]  # the gap skills it may probe
    asked = [q["id"] for s in plan["stages"] for q in s["questions"]]
    assert len(asked) == len(set(asked))  # no question twice in one mock

    swe = ada.get("/api/preparation/mock", params={"role": "software-engineer"}).json()
    assert "system design" in [s["name"] for s in swe["stages"]]


def test_mock_plan_for_an_accepted_request_uses_the_company_stages(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app, skills=["Python", "Docker", "PostgreSQL"])
    rita = employer(client, company="Acme")
    job = open_job(
        rita,
        title="Machine Learning Engineer",
        interview_stages=["Phone screen", "Live coding", "ML system design", "Values"],
    )
    assert job["interview_stages"] == ["Phone screen", "Live coding", "ML system design", "Values"]
    request = send_request(rita, job, ada).json()["request"]
    path = f"/api/preparation/mock/requests/{request['id']}"
    early = ada.get(path)
    assert early.status_code == 422  # not accepted yet
    assert rita.get(path).status_code == 403

    ada.post(f"/api/interview-requests/{request['id']}/accept")
    plan = ada.get(path).json()
    assert plan["from_company"] is True and plan["company"] == "Acme"
    assert plan["current_stage"] == "screening"
    assert [(s["name"], s["kind"]) for s in plan["stages"]] == [
        ("Phone screen", "recruiter screen"),
        ("Live coding", "coding"),
        ("ML system design", "ml system design"),
        ("Values", "hiring manager"),
    ]
    assert all(s["questions"] for s in plan["stages"])

    stranger = candidate(client, email="eve@example.com")
    assert stranger.get(path).status_code == 404


def test_mock_plan_for_a_frontend_request_uses_the_software_engineering_loop(
    client: TestClient, app: FastAPI
) -> None:
    # A job without its own stages: the plan is the usual loop of the role the title names,
    # and "Staff Frontend Engineer" names a software engineer, not the ML engineer default.
    ada = live_candidate(client, app, skills=["TypeScript", "React", "CSS"])
    rita = employer(client, company="Acme")
    job = open_job(rita, title="Staff Frontend Engineer")
    request = send_request(rita, job, ada).json()["request"]
    ada.post(f"/api/interview-requests/{request['id']}/accept")
    plan = ada.get(f"/api/preparation/mock/requests/{request['id']}").json()
    expected = ada.get("/api/preparation/mock", params={"role": "software-engineer"}).json()
    assert plan["from_company"] is False
    assert [s["kind"] for s in plan["stages"]] == [s["kind"] for s in expected["stages"]]
    assert "ml system design" not in {s["kind"] for s in plan["stages"]}
