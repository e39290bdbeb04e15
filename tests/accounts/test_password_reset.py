"""Forgotten passwords: a one-time link by e-mail (the outbox), every session ended."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import PasswordReset
from talentmatch.db import unit_of_work
from talentmatch.kit.clock import utcnow
from tests.builders import PASSWORD, candidate, operator


def _reset_token(op, email: str) -> str:  # type: ignore[no-untyped-def]
    outbox = op.get("/api/outbox", params={"to": email}).json()
    resets = [m for m in outbox["items"] if m["kind"] == "password_reset"]
    assert len(resets) == 1, outbox
    mail = resets[0]
    assert mail["subject"] == "Reset your talentmatch password"
    match = re.search(r"/password/reset/(\S+)", mail["body"])
    assert match, mail["body"]
    return match.group(1)


def test_a_reset_link_sets_a_new_password_once_and_ends_sessions(
    client: TestClient, app: FastAPI
) -> None:
    ada = candidate(client)
    op = operator(client, app)
    sent = client.post("/api/auth/password/forgot", json={"email": ada.email.upper()})
    assert sent.status_code == 202
    token = _reset_token(op, ada.email)

    browser = TestClient(app)
    login = browser.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
    assert login.status_code == 200
    assert browser.get("/api/me").status_code == 200

    reset = {"token": token, "password": "a-whole-new-secret"}
    assert client.post("/api/auth/password/reset", json=reset).status_code == 204
    assert browser.get("/api/me").status_code == 401  # the old browser session ended
    old = {"email": ada.email, "password": PASSWORD}
    assert client.post("/api/auth/login", json=old).status_code == 401
    new = {"email": ada.email, "password": "a-whole-new-secret"}
    assert client.post("/api/auth/login", json=new).status_code == 200

    again = client.post("/api/auth/password/reset", json={**reset, "password": "yet-another-one"})
    assert again.status_code == 422
    assert again.json()["field"] == "token"


def test_unknown_email_gets_the_same_answer_and_no_mail(client: TestClient, app: FastAPI) -> None:
    op = operator(client, app)
    sent = client.post("/api/auth/password/forgot", json={"email": "nobody@example.org"})
    assert sent.status_code == 202
    assert op.get("/api/outbox", params={"to": "nobody@example.org"}).json()["total"] == 0


def test_an_expired_link_is_refused(client: TestClient, app: FastAPI) -> None:
    ada = candidate(client)
    op = operator(client, app)
    client.post("/api/auth/password/forgot", json={"email": ada.email})
    token = _reset_token(op, ada.email)
    with unit_of_work(app.state.session_factory) as session:
        session.execute(sa.update(PasswordReset).values(expires_at=utcnow() - timedelta(minutes=1)))
    reset = {"token": token, "password": "a-whole-new-secret"}
    response = client.post("/api/auth/password/reset", json=reset)
    assert response.status_code == 422
    assert "expired" in response.json()["detail"]


def test_only_operators_read_the_outbox(client: TestClient) -> None:
    ada = candidate(client)
    assert ada.get("/api/outbox").status_code == 403
