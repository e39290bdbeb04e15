import uuid
from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.interviews.models import InterviewRequest
from talentmatch.kit.clock import utcnow
from tests.builders import candidate, employer, live_candidate, open_job, send_request


class TestJourney:
    def test_request_accept_reveal_and_message(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, name="Ada Lovelace")
        rita = employer(client, company="Acme", name="Rita Recruiter")
        job = open_job(rita)
        sent = send_request(rita, job, ada, salary=105000, message="Let's talk about <b>ML</b>.")
        assert sent.status_code == 201
        request = sent.json()["request"]
        assert sent.json()["warnings"] == []
        assert request["status"] == "sent"
        assert request["candidate_contact"] is None

        inbox = ada.get("/api/interview-requests").json()["items"]
        assert [(r["company_name"], r["job_title"], r["salary"]) for r in inbox] == [
            ("Acme", "Senior Backend Engineer", 105000)
        ]
        assert inbox[0]["company_contact"] is None
        assert inbox[0]["message"] == "Let's talk about <b>ML</b>."

        accepted = ada.post(f"/api/interview-requests/{request['id']}/accept").json()
        assert accepted["status"] == "accepted"
        assert accepted["stage"] == "screening"
        assert accepted["company_contact"]["sender_email"] == rita.email

        seen_by_rita = rita.get(f"/api/interview-requests/{request['id']}").json()
        assert seen_by_rita["candidate_contact"]["email"] == ada.email
        assert seen_by_rita["candidate_contact"]["phone"] == "+49 30 1234567"
        assert [e["kind"] for e in seen_by_rita["history"]] == ["sent", "accepted"]

        assert (
            rita.post(
                f"/api/interview-requests/{request['id']}/messages",
                json={"body": "When suits you?"},
            ).status_code
            == 201
        )
        assert (
            ada.post(
                f"/api/interview-requests/{request['id']}/messages", json={"body": "Tuesday."}
            ).status_code
            == 201
        )
        thread = ada.get(f"/api/interview-requests/{request['id']}/messages").json()
        assert [(m["sender_name"], m["body"]) for m in thread] == [
            ("Rita Recruiter", "When suits you?"),
            ("Ada Lovelace", "Tuesday."),
        ]

    def test_stages_end_in_a_hire_that_takes_the_profile_off_the_market(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        ada.post(f"/api/interview-requests/{request['id']}/accept")
        for stage in ("technical", "onsite", "offer", "hired"):
            moved = rita.post(
                f"/api/interview-requests/{request['id']}/stage", json={"stage": stage}
            )
            assert moved.json()["stage"] == stage
        assert ada.get("/api/candidates/me").json()["status"] == "hired"
        assert employer(client, company="Other").get("/api/candidates").json()["total"] == 0
        again = rita.post(f"/api/interview-requests/{request['id']}/stage", json={"stage": "offer"})
        assert again.status_code == 409


class TestSending:
    def test_salary_is_required(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        job = open_job(rita)
        body = {
            "job_id": job["id"],
            "candidate_id": ada.me["candidate_profile_id"],
            "message": "hi",
        }
        response = rita.post("/api/interview-requests", json=body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "salary"]
        assert rita.post("/api/interview-requests", json={**body, "salary": 0}).status_code == 422

    def test_a_salary_below_the_minimum_warns(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, min_salary=120000, salary_currency="EUR")
        rita = employer(client)
        response = send_request(rita, open_job(rita), ada, salary=95000)
        assert response.status_code == 201
        assert any("below the candidate's minimum" in w for w in response.json()["warnings"])

    def test_another_currency_is_converted_before_comparing(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, min_salary=120000, salary_currency="EUR")
        rita = employer(client)
        response = send_request(
            rita, open_job(rita, currency="USD"), ada, salary=95000, currency="USD"
        )
        warnings = response.json()["warnings"]
        assert any("95,000 USD ≈" in w and "below the candidate's minimum" in w for w in warnings)

    def test_only_live_candidates_receive_requests(self, client: TestClient) -> None:
        draft = candidate(client)
        rita = employer(client)
        assert send_request(rita, open_job(rita), draft).status_code == 404

    def test_one_open_request_per_job_and_candidate(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        job = open_job(rita)
        assert send_request(rita, job, ada).status_code == 201
        assert send_request(rita, job, ada).status_code == 409
        assert send_request(rita, open_job(rita, title="Data Engineer"), ada).status_code == 201

    def test_requests_are_for_own_open_jobs(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        acme = employer(client, company="Acme")
        globex = employer(client, company="Globex")
        assert send_request(acme, open_job(acme, status="draft"), ada).status_code == 422
        assert send_request(globex, open_job(acme), ada).status_code == 404

    def test_unknown_candidate_is_404(self, client: TestClient) -> None:
        rita = employer(client)
        body = {"job_id": open_job(rita)["id"], "candidate_id": str(uuid.uuid4()), "salary": 1}
        assert rita.post("/api/interview-requests", json=body).status_code == 404


class TestAnswering:
    def test_decline_with_a_reason(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        declined = ada.post(
            f"/api/interview-requests/{request['id']}/decline", json={"reason": "Remote only."}
        )
        assert declined.json()["status"] == "declined"
        seen = rita.get(f"/api/interview-requests/{request['id']}").json()
        assert seen["decline_reason"] == "Remote only."
        assert seen["candidate_contact"] is None
        assert ada.post(f"/api/interview-requests/{request['id']}/accept").status_code == 409

    def test_the_company_withdraws_but_never_answers(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        assert rita.post(f"/api/interview-requests/{request['id']}/accept").status_code == 403
        assert ada.post(f"/api/interview-requests/{request['id']}/withdraw").status_code == 403
        assert (
            rita.post(f"/api/interview-requests/{request['id']}/withdraw").json()["status"]
            == "withdrawn"
        )
        assert ada.post(f"/api/interview-requests/{request['id']}/accept").status_code == 409

    def test_requests_expire_after_the_configured_days(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        expected = utcnow() + timedelta(days=app.state.settings.request_expiry_days)
        expires = request["expires_at"]
        assert expires[:10] == expected.isoformat()[:10]
        with unit_of_work(app.state.session_factory) as session:
            session.execute(
                sa.update(InterviewRequest)
                .where(InterviewRequest.id == uuid.UUID(request["id"]))
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )
        assert ada.get(f"/api/interview-requests/{request['id']}").json()["status"] == "expired"
        assert ada.post(f"/api/interview-requests/{request['id']}/accept").status_code == 409
        # An expired request no longer blocks a new one for the same job.
        assert send_request(rita, {"id": request["job_id"]}, ada).status_code == 201

    def test_no_messages_before_acceptance(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        response = rita.post(
            f"/api/interview-requests/{request['id']}/messages", json={"body": "hello?"}
        )
        assert response.status_code == 409


class TestPrivacy:
    def test_outsiders_cannot_see_or_act(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, name="Ada")
        bob = live_candidate(client, app, name="Bob")
        acme = employer(client, company="Acme")
        globex = employer(client, company="Globex")
        request = send_request(acme, open_job(acme), ada).json()["request"]
        for outsider in (bob, globex):
            assert outsider.get(f"/api/interview-requests/{request['id']}").status_code == 404
            assert outsider.get("/api/interview-requests").json()["total"] == 0
        assert bob.post(f"/api/interview-requests/{request['id']}/accept").status_code == 404
        assert globex.post(f"/api/interview-requests/{request['id']}/withdraw").status_code == 404

    def test_both_sides_filter_their_lists(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        first = send_request(rita, open_job(rita), ada).json()["request"]
        send_request(rita, open_job(rita, title="Data Engineer"), ada)
        ada.post(f"/api/interview-requests/{first['id']}/decline")
        assert ada.get("/api/interview-requests", params={"status": "sent"}).json()["total"] == 1
        assert (
            rita.get("/api/interview-requests", params={"status": "declined"}).json()["total"] == 1
        )
        assert (
            rita.get("/api/interview-requests", params={"job_id": first["job_id"]}).json()["total"]
            == 1
        )


class TestSalaryBenchmark:
    def test_every_request_shows_the_market_beside_its_salary(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita), ada).json()["request"]
        market = ada.get(f"/api/interview-requests/{request['id']}").json()["salary_benchmark"]
        assert market["currency"] == "USD"
        assert market["p25"] < market["p50"] < market["p75"]
        assert market["sources"]

    def test_a_salary_under_the_market_warns(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, min_salary=None, salary_currency="USD")
        rita = employer(client)
        job = open_job(rita, currency="USD", country="US", salary_min=None, salary_max=None)
        response = send_request(rita, job, ada, salary=20000, currency="USD")
        assert any("market's 25th percentile" in w for w in response.json()["warnings"])

    def test_the_request_form_can_ask_the_market(self, client: TestClient) -> None:
        rita = employer(client)
        market = rita.get(
            "/api/salary/estimate",
            params={"title": "Data Engineer", "level": "SE", "country": "US"},
        )
        assert market.status_code == 200
        assert market.json()["p50"] > 50_000
        assert (
            rita.get(
                "/api/salary/estimate", params={"title": "Data Engineer", "level": "ZZ"}
            ).status_code
            == 422
        )
        assert (
            client.get("/api/salary/estimate", params={"title": "Data Engineer"}).status_code == 401
        )
