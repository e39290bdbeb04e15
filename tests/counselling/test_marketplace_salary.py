"""The marketplace's own interview-request salaries as a salary source, with their n."""

from __future__ import annotations

import statistics

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import employer, live_candidate, open_job, send_request


def _source(estimate: dict, prefix: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in estimate["sources"] if s["name"].startswith(prefix))


def test_offers_for_the_same_title_join_the_benchmark(client: TestClient, app: FastAPI) -> None:
    rita = employer(client, company="Acme")
    job = open_job(
        rita,
        title="Senior Data Scientist",
        country="US",
        currency="USD",
        salary_min=150_000,
        salary_max=260_000,
    )
    other = open_job(rita, title="Office Manager", country="US", currency="USD")
    offers = [240_000, 250_000, 255_000, 260_000]
    people = []
    for i, salary in enumerate(offers):
        person = live_candidate(client, app, name=f"Person {i}", country="US")
        people.append(person)
        assert send_request(rita, job, person, salary=salary, currency="USD").status_code == 201
    assert send_request(rita, other, people[0], salary=999_000, currency="USD").status_code == 201

    params = {"title": "Data Scientist", "country": "US"}
    before_any = rita.get("/api/salary/estimate", params={**params, "title": "Data Analyst"})
    assert _source(before_any.json(), "talentmatch")["rows"] == 0

    estimate = rita.get("/api/salary/estimate", params=params).json()
    marketplace = _source(estimate, "talentmatch")
    assert marketplace["rows"] == len(offers)  # the office manager's offer is not counted
    assert marketplace["p50"] == statistics.median(offers)
    survey = _source(estimate, "aijobs.net")
    assert estimate["n"] == survey["rows"] + len(offers)

    # A request's own salary does not count toward the benchmark shown beside it.
    inbox = people[0].get("/api/interview-requests").json()["items"]
    mine = next(r for r in inbox if r["job_title"] == "Senior Data Scientist")
    assert _source(mine["salary_benchmark"], "talentmatch")["rows"] == len(offers) - 1
