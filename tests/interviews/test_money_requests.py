"""Money on interview requests: every amount in an ISO 4217 currency, compared across
currencies at the ECB reference rate with both amounts shown, and total compensation (base +
target bonus + equity per year) stored, sent and shown."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.ml import money
from tests.builders import employer, live_candidate, open_job, send_request
from tests.outbox import last_email


def _detail(response: Any) -> str:
    return str(response.json()["detail"])


class TestCurrencies:
    def test_a_made_up_currency_is_refused_everywhere(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        job = open_job(rita)
        refused = [
            rita.post("/api/jobs", json={"title": "Data Engineer", "currency": "XYZ"}),
            rita.patch(f"/api/jobs/{job['id']}", json={"currency": "XYZ"}),
            ada.patch("/api/candidates/me", json={"salary_currency": "XYZ"}),
            send_request(rita, job, ada, currency="XYZ"),
        ]
        for response in refused:
            assert response.status_code == 422, response.text
            assert "XYZ is not an ISO 4217 currency code" in _detail(response)
        # Nothing was written: the job and the wish list keep their currency, no request went.
        assert rita.get(f"/api/jobs/{job['id']}").json()["currency"] == "EUR"
        assert ada.get("/api/candidates/me").json()["salary_currency"] == "EUR"
        assert ada.get("/api/interview-requests").json()["total"] == 0

    def test_a_zloty_offer_below_a_euro_minimum_says_so_with_both_amounts(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, min_salary=95_000, salary_currency="EUR")
        rita = employer(client)
        job = open_job(rita, currency="PLN", salary_min=120_000, salary_max=160_000, country="PL")
        sent = send_request(rita, job, ada, salary=143_000, currency="PLN")
        assert sent.status_code == 201, sent.text
        assert any(
            w.startswith("base salary 143,000 PLN ≈ ")
            and "below the candidate's minimum base of 95,000 EUR" in w
            for w in sent.json()["warnings"]
        )
        view = ada.get(f"/api/interview-requests/{sent.json()['request']['id']}").json()
        check = view["minimum_check"]
        assert check["compared"] == "base" and check["meets"] is False
        assert check["base"]["currency"] == "PLN" and check["base"]["to_currency"] == "EUR"
        expected = money.convert(143_000, "PLN", "EUR", money.rate_date("PLN", "EUR"))
        assert abs(check["base"]["converted"] - expected) < 0.02 * expected
        assert check["base"]["rate_date"] is not None
        page = ada.get("/requests")
        assert page.status_code == 200
        assert "143,000 PLN ≈ " in page.text
        assert "below your minimum base of 95,000 EUR" in page.text
        assert "European Central Bank" in page.text

    def test_an_offer_that_meets_the_minimum_once_converted_does_not_warn(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, min_salary=95_000, salary_currency="EUR")
        rita = employer(client)
        job = open_job(rita, currency="USD", salary_min=120_000, salary_max=160_000)
        sent = send_request(rita, job, ada, salary=150_000, currency="USD")
        assert not any("minimum" in w for w in sent.json()["warnings"])
        view = sent.json()["request"]
        assert view["minimum_check"]["meets"] is True

    def test_a_euro_offer_against_a_dollar_band_warns_with_the_conversion(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, min_salary=None)
        rita = employer(client)
        job = open_job(rita, currency="USD", salary_min=150_000, salary_max=180_000)
        sent = send_request(rita, job, ada, salary=118_000, currency="EUR")
        warnings = sent.json()["warnings"]
        assert any(
            w.startswith("the base salary of 118,000 EUR ≈ ")
            and "below the job's advertised band of 150,000 – 180,000 USD" in w
            and "ECB rate of" in w
            for w in warnings
        ), warnings
        # Within the band once converted: no band warning.
        other = open_job(
            rita, title="Data Engineer", currency="USD", salary_min=100_000, salary_max=160_000
        )
        inside = send_request(rita, other, ada, salary=118_000, currency="EUR")
        assert not any("band" in w for w in inside.json()["warnings"])

    def test_usd_figures_are_unchanged(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, min_salary=90_000, salary_currency="USD")
        rita = employer(client)
        job = open_job(rita, currency="USD", country="US", salary_min=90_000, salary_max=140_000)
        view = send_request(rita, job, ada, salary=120_000, currency="USD").json()["request"]
        assert view["salary"] == 120_000 and view["compensation"]["total"] == 120_000
        check = view["minimum_check"]
        assert check["base"]["converted"] == 120_000 and check["base"]["rate_date"] is None
        market, local = view["salary_benchmark"], view["benchmark_in_offer_currency"]
        assert market["currency"] == "USD"
        assert (local["p25"], local["p50"], local["p75"]) == (
            market["p25"],
            market["p50"],
            market["p75"],
        )
        assert local["rate_date"] is None and local["pay"] == "base"

    def test_the_benchmark_is_shown_in_the_offers_currency(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        view = send_request(rita, open_job(rita), ada, salary=100_000).json()["request"]
        market, local = view["salary_benchmark"], view["benchmark_in_offer_currency"]
        assert market["currency"] == "USD" and local["currency"] == "EUR"
        assert local["from_currency"] == "USD" and local["rate_date"] is not None
        expected = money.convert(market["p50"], "USD", "EUR", money.rate_date("USD", "EUR"))
        assert abs(local["p50"] - expected) <= 0.02 * expected
        assert local["p50"] != market["p50"]


class TestTotalCompensation:
    def test_base_bonus_and_equity_are_stored_sent_and_shown(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, min_salary=110_000, salary_currency="EUR")
        rita = employer(client)
        job = open_job(rita, salary_min=90_000, salary_max=130_000)
        sent = send_request(
            rita,
            job,
            ada,
            salary=100_000,
            bonus_percent=15,
            equity_per_year=30_000,
            equity_vesting="4 years, 1-year cliff",
        )
        assert sent.status_code == 201, sent.text
        # The minimum is compared with the base (100,000), not the total (145,000).
        assert any("below the candidate's minimum base" in w for w in sent.json()["warnings"])
        request_id = sent.json()["request"]["id"]
        pay = ada.get(f"/api/interview-requests/{request_id}").json()["compensation"]
        assert pay == {
            "base": 100_000,
            "currency": "EUR",
            "bonus_percent": 15.0,
            "bonus": 15_000,
            "equity_per_year": 30_000,
            "equity_vesting": "4 years, 1-year cliff",
            "total": 145_000,
            "summary": pay["summary"],
        }
        assert pay["summary"].endswith("= 145,000 EUR a year in total")
        email = last_email(app.state.session_factory, ada.email, "interview_request")
        assert "145,000 EUR a year in total" in email.subject
        assert "100,000 EUR base + 15% target bonus (15,000 EUR)" in email.body
        assert "4 years, 1-year cliff" in email.body
        page = ada.get(f"/requests/{request_id}").text
        assert "145,000 EUR" in page and "in total" in page and "4 years, 1-year cliff" in page
        assert "base pay" in page  # the benchmark beside a total says it is base

    def test_a_negative_bonus_or_equity_is_refused(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        job = open_job(rita)
        assert send_request(rita, job, ada, bonus_percent=-5).status_code == 422
        assert send_request(rita, job, ada, equity_per_year=-1).status_code == 422
        assert ada.get("/api/interview-requests").json()["total"] == 0


class TestHardSalaryConstraint:
    def test_a_euro_minimum_against_dollar_bands(self, client: TestClient, app: FastAPI) -> None:
        live_candidate(client, app, name="Eve Euro", min_salary=95_000, salary_currency="EUR")
        rita = employer(client)
        # 80,000 USD is far below 95,000 EUR (beyond the 10% tolerance): excluded.
        low = open_job(rita, currency="USD", salary_min=60_000, salary_max=80_000)
        matches = rita.get(f"/api/jobs/{low['id']}/matches").json()
        assert matches["excluded_by_constraints"] == 1 and matches["items"] == []
        # 140,000 USD is above it: kept.
        high = open_job(rita, title="Data Engineer", currency="USD", salary_max=140_000)
        matches = rita.get(f"/api/jobs/{high['id']}/matches").json()
        assert matches["excluded_by_constraints"] == 0 and len(matches["items"]) == 1


def test_an_offer_without_a_currency_is_in_the_job_bands_not_dollars(
    client: TestClient, app: FastAPI
) -> None:
    rita = employer(client)
    job = open_job(rita, currency="INR", salary_min=2_500_000, salary_max=4_000_000)
    ada = live_candidate(client, app)
    body = {"job_id": job["id"], "candidate_id": ada.me["candidate_profile_id"]}
    sent = rita.post("/api/interview-requests", json={**body, "salary": 3_000_000})
    assert sent.status_code == 201, sent.text
    assert sent.json()["request"]["currency"] == "INR"
    assert not any("band" in w for w in sent.json()["warnings"])  # within its own band
