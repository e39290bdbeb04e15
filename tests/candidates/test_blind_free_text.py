"""Blind review holds for free text: before a candidate accepts a request, nothing an employer
can read (API or page) carries the candidate's name, e-mail, phone, links or handles, wherever
the candidate (or their resume) wrote them."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentmatch.kit.redaction import redact
from tests.builders import (
    PASSWORD,
    Actor,
    employer,
    live_candidate,
    open_job,
    send_request,
)

# Names across perceived gender and origin, as audit studies of hiring use.
FIRST = [
    "Emily",
    "Lakisha",
    "Jamal",
    "Greg",
    "Mohammed",
    "Wei",
    "María",
    "Aisha",
    "Dmitri",
    "Priya",
]
LAST = ["Walsh", "Washington", "Jones", "Baker", "Al-Sayed", "Zhang", "García", "Okafor", "Ivanov"]
PHONES = ["+49 30 901820", "+1 415 555 2671", "+44 20 7946 0958", "(030) 901 820 11", "+1 555 0100"]


def _employer_pages(app: FastAPI, company: Actor, job_id: str) -> list[str]:
    """The employer's pages that show candidates, read as a logged-in browser would."""
    browser = TestClient(app)
    login = browser.post("/api/auth/login", json={"email": company.email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    pages = [f"/jobs/{job_id}/candidates", "/requests"]
    texts = []
    for path in pages:
        response = browser.get(path)
        assert response.status_code == 200, (path, response.status_code)
        texts.append(response.text)
    return texts


def _contains(text: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text, flags=re.IGNORECASE) is not None


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.sampled_from(FIRST),
    last=st.sampled_from(LAST),
    phone=st.sampled_from(PHONES),
    number=st.integers(min_value=1, max_value=999),
)
def test_no_employer_facing_text_names_the_candidate_before_acceptance(
    client: TestClient, app: FastAPI, first: str, last: str, phone: str, number: int
) -> None:
    name = f"{first} {last}"
    email = f"{first}.{last}{number}@mail.example".lower()
    handle = f"{first}{last}{number}".lower().replace("-", "")
    ada = live_candidate(
        client,
        app,
        name=name,
        headline=f"{name}: backend engineer, call me at {phone}",
        summary=(
            f"I am {first}. Write to {email} or see github.com/{handle} and "
            f"https://www.linkedin.com/in/{handle}; @{handle} elsewhere. Phone {phone}."
        ),
        titles=[f"Senior Backend Engineer ({first})"],
        links=[f"https://github.com/{handle}"],
    )
    company = employer(client, company=f"Acme {number}")
    job = open_job(company)
    profile_id = ada.me["candidate_profile_id"]
    assert send_request(company, job, ada).status_code == 201
    responses = [
        company.get("/api/candidates", params={"limit": 200}).text,
        company.get(f"/api/candidates/{profile_id}").text,
        company.get(f"/api/jobs/{job['id']}/matches").text,
        company.get("/api/interview-requests").text,
        *_employer_pages(app, company, job["id"]),
    ]
    secrets = [first, last, email, handle, phone]
    for where, text in enumerate(responses):
        leaked = [s for s in secrets if _contains(text, s)]
        assert not leaked, (where, leaked, text[:3000])
    # What is left is still the candidate's professional text.
    detail = company.get(f"/api/candidates/{profile_id}").json()
    assert "backend engineer" in detail["headline"].lower()
    assert detail["contact"] is None


def test_after_acceptance_the_company_reads_the_text_as_written(
    client: TestClient, app: FastAPI
) -> None:
    ada = live_candidate(
        client, app, name="Lakisha Washington", headline="Lakisha Washington, backend engineer"
    )
    company = employer(client)
    job = open_job(company)
    sent = send_request(company, job, ada)
    assert sent.status_code == 201, sent.text
    profile_id = ada.me["candidate_profile_id"]
    assert company.get(f"/api/candidates/{profile_id}").json()["headline"] == (
        "[name] [name], backend engineer"
    )
    accepted = ada.post(f"/api/interview-requests/{sent.json()['request']['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    detail = company.get(f"/api/candidates/{profile_id}").json()
    assert detail["headline"] == "Lakisha Washington, backend engineer"
    assert detail["contact"]["full_name"] == "Lakisha Washington"


@pytest.mark.parametrize("region", [None, "US", "GB", "DE", "FR", "IN"])
def test_redaction_keeps_years_versions_and_salaries(region: str | None) -> None:
    text = (
        "2016 - 2020 at Acme, 2015-2019 before; from 2019 to 2023; Python 3.11; led 12; 120000 EUR"
    )
    assert redact(text, names=["Ada Lovelace"], region=region) == text
