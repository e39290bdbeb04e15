"""Edits of a live profile's free text are reviewed again, as the first version was: the profile
stays live and companies read the approved text until an operator decides."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import Actor, employer, live_candidate, operator


def headline_seen_by(company: Actor, candidate: Actor) -> str:
    profile_id = candidate.me["candidate_profile_id"]
    response = company.get(f"/api/candidates/{profile_id}")
    assert response.status_code == 200, response.text
    return str(response.json()["headline"])


def edit(candidate: Actor, **changes: object) -> dict[str, object]:
    response = candidate.patch("/api/candidates/me", json=changes)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_an_edited_headline_waits_for_review_while_the_profile_stays_live(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app, headline="Backend engineer, 6 years of Python")
    acme = employer(client)
    olive = operator(client, app)
    mine = edit(ada, headline="Backend engineer: call me at +1 555 0100")
    assert mine["status"] == "live" and mine["edits_submitted_at"] is not None
    assert mine["headline"] == "Backend engineer: call me at +1 555 0100"  # the owner's own
    assert headline_seen_by(acme, ada) == "Backend engineer, 6 years of Python"
    queue = olive.get("/api/review/profiles").json()["items"]
    assert [p["id"] for p in queue] == [ada.me["candidate_profile_id"]]
    approved = olive.post(f"/api/review/profiles/{ada.me['candidate_profile_id']}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "live" and approved.json()["edits_submitted_at"] is None
    # Approved, and still blind: the phone number never reaches the company.
    assert headline_seen_by(acme, ada) == "Backend engineer: call me at [phone]"
    assert olive.get("/api/review/profiles").json()["items"] == []


def test_refused_edits_bring_the_approved_text_back(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, headline="Backend engineer, 6 years of Python")
    acme = employer(client)
    olive = operator(client, app)
    edit(ada, headline="Best engineer ever, DM me", summary="Hire me now")
    profile_id = ada.me["candidate_profile_id"]
    refused = olive.post(
        f"/api/review/profiles/{profile_id}/reject", json={"reason": "No contact requests."}
    )
    assert refused.status_code == 200, refused.text
    mine = ada.get("/api/candidates/me").json()
    assert mine["status"] == "live" and mine["edits_submitted_at"] is None
    assert mine["headline"] == "Backend engineer, 6 years of Python"
    assert mine["rejection_reason"] == "No contact requests."
    assert headline_seen_by(acme, ada) == "Backend engineer, 6 years of Python"


def test_edits_other_than_free_text_need_no_review(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app)
    mine = edit(ada, min_salary=120000, skills=["Python", "Rust"], remote_preference="remote")
    assert mine["edits_submitted_at"] is None
    olive = operator(client, app)
    assert olive.get("/api/review/profiles").json()["items"] == []


def test_pausing_does_not_skip_the_review_of_edits(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, headline="Backend engineer, 6 years of Python")
    acme = employer(client)
    assert ada.post("/api/candidates/me/pause").status_code == 200
    edit(ada, headline="Backend engineer: text me on +1 555 0100")
    assert ada.post("/api/candidates/me/renew").status_code == 200
    mine = ada.get("/api/candidates/me").json()
    assert mine["status"] == "live" and mine["edits_submitted_at"] is not None
    assert headline_seen_by(acme, ada) == "Backend engineer, 6 years of Python"
