import uuid
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.privacy.recorder import ProfileViewRecorder
from tests.builders import employer, live_candidate, open_job
from tests.privacy.helpers import count


class TestViewsLog:
    def test_the_candidate_sees_which_companies_opened_the_profile(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        profile_id = ada.me["candidate_profile_id"]
        acme = employer(client, company="Acme Analytics")
        globex = employer(client, company="Globex")
        assert ada.get("/api/me/profile-views").json() == []

        for _ in range(3):
            assert acme.get(f"/api/candidates/{profile_id}").status_code == 200
        assert globex.get(f"/api/candidates/{profile_id}").status_code == 200
        app.state.profile_views.flush()

        views = ada.get("/api/me/profile-views").json()
        # Three views within the hour count once.
        assert sorted(v["company_name"] for v in views) == ["Acme Analytics", "Globex"]
        assert all(v["viewed_at"] for v in views)
        page = ada.get("/me/data")
        assert page.status_code == 200
        assert "Acme Analytics" in page.text and "Globex" in page.text

    def test_the_request_form_counts_as_a_view(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        acme = employer(client, company="Acme Analytics")
        job = open_job(acme)
        page = acme.get(f"/jobs/{job['id']}/candidates/{ada.me['candidate_profile_id']}/request")
        assert page.status_code == 200
        app.state.profile_views.flush()
        assert [v["company_name"] for v in ada.get("/api/me/profile-views").json()] == [
            "Acme Analytics"
        ]

    def test_lists_and_refused_views_are_not_logged(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app)
        ada.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Hidden Corp"})
        browsing = employer(client, company="Browsing Ltd")
        hidden = employer(client, company="Hidden Corp")
        assert browsing.get("/api/candidates").json()["total"] == 1
        assert hidden.get(f"/api/candidates/{ada.me['candidate_profile_id']}").status_code == 404
        app.state.profile_views.flush()
        assert ada.get("/api/me/profile-views").json() == []

    def test_only_candidates_have_profile_views(self, client: TestClient) -> None:
        acme = employer(client)
        assert acme.get("/api/me/profile-views").status_code == 403


class TestRecorder:
    def test_one_row_per_company_profile_and_hour_across_recorders(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        profile_id = uuid.UUID(ada.me["candidate_profile_id"])
        company_id = uuid.UUID(employer(client).me["company_id"])
        first = ProfileViewRecorder(app.state.session_factory)
        second = ProfileViewRecorder(app.state.session_factory)  # another worker process
        try:
            first.viewed(company_id, profile_id, datetime(2030, 1, 1, 10, 5, tzinfo=UTC))
            first.viewed(company_id, profile_id, datetime(2030, 1, 1, 10, 40, tzinfo=UTC))
            first.flush()
            second.viewed(company_id, profile_id, datetime(2030, 1, 1, 10, 59, tzinfo=UTC))
            first.viewed(company_id, profile_id, datetime(2030, 1, 1, 11, 1, tzinfo=UTC))
            first.flush()
            second.flush()
        finally:
            first.close()
            second.close()
        assert count(app, "profile_views", profile_id=profile_id) == 2
        views = ada.get("/api/me/profile-views").json()
        assert [v["viewed_at"][:16] for v in views] == ["2030-01-01T11:01", "2030-01-01T10:05"]

    def test_a_view_of_a_vanished_profile_is_dropped_quietly(
        self, client: TestClient, app: FastAPI
    ) -> None:
        company_id = uuid.UUID(employer(client).me["company_id"])
        recorder = ProfileViewRecorder(app.state.session_factory)
        try:
            recorder.viewed(company_id, uuid.uuid4())
            recorder.flush()
        finally:
            recorder.close()
        assert count(app, "profile_views", company_id=company_id) == 0
