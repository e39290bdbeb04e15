"""The issue's "done when", on the demo marketplace, through the API a person would use."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import User
from talentmatch.candidates.models import CandidateProfile, ProfileStatus, ResumeFile, ResumeStatus
from talentmatch.companies.models import Company, VettingDecision
from talentmatch.db import unit_of_work
from talentmatch.demo.loader import (
    CANDIDATE_EMAIL,
    DEMO_PASSWORD,
    EMPLOYER_EMAIL,
    HIDDEN_EMPLOYER_EMAIL,
    OPERATOR_EMAIL,
    load_demo,
)
from talentmatch.interviews.models import HiringStage, InterviewRequest
from talentmatch.jobs.models import Job
from talentmatch.kit.security import PasswordHasher
from tests.builders import log_in
from tests.conftest import wipe_database


def test_the_home_page_shows_demo_logins_only_where_the_demo_is_loaded(
    app: FastAPI, client: TestClient
) -> None:
    assert DEMO_PASSWORD not in client.get("/").text
    with unit_of_work(app.state.session_factory) as session:
        load_demo(session, PasswordHasher(app.state.settings).hash(DEMO_PASSWORD))
    home = client.get("/").text
    assert DEMO_PASSWORD in home and CANDIDATE_EMAIL in home and EMPLOYER_EMAIL in home


def test_employer_requests_candidate_accepts_and_both_can_write(
    app: FastAPI, client: TestClient
) -> None:
    with unit_of_work(app.state.session_factory) as session:
        load_demo(session, PasswordHasher(app.state.settings).hash(DEMO_PASSWORD))

    employer = log_in(client, EMPLOYER_EMAIL, DEMO_PASSWORD)
    jobs = employer.get("/api/jobs", params={"company_id": employer.me["company_id"]}).json()[
        "items"
    ]
    job = jobs[0]
    assert job["status"] == "open"

    casey = log_in(client, CANDIDATE_EMAIL, DEMO_PASSWORD)
    casey_id = casey.me["candidate_profile_id"]
    card = employer.get(f"/api/candidates/{casey_id}").json()
    assert card["contact"] is None  # blind
    assert card["status"] == "live"

    sent = employer.post(
        "/api/interview-requests",
        json={
            "job_id": job["id"],
            "candidate_id": casey_id,
            "salary": 150000,
            "currency": job["currency"],
        },
    )
    assert sent.status_code == 201, sent.text
    request_id = sent.json()["request"]["id"]

    inbox = casey.get("/api/interview-requests", params={"status": "sent"}).json()["items"]
    assert request_id in {r["id"] for r in inbox}
    assert casey.post(f"/api/interview-requests/{request_id}/accept").json()["status"] == "accepted"

    seen_by_employer = employer.get(f"/api/interview-requests/{request_id}").json()
    assert seen_by_employer["candidate_contact"]["email"] == CANDIDATE_EMAIL
    seen_by_casey = casey.get(f"/api/interview-requests/{request_id}").json()
    assert seen_by_casey["company_contact"]["sender_email"] == EMPLOYER_EMAIL
    assert (
        employer.post(
            f"/api/interview-requests/{request_id}/messages", json={"body": "Hello Casey"}
        ).status_code
        == 201
    )
    assert (
        casey.post(
            f"/api/interview-requests/{request_id}/messages", json={"body": "Hi!"}
        ).status_code
        == 201
    )

    # Casey hides from Globex ("GLOBEX Inc."); its employer never finds her.
    globex = log_in(client, HIDDEN_EMPLOYER_EMAIL, DEMO_PASSWORD)
    assert globex.get(f"/api/candidates/{casey_id}").status_code == 404
    listed: set[str] = set()
    offset = 0
    while True:
        page = globex.get("/api/candidates", params={"limit": 200, "offset": offset}).json()
        listed |= {c["id"] for c in page["items"]}
        offset += 200
        if offset >= page["total"]:
            break
    assert casey_id not in listed
    assert len(listed) > 100


def test_the_home_page_points_to_the_api(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'href="/docs"' in page.text


def test_the_browser_finds_an_icon(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")


def test_the_api_docs_load_their_assets_locally(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def _load(app: FastAPI) -> None:
    with unit_of_work(app.state.session_factory) as session:
        load_demo(session, PasswordHasher(app.state.settings).hash(DEMO_PASSWORD))


@pytest.fixture(scope="module")
def demo(app: FastAPI) -> Iterator[TestClient]:
    """One demo load for the tests below that only read it (a load plays every request through
    the services: seconds each), wiped when they are done."""
    _load(app)
    try:
        with TestClient(app, raise_server_exceptions=True) as reader:
            yield reader
    finally:
        wipe_database(app)


def test_the_demo_candidate_gets_counselling_and_a_plan_for_an_accepted_request(
    app: FastAPI, demo: TestClient
) -> None:
    casey = log_in(demo, CANDIDATE_EMAIL, DEMO_PASSWORD)
    profile = casey.get("/api/candidates/me").json()
    counsel = casey.get("/api/counselling/me").json()
    held = {s.lower() for s in profile["skills"]}
    have = {s["name"].lower() for a in counsel["gap"]["areas"] for s in a["have"]}
    assert have and have <= held
    steps = {s["name"].lower() for p in counsel["roadmap"] for s in p["steps"]}
    assert not steps & held  # nothing already on the profile is left to learn
    names = [s["name"] for s in counsel["salary"]["sources"]]
    assert any("aijobs.net" in n for n in names)
    # The marketplace's own offers appear only past the pay data page's k-anonymity rule.
    for source in counsel["salary"]["sources"]:
        if "talentmatch" in source["name"]:
            assert source["rows"] >= app.state.settings.pay_insights_min_requests

    accepted = casey.get("/api/interview-requests", params={"status": "accepted"}).json()["items"]
    assert accepted
    plan = casey.get(f"/api/preparation/mock/requests/{accepted[0]['id']}").json()
    assert plan["stages"] and all(s["questions"] for s in plan["stages"])


def test_the_demo_employer_finds_a_hiring_history_weeks_long(demo: TestClient) -> None:
    erin = log_in(demo, EMPLOYER_EMAIL, DEMO_PASSWORD)

    # The dashboard's funnel: requests reached every step, as far as hired.
    dashboard = erin.get("/employer").text
    funnel = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td>", dashboard))
    assert {step: int(n) for step, n in funnel.items() if int(n) > 0}.keys() >= {
        "Sent",
        "Accepted",
        "Technical",
        "Onsite",
        "Offer",
        "Hired",
    }, funnel

    # The board: cards in every column, each closed reason among them.
    board = erin.get("/requests").text
    columns = dict(re.findall(r'<h2 id="col-(\w+)">[^<]*<span class="muted">(\d+)</span>', board))
    assert all(int(n) > 0 for n in columns.values()), columns
    assert len(columns) == 7

    requests = erin.get("/api/interview-requests", params={"limit": 100}).json()["items"]
    assert {r["status"] for r in requests} >= {"sent", "accepted", "declined", "withdrawn"}
    assert any(r["decline_reason"] for r in requests if r["status"] == "declined")
    # Weeks of history, not one afternoon's.
    sent_days = {r["created_at"][:10] for r in requests}
    assert len(sent_days) >= 10

    threads = [
        erin.get(f"/api/interview-requests/{r['id']}/messages").json()
        for r in requests
        if r["status"] == "accepted"
    ]
    longest = max(threads, key=len)
    assert len(longest) >= 4
    assert len({m["sender_user_id"] for m in longest}) == 2  # both sides write
    scored = [
        erin.get(f"/api/interview-requests/{r['id']}/scorecards").json()
        for r in requests
        if r["status"] == "accepted"
    ]
    assert sum(1 for cards in scored if cards) >= 5
    offered = [
        erin.get(f"/api/interview-requests/{r['id']}/offers").json()
        for r in requests
        if r["stage"] in ("offer", "hired")
    ]
    assert all(offered) and len(offered) >= 3
    slots = [
        erin.get(f"/api/interview-requests/{r['id']}/slots").json()
        for r in requests
        if r["stage"] in ("technical", "onsite")
    ]
    assert any(s["status"] == "proposed" for times in slots for s in times)

    shortlists = erin.get("/api/shortlists").json()
    assert shortlists
    listed = erin.get(f"/api/shortlists/{shortlists[0]['id']}").json()
    assert listed["candidates"]
    noted = [erin.get(f"/api/candidates/{c['id']}/notes").json() for c in listed["candidates"]]
    assert any(noted)

    # The demo candidate's own view stays hers: requests to answer, none from the demo employer.
    casey = log_in(demo, CANDIDATE_EMAIL, DEMO_PASSWORD)
    pending = casey.get("/api/interview-requests", params={"status": "sent"}).json()["items"]
    assert len(pending) >= 2
    assert erin.me["company_id"] not in {r["company_id"] for r in pending}


def test_the_demo_candidate_sees_a_starred_specialism(demo: TestClient) -> None:
    casey = log_in(demo, CANDIDATE_EMAIL, DEMO_PASSWORD)
    page = casey.get("/me/career")
    assert page.status_code == 200
    assert "★ " in page.text


def test_the_demo_holds_only_states_the_product_reaches(app: FastAPI, demo: TestClient) -> None:
    """The demo is played through the services, each step on its day: one hire per hired
    candidate, no request before its job or its candidate's approval, every company vetted
    by the operator, every resume read."""
    with unit_of_work(app.state.session_factory, writes=False) as session:
        hires = {
            profile_id: count
            for profile_id, count in session.execute(
                sa.select(InterviewRequest.candidate_profile_id, sa.func.count())
                .where(InterviewRequest.stage == HiringStage.HIRED)
                .group_by(InterviewRequest.candidate_profile_id)
            )
        }
        hired = set(
            session.scalars(
                sa.select(CandidateProfile.id).where(CandidateProfile.status == ProfileStatus.HIRED)
            )
        )
        assert hired and hired == set(hires) and set(hires.values()) == {1}
        too_early = session.scalar(
            sa.select(sa.func.count())
            .select_from(InterviewRequest)
            .join(Job, Job.id == InterviewRequest.job_id)
            .join(CandidateProfile, CandidateProfile.id == InterviewRequest.candidate_profile_id)
            .where(
                (InterviewRequest.created_at < Job.created_at)
                | (InterviewRequest.created_at < CandidateProfile.reviewed_at)
            )
        )
        assert too_early == 0
        operator = session.scalar(sa.select(User.id).where(User.email == OPERATOR_EMAIL))
        deciders = set(session.scalars(sa.select(VettingDecision.decided_by_user_id)))
        assert deciders == {operator}
        assert session.scalar(sa.select(sa.func.count()).select_from(VettingDecision)) == (
            session.scalar(sa.select(sa.func.count()).select_from(Company))
        )
        assert set(session.scalars(sa.select(ResumeFile.status).distinct())) == {ResumeStatus.READY}
