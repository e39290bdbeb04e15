"""The marketplace's own interview-request salaries as a salary source: shown and blended in
only past the pay data page's k-anonymity thresholds, so no company's offer can be read off a
benchmark."""

from __future__ import annotations

import statistics

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.config import Settings
from tests.builders import employer, live_candidate, open_job, send_request

MIN_REQUESTS = Settings.model_fields["pay_insights_min_requests"].default


def _marketplace(estimate: dict) -> dict | None:  # type: ignore[type-arg]
    return next((s for s in estimate["sources"] if s["name"].startswith("talentmatch")), None)


def test_offers_join_the_benchmark_only_when_no_company_can_be_read_off_it(
    client: TestClient, app: FastAPI
) -> None:
    people = [live_candidate(client, app, name=f"Person {i}", country="US") for i in range(3)]
    companies = []
    for name in ("Acme", "Globex", "Initech", "Umbrella"):
        actor = employer(client, company=name)
        job = open_job(
            actor,
            title="Senior Data Scientist",
            country="US",
            currency="USD",
            salary_min=150_000,
            salary_max=260_000,
        )
        companies.append((actor, job))
    params = {"title": "Data Scientist", "country": "US"}
    # One company's single offer: a benchmark that showed it would publish what it offered.
    acme, acme_job = companies[0]
    assert (
        send_request(acme, acme_job, people[0], salary=241_000, currency="USD").status_code == 201
    )
    estimate = acme.get("/api/salary/estimate", params=params).json()
    assert _marketplace(estimate) is None
    survey_only = estimate["p50"]

    offers = [241_000]
    sends = [(c, p) for c in range(4) for p in range(3)][1 : MIN_REQUESTS - 1]
    for number, (company, person) in enumerate(sends):
        actor, job = companies[company]
        salary = 230_000 + 1_000 * number
        sent = send_request(actor, job, people[person], salary=salary, currency="USD")
        assert sent.status_code == 201, sent.text
        offers.append(salary)
    assert len(offers) == MIN_REQUESTS - 1  # one short of the threshold: still nothing
    assert _marketplace(acme.get("/api/salary/estimate", params=params).json()) is None

    actor, job = companies[3]
    assert send_request(actor, job, people[2], salary=250_000, currency="USD").status_code == 201
    offers.append(250_000)
    estimate = acme.get("/api/salary/estimate", params=params).json()
    marketplace = _marketplace(estimate)
    assert marketplace is not None and marketplace["rows"] == len(offers)
    assert marketplace["p50"] == round(statistics.median(offers), -3)  # rounded, as published
    assert estimate["p50"] > survey_only  # blended towards the marketplace's higher offers

    # Beside a request, its own salary is left out: one short again, so nothing is shown.
    inbox = people[2].get("/api/interview-requests").json()["items"]
    mine = next(r for r in inbox if r["salary"] == 250_000)
    assert _marketplace(mine["salary_benchmark"]) is None
