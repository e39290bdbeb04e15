"""The notification centre: each event tells the right person (in the app, and by e-mail unless
they turned that kind off), nobody else; unread counts and marking read; only the owner sees
theirs. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.notifications.models import OutboxEmail
from tests.builders import Actor, employer, live_candidate, open_job, send_request


def _mine(actor: Actor, **params: Any) -> dict[str, Any]:
    response = actor.get("/api/notifications", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _kinds(actor: Actor) -> list[str]:
    return [n["kind"] for n in _mine(actor)["items"]]


def _emails(app: FastAPI, to: str, kind: str) -> list[OutboxEmail]:
    with unit_of_work(app.state.session_factory, writes=False) as session:
        return list(
            session.scalars(
                sa.select(OutboxEmail).where(
                    OutboxEmail.to_address == to.lower(), OutboxEmail.kind == kind
                )
            )
        )


def test_each_event_tells_the_right_person_and_nobody_else(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    assert _kinds(ada) == ["profile_reviewed"]
    approved = _mine(ada)["items"][0]
    assert approved["title"] == "Your profile is approved" and approved["link"] == "/me/profile"
    rita = employer(client, company="Acme Analytics")
    bob = employer(client, company="Bystander Ltd")
    job = open_job(rita)

    request = send_request(rita, job, ada).json()["request"]
    rid = request["id"]
    assert _kinds(ada)[0] == "interview_request"
    assert _mine(ada)["items"][0]["link"] == f"/requests/{rid}"

    assert ada.post(f"/api/interview-requests/{rid}/accept").status_code == 200
    answered = _mine(rita)["items"][0]
    assert answered["kind"] == "request_answered"
    assert "accepted" in answered["title"] and job["title"] in answered["title"]
    assert [e.subject for e in _emails(app, rita.email, "request_answered")] == [answered["title"]]

    sent = rita.post(f"/api/interview-requests/{rid}/messages", json={"body": "Tuesday at 10?"})
    assert sent.status_code in (200, 201), sent.text
    told = _mine(ada)["items"][0]
    assert told["kind"] == "message" and told["body"].startswith("The company wrote to you")
    # The text stays in the thread (no copy outlives an account's deletion).
    assert "Tuesday" not in told["title"] + told["body"]
    reply = ada.post(f"/api/interview-requests/{rid}/messages", json={"body": "Works for me."})
    assert reply.status_code in (200, 201), reply.text
    assert _mine(rita)["items"][0]["body"].startswith("The candidate wrote to you")

    moved = rita.post(f"/api/interview-requests/{rid}/stage", json={"stage": "technical"})
    assert moved.status_code == 200, moved.text
    stage = _mine(ada)["items"][0]
    assert stage["kind"] == "stage" and "technical" in stage["title"]
    # The sender hears nothing of their own acts; a bystander company hears nothing at all.
    assert sorted(_kinds(rita)) == ["message", "request_answered"]
    assert _kinds(ada) == [
        "stage",
        "message",
        "interview_request",
        "profile_reviewed",
    ]
    assert _mine(bob)["total"] == 0


def test_a_decline_tells_the_sender_without_naming_the_candidate(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace")
    rita = employer(client)
    rid = send_request(rita, open_job(rita), ada).json()["request"]["id"]
    declined = ada.post(
        f"/api/interview-requests/{rid}/decline", json={"reason": "Not looking right now."}
    )
    assert declined.status_code == 200, declined.text
    told = _mine(rita)["items"][0]
    assert told["kind"] == "request_answered" and "declined" in told["title"]
    assert "Not looking right now." in told["body"]
    assert "Lovelace" not in told["title"] + told["body"]


def test_a_rejected_profile_is_told_with_its_reason(client: TestClient, app: FastAPI) -> None:
    from tests.builders import candidate, complete_profile, operator

    ada = candidate(client)
    complete_profile(ada)
    assert ada.post("/api/candidates/me/submit").status_code == 200
    olive = operator(client, app)
    rejected = olive.post(
        f"/api/review/profiles/{ada.me['candidate_profile_id']}/reject",
        json={"reason": "Add your current role."},
    )
    assert rejected.status_code == 200, rejected.text
    told = _mine(ada)["items"][0]
    assert told["kind"] == "profile_reviewed" and "not approved" in told["title"]
    assert "Add your current role." in told["body"]
    (email,) = _emails(app, ada.email, "profile_reviewed")
    assert "Add your current role." in email.body and "Add your current role." in email.html_body
    assert _mine(olive)["total"] == 0


def test_e_mail_off_keeps_the_notification_in_the_app(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app)
    rita = employer(client)
    chosen = ada.get("/api/notifications/preferences").json()["preferences"]
    assert {p["kind"]: p["email"] for p in chosen}["interview_request"] is True
    assert "request_answered" not in {p["kind"] for p in chosen}  # employers' kind
    changed = ada.put(
        "/api/notifications/preferences", json={"email": {"interview_request": False}}
    )
    assert changed.status_code == 200, changed.text
    after = {p["kind"]: p["email"] for p in changed.json()["preferences"]}
    assert after["interview_request"] is False and after["message"] is True
    # A kind this person cannot get, or that does not exist, is refused.
    for kind in ("request_answered", "nonsense"):
        refused = ada.put("/api/notifications/preferences", json={"email": {kind: False}})
        assert refused.status_code == 422, refused.text

    send_request(rita, open_job(rita), ada)
    assert _kinds(ada)[0] == "interview_request"
    assert _emails(app, ada.email, "interview_request") == []
    # Turned back on, the next one is e-mailed again.
    ada.put("/api/notifications/preferences", json={"email": {"interview_request": True}})
    send_request(rita, open_job(rita, title="Data Engineer"), ada)
    assert len(_emails(app, ada.email, "interview_request")) == 1


def test_unread_counts_and_marking_read_are_the_owners_alone(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app)
    rita = employer(client)
    for title in ("Backend Engineer", "Data Engineer"):
        send_request(rita, open_job(rita, title=title), ada)
    mine = _mine(ada)
    assert mine["total"] == 3 and mine["unread"] == 3
    newest = mine["items"][0]["id"]

    # Somebody else's notification is "not found", to read and to mark.
    assert rita.post(f"/api/notifications/{newest}/read").status_code == 404
    assert ada.post(f"/api/notifications/{uuid.uuid4()}/read").status_code == 404
    assert _mine(ada)["unread"] == 3

    read = ada.post(f"/api/notifications/{newest}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = _mine(ada, unread="true")
    assert unread["total"] == 2 and newest not in {n["id"] for n in unread["items"]}
    assert _mine(ada, limit=1, offset=1)["items"][0]["id"] == mine["items"][1]["id"]

    assert ada.post("/api/notifications/read-all").json() == {"marked": 2}
    assert _mine(ada)["unread"] == 0
    assert ada.post("/api/notifications/read-all").json() == {"marked": 0}
    assert client.get("/api/notifications").status_code == 401
