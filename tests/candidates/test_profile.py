import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.candidates.models import CandidateProfile
from talentmatch.db import unit_of_work
from talentmatch.kit.clock import utcnow
from tests.builders import candidate, complete_profile, employer, live_candidate, operator


class TestEditing:
    def test_profile_and_wish_list_are_saved(self, client: TestClient) -> None:
        ada = candidate(client)
        complete_profile(ada, specialisms=["NLP/LLMs"], target_locations=["Berlin", "Remote"])
        profile = ada.get("/api/candidates/me").json()
        assert profile["skills"] == ["Python", "Go", "PostgreSQL", "Kubernetes"]
        assert profile["min_salary"] == 90000
        assert profile["salary_currency"] == "EUR"
        assert profile["specialisms"] == ["NLP/LLMs"]
        assert profile["remote_preference"] == "hybrid"

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("country", "Germany"),
            ("salary_currency", "dollars"),
            ("min_salary", -5),
            ("years_experience", 500),
            ("photo_url", "javascript:alert(1)"),
            ("remote_preference", "sometimes"),
            ("skills", "Python"),
        ],
    )
    def test_bad_values_name_the_field(self, client: TestClient, field: str, value: object) -> None:
        ada = candidate(client)
        response = ada.patch("/api/candidates/me", json={field: value})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][:2] == ["body", field]

    def test_hostile_text_is_kept_verbatim_as_data(self, client: TestClient) -> None:
        ada = candidate(client)
        hostile = "<script>alert('x')</script>'; DROP TABLE users; --"
        response = ada.patch("/api/candidates/me", json={"headline": hostile[:200]})
        assert response.status_code == 200
        assert ada.get("/api/candidates/me").json()["headline"] == hostile[:200]
        assert ada.get("/api/me").status_code == 200  # the users table is still there


class TestReviewWorkflow:
    def test_submit_needs_a_headline(self, client: TestClient) -> None:
        ada = candidate(client)
        response = ada.post("/api/candidates/me/submit")
        assert response.status_code == 422
        assert response.json()["field"] == "headline"

    def test_operator_approves_and_the_profile_goes_live_for_a_period(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        complete_profile(ada)
        assert ada.post("/api/candidates/me/submit").json()["status"] == "submitted"
        op = operator(client, app)
        queue = op.get("/api/review/profiles").json()
        assert [p["id"] for p in queue["items"]] == [ada.me["candidate_profile_id"]]
        approved = op.post(f"/api/review/profiles/{ada.me['candidate_profile_id']}/approve").json()
        assert approved["status"] == "live"
        assert approved["is_visible"] is True
        assert approved["live_until"] is not None
        assert op.get("/api/review/profiles").json()["total"] == 0

    def test_rejection_carries_its_reason_and_allows_resubmission(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        complete_profile(ada)
        ada.post("/api/candidates/me/submit")
        op = operator(client, app)
        profile_id = ada.me["candidate_profile_id"]
        response = op.post(
            f"/api/review/profiles/{profile_id}/reject", json={"reason": "Add dates to each role."}
        )
        assert response.status_code == 200
        mine = ada.get("/api/candidates/me").json()
        assert mine["status"] == "rejected"
        assert mine["rejection_reason"] == "Add dates to each role."
        assert ada.post("/api/candidates/me/submit").json()["status"] == "submitted"

    def test_rejection_needs_a_reason(self, client: TestClient, app: FastAPI) -> None:
        ada = candidate(client)
        complete_profile(ada)
        ada.post("/api/candidates/me/submit")
        op = operator(client, app)
        response = op.post(
            f"/api/review/profiles/{ada.me['candidate_profile_id']}/reject", json={"reason": ""}
        )
        assert response.status_code == 422

    def test_only_operators_review(self, client: TestClient) -> None:
        ada = candidate(client)
        complete_profile(ada)
        ada.post("/api/candidates/me/submit")
        rita = employer(client)
        profile_id = ada.me["candidate_profile_id"]
        assert ada.post(f"/api/review/profiles/{profile_id}/approve").status_code == 403
        assert rita.post(f"/api/review/profiles/{profile_id}/approve").status_code == 403
        assert rita.get("/api/review/profiles").status_code == 403

    def test_the_operator_opens_the_resume_under_review_and_nobody_else_does(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        content = b"Ada Lovelace\nAnalytical engine programmer\nPython, mathematics\n"
        ada.put("/api/candidates/me/resume", files={"file": ("cv.txt", content, "text/plain")})
        complete_profile(ada)
        ada.post("/api/candidates/me/submit")
        profile_id = ada.me["candidate_profile_id"]
        path = f"/api/review/profiles/{profile_id}/resume"
        opened = operator(client, app).get(path)
        assert opened.status_code == 200 and opened.content == content
        assert "attachment" in opened.headers["content-disposition"]
        assert employer(client).get(path).status_code == 403
        assert ada.get(path).status_code == 403

    def test_a_profile_under_review_is_not_edited(self, client: TestClient) -> None:
        ada = candidate(client)
        complete_profile(ada)
        ada.post("/api/candidates/me/submit")
        assert ada.patch("/api/candidates/me", json={"headline": "changed"}).status_code == 409


class TestVisibilityOverTime:
    def test_pause_hides_and_renew_shows_again(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        profile_id = ada.me["candidate_profile_id"]
        assert rita.get(f"/api/candidates/{profile_id}").status_code == 200
        assert ada.post("/api/candidates/me/pause").json()["status"] == "paused"
        assert rita.get(f"/api/candidates/{profile_id}").status_code == 404
        assert rita.get("/api/candidates").json()["total"] == 0
        assert ada.post("/api/candidates/me/renew").json()["status"] == "live"
        assert rita.get(f"/api/candidates/{profile_id}").status_code == 200

    def test_an_expired_live_period_hides_until_renewed(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        profile_id = ada.me["candidate_profile_id"]
        with unit_of_work(app.state.session_factory) as session:
            session.execute(
                sa.update(CandidateProfile)
                .where(CandidateProfile.user_id == uuid.UUID(ada.me["id"]))
                .values(live_until=utcnow() - timedelta(hours=1))
            )
        assert ada.get("/api/candidates/me").json()["is_visible"] is False
        assert rita.get(f"/api/candidates/{profile_id}").status_code == 404
        renewed = ada.post("/api/candidates/me/renew").json()
        assert renewed["is_visible"] is True
        assert rita.get(f"/api/candidates/{profile_id}").status_code == 200

    def test_a_draft_cannot_be_renewed(self, client: TestClient) -> None:
        ada = candidate(client)
        assert ada.post("/api/candidates/me/renew").status_code == 409
