"""Small keyword-only builders for test data, going through the public API."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import Role
from talentmatch.accounts.service import create_user
from talentmatch.db import unit_of_work
from talentmatch.kit.security import PasswordHasher
from tests.outbox import emailed_token

PASSWORD = "correct horse battery"
_counter = itertools.count()


@dataclass
class Actor:
    """A logged-in user and the client acting for them (bearer token)."""

    client: TestClient
    email: str
    token: str
    me: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def request(
        self, method: str, url: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> Any:
        return self.client.request(
            method, url, headers={**self.headers, **(headers or {})}, **kwargs
        )

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> Any:
        return self.request("PATCH", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> Any:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> Any:
        return self.request("DELETE", url, **kwargs)


def unique_email(prefix: str) -> str:
    return f"{prefix}{next(_counter)}-{uuid.uuid4().hex[:6]}@example.org"


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> Actor:
    response = client.post("/api/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    actor = Actor(client, email, response.json()["access_token"])
    actor.me = actor.get("/api/me").json()
    return actor


def sign_up(client: TestClient, body: dict[str, Any]) -> Any:
    """Sign up and open the confirmation link from the e-mail: the account, as JSON."""
    response = client.post("/api/auth/signup", json=body)
    assert response.status_code == 202, response.text
    app: Any = client.app
    token = emailed_token(
        app.state.session_factory, body["email"], "signup_confirm", "/signup/confirm"
    )
    confirmed = client.post("/api/auth/signup/confirm", json={"token": token})
    assert confirmed.status_code == 201, confirmed.text
    return confirmed.json()


def candidate(client: TestClient, *, name: str = "Ada Lovelace", email: str | None = None) -> Actor:
    email = email or unique_email("candidate")
    sign_up(client, {"email": email, "password": PASSWORD, "full_name": name, "role": "candidate"})
    return log_in(client, email)


def employer(
    client: TestClient,
    *,
    company: str = "Acme Analytics",
    domain: str | None = None,
    name: str = "Rita Recruiter",
    approved: bool = True,
) -> Actor:
    """An employer who signed up with a new company. The company starts pending (it cannot
    send interview requests); unless ``approved=False`` an operator approves it, as the tests
    after this expect."""
    email = unique_email("employer")
    sign_up(
        client,
        {
            "email": email,
            "password": PASSWORD,
            "full_name": name,
            "role": "employer",
            "company_name": company,
            "company_domain": domain,
        },
    )
    actor = log_in(client, email)
    if approved:
        approve_company(client, actor.me["company_id"])
    return actor


def approve_company(client: TestClient, company_id: str) -> None:
    """An operator approves the company on the vetting API (its admins get an e-mail)."""
    app: Any = client.app
    response = operator(client, app).post(f"/api/admin/companies/{company_id}/vetting/approve")
    assert response.status_code == 200, response.text


def operator(client: TestClient, app: FastAPI) -> Actor:
    """Operators cannot sign up; they are made like the CLI makes them."""
    email = unique_email("operator")
    with unit_of_work(app.state.session_factory) as session:
        create_user(
            session,
            PasswordHasher(app.state.settings),
            email=email,
            password=PASSWORD,
            full_name="Olive Operator",
            role=Role.OPERATOR,
        )
    return log_in(client, email)


def complete_profile(actor: Actor, **overrides: Any) -> dict[str, Any]:
    body = {
        "headline": "Backend engineer, 6 years of Python and Go",
        "titles": ["Senior Backend Engineer"],
        "years_experience": 6,
        "skills": ["Python", "Go", "PostgreSQL", "Kubernetes"],
        "location": "Berlin",
        "country": "DE",
        "phone": "+49 30 1234567",
        "links": ["https://github.com/ada"],
        "target_roles": ["Machine Learning Engineer"],
        "remote_preference": "hybrid",
        "min_salary": 90000,
        "salary_currency": "EUR",
        **overrides,
    }
    response = actor.patch("/api/candidates/me", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def live_candidate(
    client: TestClient, app: FastAPI, *, name: str = "Ada Lovelace", **profile: Any
) -> Actor:
    actor = candidate(client, name=name)
    complete_profile(actor, **profile)
    assert actor.post("/api/candidates/me/submit").status_code == 200
    op = operator(client, app)
    profile_id = actor.me["candidate_profile_id"]
    response = op.post(f"/api/review/profiles/{profile_id}/approve")
    assert response.status_code == 200, response.text
    return actor


def open_job(actor: Actor, **overrides: Any) -> dict[str, Any]:
    body = {
        "title": "Senior Backend Engineer",
        "description": "Build our matching APIs in Python.",
        "required_skills": ["Python", "PostgreSQL"],
        "nice_to_have_skills": ["Kubernetes"],
        "seniority": "senior",
        "location": "Berlin",
        "country": "DE",
        "remote_policy": "hybrid",
        "salary_min": 85000,
        "salary_max": 110000,
        "currency": "EUR",
        "status": "open",
        **overrides,
    }
    response = actor.post("/api/jobs", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def send_request(
    employer_actor: Actor, job: dict[str, Any], candidate_actor: Actor, **overrides: Any
) -> Any:
    body = {
        "job_id": job["id"],
        "candidate_id": candidate_actor.me["candidate_profile_id"],
        "salary": 100000,
        "currency": "EUR",
        "message": "We would love to talk.",
        **overrides,
    }
    return employer_actor.post("/api/interview-requests", json=body)
