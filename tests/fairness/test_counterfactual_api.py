"""The same resume under other identities gets the same scores in the marketplace: matches
both ways, the counselling page's gap and salary, and the mock-interview plan. Runs on SQLite
and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.fairness.counterfactual import JOBS, PERSONAS, corpus
from tests.builders import PASSWORD, Actor, candidate, employer, open_job, operator

TOLERANCE = 1e-9
# Read as female and male, of several origins, a name that spells two skills, and "they".
NAMES = ("Emily Walsh", "Jamal Jones", "Lakisha Washington", "Julia Ruby", "Alex Kim")


def _as_api_body(post: dict[str, Any]) -> dict[str, Any]:
    body = {k: v for k, v in post.items() if k not in ("id", "skills", "remote")}
    return {
        **body,
        "required_skills": post.get("skills", []),
        "nice_to_have_skills": post.get("nice_to_have_skills", []),
        "remote_policy": "remote",
        "location": "",
        "country": "",
        "status": "open",
    }


def _live_from_resume(client: TestClient, app: FastAPI, name: str, text: str) -> Actor:
    """A candidate who signs up under ``name``, uploads the resume and goes live with the
    same wish list as everyone else."""
    actor = candidate(client, name=name)
    uploaded = actor.put(
        "/api/candidates/me/resume", files={"file": ("cv.txt", text.encode(), "text/plain")}
    )
    assert uploaded.status_code == 200, uploaded.text
    wishes = {"target_roles": ["Backend Engineer"], "remote_preference": "remote"}
    assert actor.patch("/api/candidates/me", json=wishes).status_code == 200
    assert actor.post("/api/candidates/me/submit").status_code == 200
    op = operator(client, app)
    approved = op.post(f"/api/review/profiles/{actor.me['candidate_profile_id']}/approve")
    assert approved.status_code == 200, approved.text
    return actor


def _spread(values: list[float]) -> float:
    return max(values) - min(values)


@pytest.mark.usefixtures("sqlite_only")
def test_matches_counselling_and_plans_do_not_depend_on_who_the_candidate_is(
    client: TestClient, app: FastAPI
) -> None:
    personas = [p for p in PERSONAS if p.name in NAMES]
    variants = [v for v in corpus(personas) if v.resume_id == "backend"]
    assert len(variants) == len(NAMES)
    people = [_live_from_resume(client, app, v.label, v.text) for v in variants]
    rita = employer(client)
    jobs = [open_job(rita, **_as_api_body(post)) for post in JOBS[:4]]

    # The employer's lists: every variant of the resume scores the same for each job.
    ids = {p.me["candidate_profile_id"] for p in people}
    for job in jobs:
        items = rita.get(f"/api/jobs/{job['id']}/matches", params={"limit": 50}).json()["items"]
        scores = [m["score"] for m in items if m["candidate"]["id"] in ids]
        assert len(scores) == len(people), job["title"]
        assert _spread(scores) <= TOLERANCE, (job["title"], scores)
        features = [m["features"] for m in items if m["candidate"]["id"] in ids]
        assert all(f == features[0] for f in features)

    # The candidates' lists: each job scores the same for every variant.
    by_job: dict[str, list[float]] = {}
    for person in people:
        for match in person.get("/api/candidates/me/matches", params={"limit": 50}).json()["items"]:
            by_job.setdefault(match["job"]["id"], []).append(match["score"])
    assert set(by_job) == {j["id"] for j in jobs}
    for job_id, scores in by_job.items():
        assert len(scores) == len(people) and _spread(scores) <= TOLERANCE, (job_id, scores)

    # Counselling (gap, roadmap, salary by level) and the mock-interview plan.
    counsel = [
        p.get("/api/counselling/me", params={"role": "software-engineer"}).json() for p in people
    ]
    assert all(c == counsel[0] for c in counsel[1:])
    assert counsel[0]["gap"]["score"] > 0
    # The skills read from the resume are the same: Julia Ruby's name is no skill of hers.
    skills = [p.get("/api/candidates/me").json()["skills"] for p in people]
    assert all(s == skills[0] for s in skills[1:]) and "Julia" not in skills[0]
    plans = [
        p.get("/api/preparation/mock", params={"role": "software-engineer"}).json() for p in people
    ]
    assert all(plan == plans[0] for plan in plans[1:])


def test_candidates_and_employers_read_what_the_matching_sees(
    client: TestClient, app: FastAPI
) -> None:
    ada = candidate(client)
    rita = employer(client)
    job = open_job(rita)
    for actor, path in ((ada, "/me/profile"), (rita, f"/jobs/{job['id']}/candidates")):
        browser = TestClient(app)
        login = browser.post("/api/auth/login", json={"email": actor.email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        page = browser.get(path)
        assert page.status_code == 200, path
        assert "What the matching sees" in page.text
        assert "never sees names" in page.text
