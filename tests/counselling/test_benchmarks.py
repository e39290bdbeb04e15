"""Honest benchmarks: the job's level, a wider cell (named, with its n) when the exact one is
thin, levels in words, the job's country and US metro area, and pay by country."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.candidates.models import CandidateProfile
from talentmatch.db import unit_of_work
from talentmatch.ml import money
from talentmatch.ml.salary import MIN_BASIS_ROWS
from tests.builders import employer, live_candidate, open_job, send_request


def _estimate(actor: object, **params: str) -> dict:  # type: ignore[type-arg]
    response = actor.get("/api/salary/estimate", params=params)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_thin_cell_falls_back_to_a_wider_one_and_says_which(client: TestClient) -> None:
    rita = employer(client)
    thin = _estimate(rita, title="Lead Backend Engineer", level="senior", country="DE")
    assert thin["basis"]["widened"] is True
    assert thin["basis"]["scope"] == "title family, level and country"
    assert thin["basis"]["label"] == "engineer family · senior · DE"
    assert thin["n"] == thin["basis"]["n"] >= MIN_BASIS_ROWS
    assert thin["level"] == "senior"

    # No title of the kind anywhere in the survey: the country's rows at that level, then the
    # region's; never a figure with n = 0.
    odd = _estimate(rita, title="Underwater Basket Weaver", level="mid", country="NZ")
    assert odd["basis"]["scope"] == "level and region, all titles"
    assert odd["basis"]["label"] == "mid · Oceania · all titles"
    assert odd["n"] > 0

    full = _estimate(rita, title="Data Scientist", level="senior", country="US")
    assert full["basis"] == {
        "scope": "title, level and country",
        "label": "data scientist · senior · US",
        "n": full["basis"]["n"],
        "widened": False,
    }
    assert full["basis"]["n"] > 1000


def test_levels_are_words_and_codes_still_work(client: TestClient) -> None:
    rita = employer(client)
    by_word = _estimate(rita, title="Data Engineer", level="entry", country="US")
    by_code = _estimate(rita, title="Data Engineer", level="EN", country="US")
    assert by_word == by_code
    assert by_word["level"] == "entry"
    refused = rita.get("/api/salary/estimate", params={"title": "Data Engineer", "level": "boss"})
    assert refused.status_code == 422
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert schema["SalaryEstimateOut"]["properties"]["basis"]["$ref"].endswith("SalaryBasis")


def test_the_jobs_level_drives_the_requests_benchmark(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, country="DE")
    # Ada's resume reads senior; the job is a junior one.
    with unit_of_work(app.state.session_factory) as session:
        session.execute(
            sa.update(CandidateProfile)
            .where(CandidateProfile.id == uuid.UUID(ada.me["candidate_profile_id"]))
            .values(parsed={"seniority": "senior"})
        )
    rita = employer(client)
    job = open_job(rita, title="Junior Frontend Engineer", seniority="junior", country="DE")
    sent = send_request(rita, job, ada, salary=55_000, currency="EUR")
    assert sent.status_code == 201, sent.text
    market = sent.json()["request"]["salary_benchmark"]
    assert market["level"] == "entry"
    entry = _estimate(rita, title="Junior Frontend Engineer", level="entry", country="DE")
    senior = _estimate(rita, title="Junior Frontend Engineer", level="senior", country="DE")
    assert market["p50"] == entry["p50"] < senior["p50"]
    assert market["n"] > 0 and market["basis"]["label"].startswith("engineer family · entry")

    page = client.get(f"/requests/{sent.json()['request']['id']}", headers=ada.headers)
    assert page.status_code == 200
    assert "entry level" in page.text
    assert "(SE)" not in page.text and "(EN)" not in page.text
    assert "Based on" in page.text and "widened to title family, level and country" in page.text


def test_a_us_job_is_benchmarked_in_its_metro_area(client: TestClient, app: FastAPI) -> None:
    rita = employer(client)
    nation = _estimate(rita, title="Software Engineer", level="mid", country="US")
    bay = _estimate(
        rita, title="Software Engineer", level="mid", country="US", place="San Francisco, CA"
    )
    assert bay["area"]["name"].startswith("San Francisco")
    assert bay["area"]["factor"] > 1.1
    assert bay["p50"] > nation["p50"]
    metro_source = next(s for s in bay["sources"] if "San Francisco" in s["name"])
    assert metro_source["occupation"] == "Software Developers"
    # Outside the US a city does not change the figure.
    berlin = _estimate(rita, title="Software Engineer", level="mid", country="DE")
    assert (
        _estimate(rita, title="Software Engineer", level="mid", country="DE", place="Berlin")["p50"]
        == berlin["p50"]
    )

    job = open_job(
        rita,
        title="Software Engineer",
        seniority="mid",
        country="US",
        location="San Francisco, CA",
        currency="USD",
    )
    ada = live_candidate(client, app, country="US")
    sent = send_request(rita, job, ada, salary=150_000, currency="USD").json()["request"]
    assert sent["salary_benchmark"]["area"]["name"].startswith("San Francisco")


def test_pay_by_country_for_the_same_role_and_level(client: TestClient) -> None:
    rita = employer(client)
    response = rita.get(
        "/api/salary/countries",
        params={"title": "Data Scientist", "level": "senior", "reference": "DE"},
    )
    assert response.status_code == 200, response.text
    comparison = response.json()
    assert comparison["reference"] == "DE" and comparison["level"] == "senior"
    by_country = {c["country"]: c for c in comparison["countries"]}
    assert by_country["DE"]["difference"] == 0
    assert by_country["US"]["difference"] > 0.1  # the US pays more than Germany
    medians = [c["p50"] for c in comparison["countries"]]
    assert medians == sorted(medians, reverse=True)
    assert all(c["n"] > 0 and c["basis"]["n"] == c["n"] for c in comparison["countries"])
    assert by_country["DE"]["country_name"] == "Germany"
    assert by_country["DE"]["region"] == "Europe"
    us = _estimate(rita, title="Data Scientist", level="senior", country="US")
    assert by_country["US"]["p50"] == us["p50"]
    nowhere = rita.get(
        "/api/salary/countries", params={"title": "Data Scientist", "reference": "ZZ"}
    )
    assert nowhere.status_code == 422 and "ZZ" in nowhere.text


def test_the_salary_page_shows_the_country_chart(client: TestClient) -> None:
    rita = employer(client)
    page = client.get(
        "/salary",
        params={"title": "Data Scientist", "level": "senior", "country": "Germany"},
        headers=rita.headers,
    )
    assert page.status_code == 200
    assert "Pay difference against DE" in page.text
    assert 'role="img" aria-label="Yearly pay, USD, by country' in page.text
    assert "senior level" in page.text
    wrong = client.get(
        "/salary", params={"title": "Data Scientist", "country": "Atlantis"}, headers=rita.headers
    )
    assert wrong.status_code == 200 and "is not a country we know" in wrong.text


def test_an_estimate_in_another_currency_says_what_it_was_converted_from(
    client: TestClient,
) -> None:
    rita = employer(client)
    asked = {"title": "Data Engineer", "level": "senior", "country": "DE"}
    in_dollars = _estimate(rita, **asked)
    assert in_dollars["currency"] == "USD" and in_dollars["converted_from"] is None
    assert _estimate(rita, **asked, currency="USD") == in_dollars  # USD figures never move
    in_euros = _estimate(rita, **asked, currency="eur")
    before = in_euros["converted_from"]
    assert in_euros["currency"] == "EUR" and before["currency"] == "USD"
    day = date.fromisoformat(before["rate_date"])
    for quartile in ("p25", "p50", "p75"):
        assert before[quartile] == in_dollars[quartile]
        expected = round(money.convert(in_dollars[quartile], "USD", "EUR", day), -2)
        assert in_euros[quartile] == expected != in_dollars[quartile]
    for code in ("XYZ", "NGN"):  # not a currency; a currency the ECB has no rate for
        refused = rita.get("/api/salary/estimate", params={**asked, "currency": code})
        assert refused.status_code == 422, refused.text
        assert code in refused.text


def test_the_sources_of_a_converted_estimate_are_converted_too(client: TestClient) -> None:
    rita = employer(client)
    asked = {"title": "Machine Learning Engineer", "country": "US"}
    in_dollars = _estimate(rita, **asked)
    in_euros = _estimate(rita, **asked, currency="EUR")
    day = date.fromisoformat(in_euros["converted_from"]["rate_date"])
    # At least one source carries figures: the loop below checks a real conversion.
    assert any(s.get("p50") is not None for s in in_dollars["sources"])
    for before, after in zip(in_dollars["sources"], in_euros["sources"], strict=True):
        assert before["name"] == after["name"]
        for quartile in ("p25", "p50", "p75"):
            if before.get(quartile) is not None:
                expected = round(money.convert(before[quartile], "USD", "EUR", day), -2)
                assert after[quartile] == expected
