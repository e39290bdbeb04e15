import io
import json
import zipfile
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.kit.security import token_digest
from tests.builders import (
    PASSWORD,
    candidate,
    complete_profile,
    employer,
    live_candidate,
    open_job,
    send_request,
)
from tests.privacy.helpers import some_practice, upload_resume

RESUME = (
    b"Ada Lovelace\nAnalytical engine programmer, Bletchley Park 1843\nPython, Go, PostgreSQL\n"
)


class TestCandidateExport:
    def test_the_export_holds_everything_about_the_candidate(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app, name="Ada Lovelace", target_roles=["ML Engineer"])
        upload_resume(ada, name="ada-cv.txt", content=RESUME)
        assert (
            ada.post(
                "/api/candidates/me/hidden-companies", json={"name_or_domain": "Current Employer"}
            ).status_code
            == 201
        )
        question = some_practice(ada)
        client.post("/api/auth/password/forgot", json={"email": ada.email})
        login = client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
        assert login.status_code == 200
        rita = employer(client, company="Acme Analytics", name="Rita Recruiter")
        assert rita.get(f"/api/candidates/{ada.me['candidate_profile_id']}").status_code == 200
        app.state.profile_views.flush()
        request = send_request(rita, open_job(rita), ada, message="Join us").json()["request"]
        ada.post(f"/api/interview-requests/{request['id']}/accept")
        rita.post(f"/api/interview-requests/{request['id']}/messages", json={"body": "When?"})
        ada.post(f"/api/interview-requests/{request['id']}/messages", json={"body": "Tuesday."})

        response = ada.get("/api/me/export")

        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert "attachment" in response.headers["content-disposition"]
        data = response.json()
        assert data["account"]["email"] == ada.email
        assert data["account"]["full_name"] == "Ada Lovelace"
        # Secrets are never exported, not even as digests.
        assert "password_hash" not in response.text
        assert token_digest(ada.token) not in response.text
        assert "token_digest" not in response.text and "csrf_token" not in response.text
        profile = data["profile"]
        assert profile["phone"] == "+49 30 1234567"
        assert profile["links"] == ["https://github.com/ada"]
        assert profile["target_roles"] == ["ML Engineer"]
        assert profile["min_salary"] == 90000 and profile["status"] == "live"
        assert profile["parsed"], "the parsed resume data is part of the profile"
        assert [h["label"] for h in data["hidden_companies"]] == ["Current Employer"]
        assert data["resume"]["filename"] == "ada-cv.txt"
        assert "Bletchley Park 1843" in data["resume"]["text"]
        assert "content" not in data["resume"]
        [exported] = data["interview_requests"]
        assert exported["company_name"] == "Acme Analytics"
        assert exported["message"] == "Join us" and exported["status"] == "accepted"
        assert [e["kind"] for e in exported["events"]] == ["sent", "accepted"]
        assert [(m["from"], m["body"]) for m in exported["messages"]] == [
            ("the company", "When?"),
            ("you", "Tuesday."),
        ]
        assert [r["question_id"] for r in data["practice_reviews"]] == [question]
        assert [c["question_id"] for c in data["practice_cards"]] == [question]
        assert [(s["role_id"], s["skill_id"]) for s in data["roadmap_progress"]] == [
            ("ml-engineer", "statistics")
        ]
        assert any(e["kind"] == "interview_request" for e in data["emails"])
        # The reset link would let whoever holds a token take over the account.
        [reset] = [e for e in data["emails"] if e["kind"] == "password_reset"]
        assert "/password/reset/[withheld]" in reset["body"]
        assert all(e["to_address"] == ada.email for e in data["emails"])
        assert [t["name"] for t in data["api_tokens"]] == ["api"]
        assert len(data["sessions"]) == 1 and "expires_at" in data["sessions"][0]
        assert [v["company_name"] for v in data["profile_views"]] == ["Acme Analytics"]

    def test_the_export_holds_the_in_app_notifications_read_or_not(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = live_candidate(client, app)
        rita = employer(client)
        request = send_request(rita, open_job(rita, title="Data Engineer"), ada).json()["request"]
        mine = ada.get("/api/notifications").json()["items"]
        [told] = [n for n in mine if n["kind"] == "interview_request"]
        assert ada.post(f"/api/notifications/{told['id']}/read").status_code == 200

        data = ada.get("/api/me/export").json()

        exported = {n["id"]: n for n in data["notifications"]}
        assert set(exported) == {n["id"] for n in mine}, "all of hers, nobody else's"
        this = exported[told["id"]]
        assert this["kind"] == "interview_request"
        assert this["title"] == told["title"] and this["body"] == told["body"]
        assert request["id"] in this["link"]
        assert this["created_at"] and this["read_at"] is not None
        assert "user_id" not in this
        assert all(n["read_at"] is None for i, n in exported.items() if i != told["id"])
        assert rita.get("/api/me/export").json()["notifications"] == []

    def test_the_zip_has_the_data_and_the_resume_file_unchanged(self, client: TestClient) -> None:
        ada = candidate(client)
        complete_profile(ada)
        upload_resume(ada, name="../../etc/ada-cv.txt", content=RESUME)

        response = ada.get("/api/me/export", params={"format": "zip"})

        assert response.status_code == 200
        assert response.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            assert sorted(archive.namelist()) == ["data.json", "resume/ada-cv.txt"]
            assert archive.read("resume/ada-cv.txt") == RESUME
            data: dict[str, Any] = json.loads(archive.read("data.json"))
        assert data["account"]["email"] == ada.email
        assert "Bletchley Park 1843" in data["resume"]["text"]

    def test_an_unknown_format_is_refused(self, client: TestClient) -> None:
        ada = candidate(client)
        assert ada.get("/api/me/export", params={"format": "xml"}).status_code == 422


class TestOtherAccounts:
    def test_an_employer_gets_their_own_account_data(self, client: TestClient) -> None:
        rita = employer(client, company="Acme Analytics", name="Rita Recruiter")
        job = open_job(rita, title="Data Engineer")

        data = rita.get("/api/me/export").json()

        assert data["account"]["full_name"] == "Rita Recruiter"
        assert data["company"]["company_name"] == "Acme Analytics"
        assert data["company"]["role"] == "admin"
        assert [(j["id"], j["title"]) for j in data["jobs_created"]] == [
            (job["id"], "Data Engineer")
        ]
        assert "profile" not in data

    def test_nobody_exports_without_logging_in(self, anonymous: TestClient) -> None:
        assert anonymous.get("/api/me/export").status_code == 401
