"""API tokens that expire and can be revoked; sessions listed and ended; the password changed
while logged in, which signs out everywhere else."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import ApiToken
from talentmatch.db import unit_of_work
from talentmatch.kit.clock import as_utc, utcnow
from tests.builders import PASSWORD, Actor, candidate, log_in, operator


def _browser(app: FastAPI, email: str, password: str = PASSWORD) -> tuple[TestClient, str]:
    """A separate browser logged in with a session cookie; returns it and its CSRF token."""
    browser = TestClient(app)
    response = browser.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return browser, response.json()["csrf_token"]


def _when(value: str) -> datetime:
    return as_utc(datetime.fromisoformat(value))


class TestTokenExpiry:
    def test_a_new_token_expires_after_thirty_days(self, client: TestClient) -> None:
        ada = candidate(client)
        (token,) = ada.get("/api/me/tokens").json()
        expires = _when(token["expires_at"])
        assert timedelta(days=29, hours=23) < expires - utcnow() <= timedelta(days=30)

    def test_an_expired_token_is_401(self, client: TestClient, app: FastAPI) -> None:
        ada = candidate(client)
        with unit_of_work(app.state.session_factory) as session:
            session.execute(sa.update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        response = ada.get("/api/me")
        assert response.status_code == 401
        assert "expired" in response.json()["detail"]


class TestRevocation:
    def test_logout_with_a_bearer_token_revokes_it(self, client: TestClient) -> None:
        ada = candidate(client)
        other = log_in(client, ada.email)  # a second token of the same account
        assert ada.post("/api/auth/logout").status_code == 204
        assert ada.get("/api/me").status_code == 401
        assert other.get("/api/me").status_code == 200

    def test_list_tokens_never_shows_the_token(self, client: TestClient) -> None:
        ada = candidate(client)
        log_in(client, ada.email)
        tokens = ada.get("/api/me/tokens").json()
        assert len(tokens) == 2
        assert set(tokens[0]) == {"id", "name", "created_at", "last_used_at", "expires_at"}
        assert ada.token not in str(tokens)

    def test_revoking_a_token_ends_it(self, client: TestClient) -> None:
        ada = candidate(client)
        other = log_in(client, ada.email)
        newest = ada.get("/api/me/tokens").json()[0]  # newest first: the second token
        assert ada.delete(f"/api/me/tokens/{newest['id']}").status_code == 204
        assert other.get("/api/me").status_code == 401
        assert ada.get("/api/me").status_code == 200
        assert [t["id"] for t in ada.get("/api/me/tokens").json()] != [newest["id"]]
        assert ada.delete(f"/api/me/tokens/{newest['id']}").status_code == 404

    def test_another_users_token_or_session_is_404(self, client: TestClient, app: FastAPI) -> None:
        ada, bob = candidate(client), candidate(client, name="Bob")
        browser, _ = _browser(app, bob.email)
        bob_token = bob.get("/api/me/tokens").json()[0]["id"]
        bob_session = bob.get("/api/me/sessions").json()[0]["id"]
        assert ada.delete(f"/api/me/tokens/{bob_token}").status_code == 404
        assert ada.delete(f"/api/me/sessions/{bob_session}").status_code == 404
        assert bob.get("/api/me").status_code == 200
        assert browser.get("/api/me").status_code == 200

    def test_sessions_are_listed_with_the_current_one_marked(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        first, _ = _browser(app, ada.email)
        second, csrf = _browser(app, ada.email)
        sessions = second.get("/api/me/sessions").json()
        assert len(sessions) == 2
        assert [s["current"] for s in sessions].count(True) == 1
        assert set(sessions[0]) == {"id", "created_at", "expires_at", "current"}
        other = next(s for s in sessions if not s["current"])
        ended = second.delete(f"/api/me/sessions/{other['id']}", headers={"X-CSRF-Token": csrf})
        assert ended.status_code == 204
        assert first.get("/api/me").status_code == 401
        assert second.get("/api/me").status_code == 200

    def test_ending_a_session_from_the_api_needs_the_csrf_token(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        browser, _ = _browser(app, ada.email)
        (mine,) = browser.get("/api/me/sessions").json()
        assert browser.delete(f"/api/me/sessions/{mine['id']}").status_code == 403
        assert browser.get("/api/me").status_code == 200


def _reset_links(op: Actor, email: str) -> list[str]:
    outbox = op.get("/api/outbox", params={"to": email}).json()
    return [
        re.findall(r"/password/reset/(\S+)", mail["body"])[0]
        for mail in outbox["items"]
        if mail["kind"] == "password_reset"
    ]


class TestPasswordReset:
    def test_a_reset_revokes_tokens_and_spends_every_other_link(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        op = operator(client, app)
        for _ in range(2):
            sent = client.post("/api/auth/password/forgot", json={"email": ada.email})
            assert sent.status_code == 202
        first, second = _reset_links(op, ada.email)
        done = client.post(
            "/api/auth/password/reset", json={"token": second, "password": "a-whole-new-secret"}
        )
        assert done.status_code == 204
        assert ada.get("/api/me").status_code == 401  # the token is revoked
        older = client.post(
            "/api/auth/password/reset", json={"token": first, "password": "an-attackers-choice"}
        )
        assert older.status_code == 422
        assert older.json()["field"] == "token"
        log_in(client, ada.email, "a-whole-new-secret")


class TestPasswordChange:
    def test_a_wrong_current_password_is_422_naming_the_field(self, client: TestClient) -> None:
        ada = candidate(client)
        body = {"current_password": "not-my-password", "new_password": "a-whole-new-secret"}
        response = ada.post("/api/me/password", json=body)
        assert response.status_code == 422
        assert response.json()["field"] == "current_password"
        log_in(client, ada.email)  # unchanged

    def test_a_short_new_password_is_refused(self, client: TestClient) -> None:
        ada = candidate(client)
        body = {"current_password": PASSWORD, "new_password": "short"}
        response = ada.post("/api/me/password", json=body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "new_password"]

    def test_with_a_token_every_other_token_and_session_ends(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        other = log_in(client, ada.email)
        browser, _ = _browser(app, ada.email)
        body = {"current_password": PASSWORD, "new_password": "a-whole-new-secret"}
        response = ada.post("/api/me/password", json=body)
        assert response.status_code == 200, response.text
        fresh = response.json()["access_token"]
        assert fresh
        assert other.get("/api/me").status_code == 401
        assert ada.get("/api/me").status_code == 401  # the old token too: the new one replaces it
        assert browser.get("/api/me").status_code == 401
        assert client.get("/api/me", headers={"Authorization": f"Bearer {fresh}"}).is_success
        log_in(client, ada.email, "a-whole-new-secret")
        old = client.post("/api/auth/token", data={"username": ada.email, "password": PASSWORD})
        assert old.status_code == 401

    def test_in_the_browser_this_session_stays_and_others_end(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        elsewhere, _ = _browser(app, ada.email)
        here, csrf = _browser(app, ada.email)
        body = {"current_password": PASSWORD, "new_password": "a-whole-new-secret"}
        response = here.post("/api/me/password", json=body, headers={"X-CSRF-Token": csrf})
        assert response.status_code == 200, response.text
        assert response.json()["csrf_token"]
        assert here.get("/api/me").status_code == 200  # a fresh session cookie
        assert elsewhere.get("/api/me").status_code == 401
        assert ada.get("/api/me").status_code == 401
        (only,) = here.get("/api/me/sessions").json()
        assert only["current"]
