"""Shortlists, private notes, saved searches with alerts and scorecards: a company's members
share them; other companies get 404; the candidate never sees them; erasure removes them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.notifications.models import OutboxEmail
from talentmatch.recruiting import service
from talentmatch.recruiting.models import CandidateNote, SearchAlert, ShortlistEntry
from tests.builders import (
    PASSWORD,
    Actor,
    employer,
    live_candidate,
    log_in,
    open_job,
    send_request,
    unique_email,
)
from tests.outbox import emailed_token


def colleague_of(client: TestClient, admin: Actor) -> Actor:
    """A member who joined the admin's company by invitation."""
    email = unique_email("colleague")
    response = admin.post(
        f"/api/companies/{admin.me['company_id']}/invitations", json={"email": email}
    )
    assert response.status_code == 201, response.text
    app: Any = client.app
    token = emailed_token(app.state.session_factory, email, "invitation", "/invitations")
    body = {"full_name": "Colin League", "password": PASSWORD}
    assert client.post(f"/api/invitations/{token}/accept", json=body).status_code == 201
    return log_in(client, email)


def test_shortlists_and_notes_are_the_companys_own(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace", skills=["Python"])
    profile_id = ada.me["candidate_profile_id"]
    rita = employer(client, company="Acme")
    globex = employer(client, company="Globex")

    made = rita.post("/api/shortlists", json={"name": "Data team"})
    assert made.status_code == 201, made.text
    shortlist_id = made.json()["id"]
    assert rita.post("/api/shortlists", json={"name": "Data team"}).status_code == 409
    added = rita.post(f"/api/shortlists/{shortlist_id}/candidates", json={"profile_id": profile_id})
    assert added.status_code == 204
    detail = rita.get(f"/api/shortlists/{shortlist_id}").json()
    assert [c["id"] for c in detail["candidates"]] == [profile_id]
    assert detail["candidates"][0]["contact"] is None  # still blind

    note = rita.post(
        f"/api/candidates/{profile_id}/notes", json={"body": "Strong SQL; ask about Airflow"}
    )
    assert note.status_code == 201
    notes = rita.get(f"/api/candidates/{profile_id}/notes").json()
    assert [(n["body"], n["author"]) for n in notes] == [
        ("Strong SQL; ask about Airflow", "Rita Recruiter")
    ]

    # Another company: nothing of Acme's, as if it did not exist.
    assert globex.get(f"/api/shortlists/{shortlist_id}").status_code == 404
    assert globex.get("/api/shortlists").json() == []
    assert (
        globex.post(
            f"/api/shortlists/{shortlist_id}/candidates", json={"profile_id": profile_id}
        ).status_code
        == 404
    )
    assert globex.get(f"/api/candidates/{profile_id}/notes").json() == []
    # The candidate cannot reach the company tools at all.
    assert ada.get("/api/shortlists").status_code == 403
    assert ada.get(f"/api/candidates/{profile_id}/notes").status_code == 403
    assert "Airflow" not in ada.get("/api/candidates/me").text

    rita.delete(f"/api/shortlists/{shortlist_id}/candidates/{profile_id}")
    assert rita.get(f"/api/shortlists/{shortlist_id}").json()["candidates"] == []


def test_a_candidate_who_hides_the_company_leaves_its_shortlist(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace")
    profile_id = ada.me["candidate_profile_id"]
    rita = employer(client, company="Acme")
    shortlist_id = rita.post("/api/shortlists", json={"name": "Maybe"}).json()["id"]
    rita.post(f"/api/shortlists/{shortlist_id}/candidates", json={"profile_id": profile_id})
    rita.post(f"/api/candidates/{profile_id}/notes", json={"body": "Call her"})
    ada.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})
    assert rita.get(f"/api/shortlists/{shortlist_id}").json()["candidates"] == []
    assert rita.get(f"/api/candidates/{profile_id}/notes").status_code == 404
    added = rita.post(f"/api/shortlists/{shortlist_id}/candidates", json={"profile_id": profile_id})
    assert added.status_code == 404


def test_erasure_deletes_shortlist_entries_notes_and_alerts(
    client: TestClient, app: FastAPI
) -> None:
    rita = employer(client, company="Acme")
    saved = rita.post(
        "/api/saved-searches", json={"name": "Pythonistas", "filters": {"skills": "python"}}
    )
    assert saved.status_code == 201, saved.text
    ada = live_candidate(client, app, name="Ada Lovelace", skills=["Python"])
    profile_id = ada.me["candidate_profile_id"]
    shortlist_id = rita.post("/api/shortlists", json={"name": "Keep"}).json()["id"]
    rita.post(f"/api/shortlists/{shortlist_id}/candidates", json={"profile_id": profile_id})
    rita.post(f"/api/candidates/{profile_id}/notes", json={"body": "Great"})
    with unit_of_work(app.state.session_factory) as session:
        assert service.send_search_alerts(session) == 1
    erased = ada.request("DELETE", "/api/me", json={"password": PASSWORD})
    assert erased.status_code in (200, 204), erased.text
    with unit_of_work(app.state.session_factory) as session:
        for model in (ShortlistEntry, CandidateNote, SearchAlert):
            assert session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_saved_search_alerts_once_per_new_matching_candidate(
    client: TestClient, app: FastAPI
) -> None:
    live_candidate(client, app, name="Old Timer", skills=["Python"], headline="Already there")
    rita = employer(client, company="Acme")
    saved = rita.post(
        "/api/saved-searches",
        json={"name": "Python in Germany", "filters": {"skills": "python", "country": "DE"}},
    )
    assert saved.status_code == 201
    assert [s["name"] for s in rita.get("/api/saved-searches").json()] == ["Python in Germany"]
    live_candidate(client, app, name="New Comer", skills=["Python"], headline="Fresh Pythonista")
    live_candidate(client, app, name="Go Pher", skills=["Go"], headline="Gopher")
    hider = live_candidate(client, app, name="Shy One", skills=["Python"], headline="Shy")
    hider.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})

    def alerts() -> list[OutboxEmail]:
        with unit_of_work(app.state.session_factory) as session:
            rows = session.scalars(
                sa.select(OutboxEmail).where(OutboxEmail.kind == "search_alert")
            ).all()
            session.expunge_all()
            return list(rows)

    with unit_of_work(app.state.session_factory) as session:
        assert service.send_search_alerts(session) == 1
    sent = alerts()
    assert [e.to_address for e in sent] == [rita.email]
    assert "Fresh Pythonista" in sent[0].body
    for absent in ("Already there", "Gopher", "Shy", "New Comer"):
        assert absent not in sent[0].body
    # Run again: nothing new, nothing sent.
    with unit_of_work(app.state.session_factory) as session:
        assert service.send_search_alerts(session) == 0
    assert len(alerts()) == 1
    assert employer(client, company="Globex").get("/api/saved-searches").json() == []


def test_scorecards_per_stage_for_the_company_only(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace")
    rita = employer(client, company="Acme")
    job = open_job(rita)
    request_id = send_request(rita, job, ada).json()["request"]["id"]
    assert ada.post(f"/api/interview-requests/{request_id}/accept").status_code == 200
    card = {"stage": "screening", "rating": 4, "notes": "Clear thinker"}
    saved = rita.put(f"/api/interview-requests/{request_id}/scorecards", json=card)
    assert saved.status_code == 200, saved.text
    # Scoring the stage again replaces the member's own card.
    rita.put(
        f"/api/interview-requests/{request_id}/scorecards",
        json={**card, "rating": 3, "notes": "Clear thinker; shaky on SQL"},
    )
    rita.put(
        f"/api/interview-requests/{request_id}/scorecards",
        json={"stage": "technical", "rating": 1, "notes": ""},
    )
    cards = rita.get(f"/api/interview-requests/{request_id}/scorecards").json()
    assert sorted((c["stage"], c["rating"]) for c in cards) == [
        ("screening", 3),
        ("technical", 1),
    ]
    bad = rita.put(f"/api/interview-requests/{request_id}/scorecards", json={**card, "rating": 5})
    assert bad.status_code == 422
    globex = employer(client, company="Globex")
    assert globex.get(f"/api/interview-requests/{request_id}/scorecards").status_code == 404
    assert (
        globex.put(f"/api/interview-requests/{request_id}/scorecards", json=card).status_code == 404
    )
    assert ada.get(f"/api/interview-requests/{request_id}/scorecards").status_code == 403
    # The candidate's request page never shows them; the company's does.
    ada_page = ada.client.get(f"/requests/{request_id}", headers=ada.headers)
    assert "shaky on SQL" not in ada_page.text and "Scorecards" not in ada_page.text
    rita_page = rita.client.get(f"/requests/{request_id}", headers=rita.headers)
    assert "shaky on SQL" in rita_page.text
    # What interviewers wrote goes with the person when they erase their account.
    erased = ada.request("DELETE", "/api/me", json={"password": PASSWORD})
    assert erased.status_code in (200, 204), erased.text
    assert rita.get(f"/api/interview-requests/{request_id}/scorecards").json() == []


def test_members_of_one_company_share_shortlists_and_notes(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace")
    profile_id = ada.me["candidate_profile_id"]
    rita = employer(client, company="Acme")
    colin = colleague_of(client, rita)
    shortlist_id = rita.post("/api/shortlists", json={"name": "Shared"}).json()["id"]
    added = colin.post(
        f"/api/shortlists/{shortlist_id}/candidates", json={"profile_id": profile_id}
    )
    assert added.status_code == 204
    colin.post(f"/api/candidates/{profile_id}/notes", json={"body": "Met her at PyCon"})
    assert [c["id"] for c in rita.get(f"/api/shortlists/{shortlist_id}").json()["candidates"]] == [
        profile_id
    ]
    assert [n["author"] for n in rita.get(f"/api/candidates/{profile_id}/notes").json()] == [
        "Colin League"
    ]


def test_a_saved_search_needs_known_filters_and_at_least_one(
    client: TestClient, app: FastAPI
) -> None:
    rita = employer(client, company="Acme")
    unknown = rita.post("/api/saved-searches", json={"name": "Typo", "filters": {"skils": "go"}})
    assert unknown.status_code == 422
    empty = rita.post("/api/saved-searches", json={"name": "Everyone", "filters": {}})
    assert empty.status_code == 422
    assert rita.get("/api/saved-searches").json() == []


def test_scorecards_wait_for_an_interview(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace")
    rita = employer(client, company="Acme")
    request_id = send_request(rita, open_job(rita), ada).json()["request"]["id"]
    early = rita.put(
        f"/api/interview-requests/{request_id}/scorecards",
        json={"stage": "screening", "rating": 2, "notes": ""},
    )
    assert early.status_code == 409
    assert rita.get(f"/api/interview-requests/{request_id}/scorecards").json() == []


def test_a_saved_search_name_is_used_once_and_the_search_can_be_deleted(
    client: TestClient, app: FastAPI
) -> None:
    rita = employer(client, company="Acme")
    body = {"name": "Remote EU", "filters": {"remote": "remote"}}
    first = rita.post("/api/saved-searches", json=body)
    assert first.status_code == 201, first.text
    again = rita.post("/api/saved-searches", json={**body, "name": "remote eu"})
    assert again.status_code == 409
    assert "already has a saved search" in again.text
    page = rita.get("/pool").text
    assert f'action="/pool/saved-searches/{first.json()["id"]}/delete"' in page
    deleted = rita.post(
        f"/pool/saved-searches/{first.json()['id']}/delete",
        data={"query": "remote=remote"},
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/pool?remote=remote"
    assert rita.get("/api/saved-searches").json() == []
    # Another company's search is not ours to delete.
    globex = employer(client, company="Globex")
    theirs = globex.post("/api/saved-searches", json=body).json()["id"]
    rita.post(f"/pool/saved-searches/{theirs}/delete", data={}, follow_redirects=False)
    assert [s["id"] for s in globex.get("/api/saved-searches").json()] == [theirs]
