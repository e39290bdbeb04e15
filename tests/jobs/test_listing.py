"""The job as a candidate reads it before answering a request: who may read which job, and
that reading it tells the company nothing about the candidate."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import candidate, employer, live_candidate, open_job, send_request

STAGES = ["Recruiter screen", "Live coding", "System design"]


class TestWhoReadsWhichJob:
    def test_a_candidate_reads_an_open_job_with_its_company(self, client: TestClient) -> None:
        acme = employer(client, company="Acme Analytics")
        acme.patch(f"/api/companies/{acme.me['company_id']}", json={"size_band": "11-50"})
        job = open_job(acme, interview_stages=STAGES)
        ada = candidate(client)
        listing = ada.get(f"/api/jobs/{job['id']}/listing")
        assert listing.status_code == 200
        body = listing.json()
        assert body["title"] == "Senior Backend Engineer"
        assert body["required_skills"] == ["Python", "PostgreSQL"]
        assert (body["seniority"], body["remote_policy"]) == ("senior", "hybrid")
        assert (body["salary_min"], body["salary_max"], body["currency"]) == (85000, 110000, "EUR")
        assert body["interview_stages"] == STAGES
        assert body["company"]["name"] == "Acme Analytics"
        assert body["company"]["size_band"] == "11-50"
        assert body["your_requests"] == []
        assert "parsed" not in body  # the parser's working notes are the employer's

        page = ada.get(f"/jobs/{job['id']}")
        assert page.status_code == 200
        for shown in ("Senior Backend Engineer", "Live coding", "85,000", "Kubernetes"):
            assert shown in page.text
        assert f'href="/companies/{acme.me["company_id"]}"' in page.text
        assert "/edit" not in page.text and "Close the job" not in page.text

    def test_drafts_stay_with_their_company(self, client: TestClient) -> None:
        acme = employer(client)
        draft = open_job(acme, status="draft")
        ada = candidate(client)
        assert ada.get(f"/api/jobs/{draft['id']}/listing").status_code == 404
        assert ada.get(f"/jobs/{draft['id']}").status_code == 404
        globex = employer(client, company="Globex")
        assert globex.get(f"/jobs/{draft['id']}").status_code == 404
        # The company's own members still get their editing page.
        assert "Edit" in acme.get(f"/jobs/{draft['id']}").text

    def test_another_company_reads_an_open_job_as_candidates_do(self, client: TestClient) -> None:
        acme = employer(client, company="Acme Analytics")
        job = open_job(acme)
        page = employer(client, company="Globex").get(f"/jobs/{job['id']}")
        assert page.status_code == 200
        assert "Close the job" not in page.text and "See matching candidates" not in page.text

    def test_a_closed_job_stays_readable_for_the_candidate_it_asked(
        self, client: TestClient, app: FastAPI
    ) -> None:
        acme = employer(client, company="Acme Analytics")
        job = open_job(acme)
        ada = live_candidate(client, app)
        bob = live_candidate(client, app, name="Bob Builder")
        request = send_request(acme, job, ada)
        assert request.status_code == 201, request.text
        closed = acme.patch(f"/api/jobs/{job['id']}", json={"status": "closed"})
        assert closed.status_code == 200

        listing = ada.get(f"/api/jobs/{job['id']}/listing").json()
        assert listing["status"] == "closed"
        assert listing["your_requests"] == [request.json()["request"]["id"]]
        page = ada.get(f"/jobs/{job['id']}")
        assert "This job closed" in page.text
        assert f'href="/requests/{request.json()["request"]["id"]}"' in page.text
        assert bob.get(f"/api/jobs/{job['id']}/listing").status_code == 404
        assert bob.get(f"/jobs/{job['id']}").status_code == 404

    def test_the_reader_sees_only_their_own_requests(
        self, client: TestClient, app: FastAPI
    ) -> None:
        acme = employer(client)
        job = open_job(acme)
        ada = live_candidate(client, app)
        assert send_request(acme, job, ada).status_code == 201
        bob = candidate(client)
        assert bob.get(f"/api/jobs/{job['id']}/listing").json()["your_requests"] == []
        assert acme.get(f"/api/jobs/{job['id']}/listing").json()["your_requests"] == []


class TestNothingReachesTheCompany:
    def test_reading_a_job_of_a_hidden_company_tells_it_nothing(
        self, client: TestClient, app: FastAPI
    ) -> None:
        acme = employer(client, company="Acme Analytics")
        job = open_job(acme)
        ada = live_candidate(client, app)
        hidden = ada.post(
            "/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme Analytics"}
        )
        assert hidden.status_code == 201
        before = acme.get("/api/candidates").json()["total"]
        assert ada.get(f"/jobs/{job['id']}").status_code == 200
        assert ada.get(f"/api/jobs/{job['id']}/listing").status_code == 200
        assert ada.get(f"/companies/{acme.me['company_id']}").status_code == 200
        # Still hidden: the company's pool and the profile itself are unchanged for it.
        assert acme.get("/api/candidates").json()["total"] == before
        profile_id = ada.me["candidate_profile_id"]
        assert acme.get(f"/api/candidates/{profile_id}").status_code == 404
        # And the company's own job page names no reader.
        assert "Ada" not in acme.get(f"/jobs/{job['id']}").text
