from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import employer, live_candidate, open_job


class TestCandidatesForAJob:
    def test_ranked_explained_and_blind(self, client: TestClient, app: FastAPI) -> None:
        fit = live_candidate(client, app, name="Ada Fit", skills=["Python", "PostgreSQL", "Go"])
        live_candidate(
            client,
            app,
            name="Bob Far",
            skills=["Excel"],
            titles=["Accountant"],
            headline="Accountant, 10 years",
        )
        rita = employer(client)
        job = open_job(rita)
        matches = rita.get(f"/api/jobs/{job['id']}/matches").json()
        assert matches["considered"] == 2
        first = matches["items"][0]
        assert first["candidate"]["id"] == fit.me["candidate_profile_id"]
        assert first["candidate"]["contact"] is None
        assert "Ada Fit" not in str(matches)
        assert first["explanation"]["skills_met"] == ["Python", "PostgreSQL"]
        assert first["score"] > matches["items"][1]["score"]

    def test_hidden_and_incompatible_candidates_are_left_out(
        self, client: TestClient, app: FastAPI
    ) -> None:
        hider = live_candidate(client, app, name="Hider")
        hider.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})
        live_candidate(client, app, name="Remote Only", remote_preference="remote")
        live_candidate(client, app, name="Too Expensive", min_salary=400000)
        live_candidate(client, app, name="Abroad", country="US", work_authorizations=["US"])
        acme = employer(client, company="Acme")
        matches = acme.get(f"/api/jobs/{open_job(acme)['id']}/matches").json()
        assert matches["considered"] == 3  # the hidden profile is never even considered
        assert matches["excluded_by_constraints"] == 3
        assert matches["items"] == []

    def test_only_the_company_sees_its_job_matches(self, client: TestClient) -> None:
        acme = employer(client, company="Acme")
        job = open_job(acme)
        assert (
            employer(client, company="Globex").get(f"/api/jobs/{job['id']}/matches").status_code
            == 404
        )


class TestJobsForACandidate:
    def test_ranked_with_explanations(self, client: TestClient, app: FastAPI) -> None:
        ada = live_candidate(client, app, skills=["Python", "PostgreSQL"])
        rita = employer(client, company="Acme")
        backend = open_job(rita)
        open_job(
            rita,
            title="Registered Nurse",
            description="Care for patients.",
            required_skills=["Nursing"],
            nice_to_have_skills=[],
        )
        open_job(rita, title="Draft Job", status="draft")
        matches = ada.get("/api/candidates/me/matches").json()
        assert matches["considered"] == 2
        assert matches["items"][0]["job"]["id"] == backend["id"]
        assert matches["items"][0]["explanation"]["salary"].startswith("band reaches")
