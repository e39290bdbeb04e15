"""Search and filters over the blind pool (GET /api/candidates): every filter narrows in the
database, hidden-company rules still hold, and results stay blind."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.candidates.models import CandidateProfile
from talentmatch.db import unit_of_work
from talentmatch.ml import money
from tests.builders import Actor, employer, live_candidate


def _headlines(actor: Actor, **params: Any) -> set[str]:
    response = actor.get("/api/candidates", params=params)
    assert response.status_code == 200, response.text
    return {c["headline"] for c in response.json()["items"]}


def _set_seniority(app: FastAPI, actor: Actor, seniority: str) -> None:
    # What the resume parser would have read (profiles typed by hand have no level).
    with unit_of_work(app.state.session_factory) as session:
        profile = session.get(CandidateProfile, uuid.UUID(actor.me["candidate_profile_id"]))
        assert profile is not None
        profile.parsed = {**profile.parsed, "seniority": seniority}


def test_each_filter_gives_the_right_candidates(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(
        client,
        app,
        name="Ada Lovelace",
        headline="Data engineer",
        skills=["Python", "SQL", "Airflow"],
        years_experience=8,
        country="DE",
        remote_preference="remote",
        min_salary=80_000,
        salary_currency="EUR",
    )
    bob = live_candidate(
        client,
        app,
        name="Bob Byte",
        headline="Backend developer",
        skills=["Python", "Go"],
        years_experience=2,
        country="GB",
        remote_preference="onsite",
        min_salary=60_000,
        salary_currency="GBP",
    )
    live_candidate(
        client,
        app,
        name="Cy Coder",
        headline="Open to anything",
        skills=["SQL"],
        years_experience=4,
        country="DE",
        remote_preference="any",
        min_salary=None,
    )
    _set_seniority(app, ada, "senior")
    _set_seniority(app, bob, "junior")
    rita = employer(client)
    everyone = {"Data engineer", "Backend developer", "Open to anything"}
    assert _headlines(rita) == everyone
    # Skills: all of them, any case.
    assert _headlines(rita, skills="python, sql") == {"Data engineer"}
    assert _headlines(rita, skills="python") == {"Data engineer", "Backend developer"}
    assert _headlines(rita, level="senior") == {"Data engineer"}
    assert _headlines(rita, min_years=3) == {"Data engineer", "Open to anything"}
    assert _headlines(rita, max_years=4) == {"Backend developer", "Open to anything"}
    assert _headlines(rita, min_years=3, max_years=5) == {"Open to anything"}
    assert _headlines(rita, country="de") == {"Data engineer", "Open to anything"}
    # "Any" counts as open to remote work.
    assert _headlines(rita, remote="remote") == {"Data engineer", "Open to anything"}
    # Salary: Bob's 60k GBP is over 60k EUR, Ada's 80k EUR is over it; Cy states nothing.
    assert _headlines(rita, salary_max=60_000, currency="EUR") == {"Open to anything"}
    # In the request currency, converted: the cap that just covers Bob's GBP expectation.
    cap = int(money.convert(60_000, "GBP", "USD")) + 1
    assert _headlines(rita, salary_max=cap, currency="USD") == {
        "Backend developer",
        "Open to anything",
    } | ({"Data engineer"} if money.convert(80_000, "EUR", "USD") <= cap else set())
    assert _headlines(rita, skills="python", country="GB", remote="onsite") == {"Backend developer"}
    total = rita.get("/api/candidates", params={"skills": "sql"}).json()["total"]
    assert total == 2


def test_filters_never_show_hidden_or_contact_details(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, name="Ada Lovelace", skills=["Python"], country="DE")
    ada.post("/api/candidates/me/hidden-companies", json={"name_or_domain": "Acme"})
    live_candidate(client, app, name="Bob Byte", skills=["Python"], country="DE")
    acme = employer(client, company="Acme")
    response = acme.get(
        "/api/candidates", params={"skills": "python", "country": "DE", "salary_max": 500_000}
    )
    body = response.json()
    assert body["total"] == 1
    assert "Ada" not in response.text and "Bob Byte" not in response.text
    assert "+49" not in response.text and "github.com" not in response.text
    assert body["items"][0]["contact"] is None


def test_bad_filters_are_refused(client: TestClient, app: FastAPI) -> None:
    rita = employer(client)
    assert rita.get("/api/candidates", params={"level": "wizard"}).status_code == 422
    assert rita.get("/api/candidates", params={"min_years": -1}).status_code == 422
    assert rita.get("/api/candidates", params={"currency": "XYZ"}).status_code == 422


def test_filters_run_in_sql(client: TestClient, app: FastAPI) -> None:
    """The repository's query carries every filter (no loading of the pool to filter it)."""
    from talentmatch.candidates.repository import CandidateRepository
    from talentmatch.kit.clock import utcnow

    with unit_of_work(app.state.session_factory) as session:
        query = CandidateRepository(session).visible_query(
            set(),
            utcnow(),
            skills=["python"],
            level="senior",
            min_years=1,
            max_years=9,
            salary_caps={"EUR": 1.0},
        )
        sql = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": False}))
    for column in ("skills", "parsed", "years_experience", "min_salary", "salary_currency"):
        assert column in sql
    assert isinstance(query, sa.Select)
