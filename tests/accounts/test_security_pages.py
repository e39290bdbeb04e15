"""The log-in form's CSRF token, and the Security page: change the password, end sessions,
revoke API tokens."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import PASSWORD, candidate, log_in


def _page_login(app: FastAPI, email: str, password: str = PASSWORD) -> TestClient:
    browser = TestClient(app)
    assert browser.get("/login").status_code == 200
    form = {"email": email, "password": password, "csrf_token": browser.cookies.get("tm_csrf")}
    response = browser.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return browser


def _csrf(browser: TestClient) -> str:
    token = browser.cookies.get("tm_csrf")
    assert token
    return token


class TestLoginCsrf:
    def test_a_login_post_without_the_token_is_refused(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        browser = TestClient(app)
        form = {"email": ada.email, "password": PASSWORD}
        refused = browser.post("/login", data=form, follow_redirects=False)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("text/html")
        assert "tm_session" not in refused.headers.get("set-cookie", "")
        browser.get("/login")
        forged = browser.post("/login", data={**form, "csrf_token": "forged"})
        assert forged.status_code == 403
        assert browser.get("/api/me").status_code == 401

    def test_the_form_carries_the_token_of_its_cookie(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        browser = TestClient(app)
        page = browser.get("/login")
        field = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert field and field.group(1) == browser.cookies.get("tm_csrf")
        form = {"email": ada.email, "password": PASSWORD, "csrf_token": field.group(1)}
        assert browser.post("/login", data=form, follow_redirects=False).status_code == 303
        assert browser.get("/api/me").json()["email"] == ada.email

    def test_the_api_login_needs_no_form_token(self, client: TestClient) -> None:
        ada = candidate(client)
        login = client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
        assert login.status_code == 200


class TestSecurityPage:
    def test_it_needs_a_login(self, client: TestClient) -> None:
        response = client.get("/account/security", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/account/security"

    def test_it_lists_sessions_and_tokens_and_is_in_the_menu(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        browser = _page_login(app, ada.email)
        page = browser.get("/account/security")
        assert page.status_code == 200
        assert 'href="/account/security"' in page.text
        assert "(this browser)" in page.text
        assert page.text.count("/revoke") == 1  # the builder's API token
        assert ada.token not in page.text

    def test_changing_the_password_keeps_this_browser_only(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        here, elsewhere = _page_login(app, ada.email), _page_login(app, ada.email)
        form = {
            "csrf_token": _csrf(here),
            "current_password": "not-my-password",
            "new_password": "a-whole-new-secret",
            "new_password_again": "a-whole-new-secret",
        }
        wrong = here.post("/account/security/password", data=form)
        assert wrong.status_code == 422
        assert "the current password is wrong" in wrong.text
        differ = here.post(
            "/account/security/password",
            data={**form, "current_password": PASSWORD, "new_password_again": "something-else"},
        )
        assert differ.status_code == 422
        assert "the two passwords differ" in differ.text

        done = here.post(
            "/account/security/password",
            data={**form, "current_password": PASSWORD},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert here.get("/api/me").status_code == 200
        assert elsewhere.get("/api/me").status_code == 401
        assert ada.get("/api/me").status_code == 401
        assert "password is changed" in here.get("/account/security").text
        log_in(client, ada.email, "a-whole-new-secret")

    def test_buttons_end_a_session_and_revoke_a_token(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        here, elsewhere = _page_login(app, ada.email), _page_login(app, ada.email)
        other_session = next(
            s["id"] for s in here.get("/api/me/sessions").json() if not s["current"]
        )
        (token,) = ada.get("/api/me/tokens").json()
        csrf = {"csrf_token": _csrf(here)}

        assert here.post(f"/account/security/tokens/{token['id']}/revoke").status_code == 403
        revoked = here.post(f"/account/security/tokens/{token['id']}/revoke", data=csrf)
        assert revoked.status_code == 200 and "API token is revoked" in revoked.text
        assert ada.get("/api/me").status_code == 401

        ended = here.post(f"/account/security/sessions/{other_session}/end", data=csrf)
        assert ended.status_code == 200 and "session has ended" in ended.text
        assert elsewhere.get("/api/me").status_code == 401
        assert here.get("/api/me").status_code == 200

    def test_another_users_session_is_not_found(self, client: TestClient, app: FastAPI) -> None:
        ada, bob = candidate(client), candidate(client, name="Bob")
        bobs_browser = _page_login(app, bob.email)
        (bobs_session,) = bob.get("/api/me/sessions").json()
        (bobs_token,) = bob.get("/api/me/tokens").json()
        mine = _page_login(app, ada.email)
        csrf = {"csrf_token": _csrf(mine)}
        assert (
            mine.post(f"/account/security/sessions/{bobs_session['id']}/end", data=csrf).status_code
            == 404
        )
        assert (
            mine.post(f"/account/security/tokens/{bobs_token['id']}/revoke", data=csrf).status_code
            == 404
        )
        assert bobs_browser.get("/api/me").status_code == 200
        assert bob.get("/api/me").status_code == 200
