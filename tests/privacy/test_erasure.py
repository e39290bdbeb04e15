import uuid
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.matching.models import MatchVector
from tests.builders import (
    PASSWORD,
    Actor,
    candidate,
    employer,
    live_candidate,
    log_in,
    open_job,
    send_request,
    sign_up,
    unique_email,
)
from tests.outbox import emailed_token
from tests.privacy.helpers import count, some_practice, traces, upload_resume

NAME = "Grace Hopperton"
PHONE = "+1 555 0100 777"
LINK = "https://github.com/grace-hopperton"
RESUME = b"Grace Hopperton\nCOBOL compiler pioneer at Harvard Mark Nine\nPython, Go\n"


def erase(actor: Actor, password: str = PASSWORD) -> Any:
    return actor.request("DELETE", "/api/me", json={"password": password})


def add_match_vector(app: FastAPI, profile_id: str) -> None:
    with unit_of_work(app.state.session_factory) as session:
        session.add(
            MatchVector(
                kind="candidate",
                item_id=uuid.UUID(profile_id),
                fingerprint="f" * 40,
                skills=["python"],
                text_vector=b"\x00" * 8,
                title_vector=b"\x00" * 8,
                wish_vector=b"\x00" * 8,
            )
        )


class TestConfirmation:
    def test_without_the_right_password_nothing_is_erased(self, client: TestClient) -> None:
        ada = candidate(client)
        assert ada.delete("/api/me").status_code == 422  # no body at all
        wrong = erase(ada, "not the password")
        assert wrong.status_code == 422
        assert wrong.json()["field"] == "password"
        assert ada.get("/api/me").status_code == 200
        assert log_in(client, ada.email).me["email"] == ada.email


class TestCandidateErasure:
    def test_no_trace_is_left_and_companies_keep_anonymous_requests(
        self, client: TestClient, app: FastAPI
    ) -> None:
        grace = live_candidate(client, app, name=NAME, phone=PHONE, links=[LINK])
        profile_id = grace.me["candidate_profile_id"]
        user_id = grace.me["id"]
        upload_resume(grace, name="grace.txt", content=RESUME)
        some_practice(grace)
        add_match_vector(app, profile_id)
        # The indexer keeps the blind profile it built (the resume's words among it).
        app.state.match_index.sync()
        assert count(app, "match_profiles", item_id=uuid.UUID(profile_id)) == 1
        client.post("/api/auth/password/forgot", json={"email": grace.email})
        rita = employer(client, company="Acme Analytics", name="Rita Recruiter")
        rita.get(f"/api/candidates/{profile_id}")
        app.state.profile_views.flush()
        accepted = send_request(rita, open_job(rita), grace).json()["request"]
        unanswered = send_request(rita, open_job(rita, title="Staff Engineer"), grace).json()
        unanswered = unanswered["request"]
        grace.post(f"/api/interview-requests/{accepted['id']}/accept")
        thread = f"/api/interview-requests/{accepted['id']}/messages"
        rita.post(thread, json={"body": f"Hi {NAME}, shall I call {PHONE}?"})
        grace.post(thread, json={"body": f"Yes. Grace, {grace.email}, see {LINK}"})

        assert count(app, "notifications", user_id=uuid.UUID(user_id)) > 0

        assert erase(grace).status_code == 204

        # The account is gone: the token is dead, logging in fails, the e-mail is free again.
        assert grace.get("/api/me").status_code == 401
        login = client.post("/api/auth/token", data={"username": grace.email, "password": PASSWORD})
        assert login.status_code == 401
        # No table holds the person's e-mail, name, phone, links or resume text.
        needles = (grace.email, NAME, PHONE, LINK, "Harvard Mark Nine")
        assert traces(app, *needles) == []
        assert count(app, "resume_files", profile_id=uuid.UUID(profile_id)) == 0
        assert count(app, "match_vectors", item_id=uuid.UUID(profile_id)) == 0
        assert count(app, "match_profiles", item_id=uuid.UUID(profile_id)) == 0
        for table in ("practice_cards", "practice_reviews", "roadmap_progress", "profile_views"):
            assert count(app, table, profile_id=uuid.UUID(profile_id)) == 0, table
        for table in ("api_tokens", "auth_sessions", "password_resets", "notifications"):
            assert count(app, table, user_id=uuid.UUID(user_id)) == 0, table

        # The company keeps its requests, without who the candidate was.
        seen = {r["id"]: r for r in rita.get("/api/interview-requests").json()["items"]}
        assert set(seen) == {accepted["id"], unanswered["id"]}
        kept = seen[accepted["id"]]
        assert kept["status"] == "accepted" and kept["salary"] == 100000
        assert kept["candidate_contact"]["full_name"] == "Deleted user"
        assert kept["candidate_contact"]["phone"] == ""
        assert kept["candidate_contact"]["links"] == []
        assert kept["candidate_headline"] == ""
        assert seen[unanswered["id"]]["status"] == "declined"
        assert "deleted their account" in seen[unanswered["id"]]["decline_reason"]
        messages = rita.get(thread).json()
        assert [m["body"] for m in messages] == [
            "Hi [erased], shall I call [erased]?",
            "[removed: the candidate deleted their account]",
        ]
        assert messages[1]["sender_name"] == "Deleted user"
        assert rita.get(f"/requests/{accepted['id']}").status_code == 200
        placeholder = rita.get(f"/api/candidates/{profile_id}").json()
        assert placeholder["skills"] == [] and placeholder["summary"] == ""

    def test_a_candidate_nobody_refers_to_is_deleted_outright(
        self, client: TestClient, app: FastAPI
    ) -> None:
        email = unique_email("gone")
        grace = candidate(client, name=NAME, email=email)
        upload_resume(grace, name="grace.txt", content=RESUME)
        some_practice(grace)

        assert erase(grace).status_code == 204

        assert count(app, "users", id=uuid.UUID(grace.me["id"])) == 0
        assert count(app, "candidate_profiles", user_id=uuid.UUID(grace.me["id"])) == 0
        assert traces(app, email, NAME, "Harvard Mark Nine") == []
        again = sign_up(
            client,
            {"email": email, "password": PASSWORD, "full_name": NAME, "role": "candidate"},
        )
        assert again["email"] == email


class TestEmployerErasure:
    def test_the_company_and_its_records_stay(self, client: TestClient, app: FastAPI) -> None:
        rita = employer(client, company="Acme Analytics", name="Rita Recruiteress")
        company_id = rita.me["company_id"]
        colleague_email = unique_email("sam")
        rita.post(f"/api/companies/{company_id}/invitations", json={"email": colleague_email})
        token = emailed_token(
            app.state.session_factory, colleague_email, "invitation", "/invitations"
        )
        joined = client.post(
            f"/api/invitations/{token}/accept",
            json={"full_name": "Sam Colleague", "password": PASSWORD},
        )
        assert joined.status_code == 201
        sam = log_in(client, colleague_email)
        ada = live_candidate(client, app)
        job = open_job(rita)
        request = send_request(rita, job, ada, message="Best, Rita Recruiteress").json()["request"]

        assert erase(rita).status_code == 204

        assert rita.get("/api/me").status_code == 401
        assert traces(app, rita.email, "Rita Recruiteress") == []
        # The company, its job and its request stay; the colleague now runs the company.
        assert log_in(client, colleague_email).me["company_role"] == "admin"
        assert sam.get(f"/api/jobs/{job['id']}").status_code == 200
        kept = sam.get(f"/api/interview-requests/{request['id']}").json()
        assert kept["message"] == "Best, [erased]"
        members = sam.get(f"/api/companies/{company_id}/members").json()
        assert [m["email"] for m in members] == [colleague_email]
        # The candidate still sees the request.
        assert ada.get(f"/api/interview-requests/{request['id']}").status_code == 200


class TestPage:
    def test_the_page_asks_for_confirmation_then_deletes(
        self, client: TestClient, app: FastAPI
    ) -> None:
        email = unique_email("page")
        candidate(client, name=NAME, email=email)
        login = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        csrf = login.json()["csrf_token"]
        page = client.get("/me/data")
        assert page.status_code == 200
        assert "Delete your account" in page.text
        assert "/api/me/export?format=zip" in page.text

        unconfirmed = client.post(
            "/me/data/delete", data={"csrf_token": csrf, "password": PASSWORD}
        )
        assert unconfirmed.status_code == 422
        assert "tick the box" in unconfirmed.text
        wrong = client.post(
            "/me/data/delete", data={"csrf_token": csrf, "password": "nope", "confirm": "yes"}
        )
        assert wrong.status_code == 422
        assert "the password is wrong" in wrong.text
        assert client.get("/api/me").status_code == 200

        done = client.post(
            "/me/data/delete",
            data={"csrf_token": csrf, "password": PASSWORD, "confirm": "yes"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert done.headers["location"] == "/"
        assert client.get("/api/me").status_code == 401
        assert traces(app, email, NAME) == []
