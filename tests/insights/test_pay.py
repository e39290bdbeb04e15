"""The marketplace's pay data: a cell is shown only when no company's offers can be read off
it (enough requests, from enough companies, none of them dominant)."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.config import Settings
from talentmatch.ml import money
from tests.builders import Actor, employer, live_candidate, open_job, send_request


@pytest.fixture
def thresholds(app: FastAPI) -> Iterator[Settings]:
    """Small thresholds, so that a few requests make a cell (the defaults are 10 / 4 / 0.5)."""
    settings: Settings = app.state.settings
    saved = settings.model_dump()
    settings.pay_insights_min_requests = 5
    settings.pay_insights_min_companies = 3
    settings.pay_insights_max_company_share = 0.6
    yield settings
    for name in ("min_requests", "min_companies", "max_company_share"):
        setattr(settings, f"pay_insights_{name}", saved[f"pay_insights_{name}"])


def _offer(company: Actor, people: list[Actor], salaries: list[int], currency: str = "USD") -> None:
    job = open_job(
        company,
        title="Senior Data Scientist",
        seniority="senior",
        country="US",
        currency=currency,
        salary_min=None,
        salary_max=None,
    )
    for person, salary in zip(people, salaries, strict=False):
        sent = send_request(company, job, person, salary=salary, currency=currency)
        assert sent.status_code == 201, sent.text


def _report(actor: Actor, **params: str) -> dict:  # type: ignore[type-arg]
    response = actor.get("/api/insights/pay", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_one_company_cannot_make_a_cell_appear(
    client: TestClient, app: FastAPI, thresholds: Settings
) -> None:
    people = [live_candidate(client, app, name=f"Person {i}", country="US") for i in range(6)]
    solo = employer(client, company="Solo Analytics")
    _offer(solo, people, [200_000, 210_000, 220_000, 230_000, 240_000, 250_000])
    report = _report(people[0])
    assert report["cells"] == [] and report["hidden_cells"] == 1
    assert report["thresholds"] == {"min_requests": 5, "min_companies": 3, "max_company_share": 0.6}

    # A second and a third company join, but Solo still sent 6 of 8 requests: hidden.
    second, third = employer(client, company="Second Co"), employer(client, company="Third Co")
    _offer(second, people, [150_000])
    _offer(third, people, [160_000])
    assert _report(people[0])["cells"] == []
    page = client.get("/insights/pay", headers=people[0].headers)
    assert page.status_code == 200
    assert "No role, level and country has enough requests" in page.text
    assert "220,000" not in page.text


def test_a_cell_with_enough_companies_is_shown_in_one_currency(
    client: TestClient, app: FastAPI, thresholds: Settings
) -> None:
    people = [live_candidate(client, app, name=f"Person {i}", country="US") for i in range(3)]
    offers = {
        "First Co": ([150_000, 160_000], "USD"),
        "Second Co": ([170_000, 180_000], "USD"),
        "Third Co": ([140_000], "EUR"),
    }
    for name, (salaries, currency) in offers.items():
        _offer(employer(client, company=name), people, salaries, currency)
    in_usd = [150_000, 160_000, 170_000, 180_000, money.convert(140_000, "EUR", "USD")]
    report = _report(people[0])
    assert report["currency"] == "USD" and report["hidden_cells"] == 0
    [cell] = report["cells"]
    assert (cell["role"], cell["level"], cell["country"]) == ("Data scientist", "senior", "US")
    assert (cell["requests"], cell["companies"]) == (5, 3)
    assert cell["p50"] == round(statistics.median(in_usd) / 1000) * 1000
    assert cell["p25"] <= cell["p50"] <= cell["p75"]

    # Filters narrow the cells; another level or country has none.
    assert _report(people[0], role="Data Scientist", level="senior", country="US")["cells"]
    assert _report(people[0], level="entry")["cells"] == []
    assert _report(people[0], country="DE")["cells"] == []
    assert people[0].get("/api/insights/pay", params={"level": "boss"}).status_code == 422

    page = client.get("/insights/pay", headers=people[0].headers)
    assert page.status_code == 200
    assert "Data scientist" in page.text and f"{cell['p50']:,} USD" in page.text
    assert 'aria-label="Yearly salary in interview requests, USD' in page.text

    # Raising the thresholds hides it again.
    thresholds.pay_insights_min_companies = 4
    assert _report(people[0])["cells"] == []


def test_the_pay_data_needs_a_login(anonymous: TestClient) -> None:
    assert anonymous.get("/api/insights/pay").status_code == 401
    assert anonymous.get("/insights/pay", follow_redirects=False).status_code in (302, 303)
