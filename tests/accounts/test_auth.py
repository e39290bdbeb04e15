from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.dependencies import CSRF_COOKIE, CSRF_FORM_FIELD
from talentmatch.accounts.models import PendingSignup
from talentmatch.db import unit_of_work
from talentmatch.kit.clock import utcnow
from tests.builders import PASSWORD, candidate, employer, log_in, unique_email
from tests.outbox import emailed_token, last_email


class TestSignup:
    def test_candidate_gets_a_draft_profile(self, client: TestClient) -> None:
        ada = candidate(client)
        assert ada.me["role"] == "candidate"
        profile = ada.get("/api/candidates/me").json()
        assert profile["status"] == "draft"
        assert profile["contact"]["full_name"] == "Ada Lovelace"

    def test_employer_founds_a_company_as_admin(self, client: TestClient) -> None:
        rita = employer(client, company="Acme Analytics")
        assert rita.me["company_role"] == "admin"
        company = rita.get(f"/api/companies/{rita.me['company_id']}").json()
        assert company["name"] == "Acme Analytics"

    def test_signing_up_again_says_nothing_about_the_address_and_tells_its_owner(
        self, client: TestClient, app: FastAPI
    ) -> None:
        ada = candidate(client)
        new_address = unique_email("new")
        taken = {
            "email": ada.email.upper(),
            "password": PASSWORD,
            "full_name": "X",
            "role": "candidate",
        }
        fresh = {**taken, "email": new_address}
        again = client.post("/api/auth/signup", json=taken)
        first = client.post("/api/auth/signup", json=fresh)
        assert again.status_code == first.status_code == 202
        said_again = again.json()["detail"].lower().replace(ada.email.lower(), "@")
        assert said_again == first.json()["detail"].lower().replace(new_address, "@")
        # The owner learns of it, with no link that makes anything.
        told = last_email(app.state.session_factory, ada.email, "signup_existing")
        assert "already has an account" in told.body and "/signup/confirm" not in told.body
        # The existing account is untouched: the old password still works.
        assert log_in(client, ada.email).me["full_name"] == "Ada Lovelace"

    def test_an_unconfirmed_sign_up_has_no_account(self, client: TestClient, app: FastAPI) -> None:
        email = unique_email("unconfirmed")
        body = {"email": email, "password": PASSWORD, "full_name": "U", "role": "candidate"}
        assert client.post("/api/auth/signup", json=body).status_code == 202
        refused = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
        assert refused.status_code == 401
        token = emailed_token(app.state.session_factory, email, "signup_confirm", "/signup/confirm")
        made = client.post("/api/auth/signup/confirm", json={"token": token})
        assert made.status_code == 201 and made.json()["email"] == email
        assert log_in(client, email).me["role"] == "candidate"
        # A link works once.
        assert client.post("/api/auth/signup/confirm", json={"token": token}).status_code == 422

    def test_someone_else_signing_up_with_your_address_never_holds_the_account(
        self, client: TestClient, app: FastAPI
    ) -> None:
        email = unique_email("owner")
        squatter = {
            "email": email,
            "password": "squatters-password",
            "full_name": "S",
            "role": "candidate",
        }
        owner = {"email": email, "password": PASSWORD, "full_name": "Owner", "role": "candidate"}
        client.post("/api/auth/signup", json=squatter)
        squatter_token = emailed_token(
            app.state.session_factory, email, "signup_confirm", "/signup/confirm"
        )
        client.post("/api/auth/signup", json=owner)
        owner_token = emailed_token(
            app.state.session_factory, email, "signup_confirm", "/signup/confirm"
        )
        assert owner_token != squatter_token
        # The owner opens their own link; every earlier link for the address stops working.
        assert (
            client.post("/api/auth/signup/confirm", json={"token": owner_token}).status_code == 201
        )
        late = client.post("/api/auth/signup/confirm", json={"token": squatter_token})
        assert late.status_code == 422
        assert log_in(client, email).me["full_name"] == "Owner"
        wrong = client.post(
            "/api/auth/token", data={"username": email, "password": "squatters-password"}
        )
        assert wrong.status_code == 401

    def test_the_confirm_button_needs_the_pages_csrf_token(
        self, client: TestClient, app: FastAPI
    ) -> None:
        email = unique_email("forged")
        body = {"email": email, "password": PASSWORD, "full_name": "F", "role": "candidate"}
        client.post("/api/auth/signup", json=body)
        token = emailed_token(app.state.session_factory, email, "signup_confirm", "/signup/confirm")
        # Another site posting the button for its own sign-up would log the browser into it.
        forged = client.post(f"/signup/confirm/{token}", data={}, follow_redirects=False)
        assert forged.status_code == 403
        refused = client.post("/api/auth/token", data={"username": email, "password": PASSWORD})
        assert refused.status_code == 401  # no account was made
        assert client.get(f"/signup/confirm/{token}").status_code == 200
        csrf = client.cookies[CSRF_COOKIE]
        pressed = client.post(
            f"/signup/confirm/{token}", data={CSRF_FORM_FIELD: csrf}, follow_redirects=False
        )
        assert pressed.status_code == 303, pressed.text
        assert log_in(client, email).me["role"] == "candidate"

    def test_a_made_up_or_expired_link_is_refused(self, client: TestClient, app: FastAPI) -> None:
        assert client.post("/api/auth/signup/confirm", json={"token": "made-up"}).status_code == 422
        email = unique_email("late")
        body = {"email": email, "password": PASSWORD, "full_name": "L", "role": "candidate"}
        client.post("/api/auth/signup", json=body)
        token = emailed_token(app.state.session_factory, email, "signup_confirm", "/signup/confirm")
        with unit_of_work(app.state.session_factory) as session:
            session.execute(
                sa.update(PendingSignup)
                .where(PendingSignup.email == email)
                .values(expires_at=utcnow() - timedelta(minutes=1))
            )
        response = client.post("/api/auth/signup/confirm", json={"token": token})
        assert response.status_code == 422 and "expired" in response.json()["detail"]

    def test_short_password_is_refused_with_the_field(self, client: TestClient) -> None:
        body = {
            "email": unique_email("p"),
            "password": "short",
            "full_name": "A",
            "role": "candidate",
        }
        response = client.post("/api/auth/signup", json=body)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "password"]

    def test_nobody_signs_up_as_operator(self, client: TestClient) -> None:
        body = {
            "email": unique_email("o"),
            "password": PASSWORD,
            "full_name": "O",
            "role": "operator",
        }
        response = client.post("/api/auth/signup", json=body)
        assert response.status_code == 422
        assert response.json()["field"] == "role"

    def test_employer_needs_a_company_name(self, client: TestClient) -> None:
        body = {
            "email": unique_email("e"),
            "password": PASSWORD,
            "full_name": "E",
            "role": "employer",
        }
        response = client.post("/api/auth/signup", json=body)
        assert response.status_code == 422
        assert response.json()["field"] == "company_name"


class TestTokens:
    def test_wrong_password_and_unknown_email_look_the_same(self, client: TestClient) -> None:
        ada = candidate(client)
        wrong = client.post(
            "/api/auth/token", data={"username": ada.email, "password": "nope-nope-nope"}
        )
        unknown = client.post(
            "/api/auth/token", data={"username": "nobody@example.org", "password": "nope-nope-nope"}
        )
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.json()["detail"] == unknown.json()["detail"]

    def test_invalid_token_is_401(self, client: TestClient) -> None:
        response = client.get("/api/me", headers={"Authorization": "Bearer not-a-token"})
        assert response.status_code == 401

    def test_no_credentials_is_401(self, client: TestClient) -> None:
        assert client.get("/api/me").status_code == 401


class TestBrowserSession:
    def test_cookie_is_httponly_and_samesite(self, client: TestClient) -> None:
        ada = candidate(client)
        response = client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
        assert response.status_code == 200
        cookie = next(
            h for h in response.headers.get_list("set-cookie") if h.startswith("tm_session=")
        )
        assert "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower()
        assert client.get("/api/me").json()["email"] == ada.email

    def test_unsafe_request_without_csrf_token_is_refused(self, client: TestClient) -> None:
        ada = candidate(client)
        login = client.post(
            "/api/auth/login", json={"email": ada.email, "password": PASSWORD}
        ).json()
        refused = client.patch("/api/candidates/me", json={"headline": "forged"})
        assert refused.status_code == 403
        assert client.get("/api/candidates/me").json()["headline"] == ""
        allowed = client.patch(
            "/api/candidates/me",
            json={"headline": "mine"},
            headers={"X-CSRF-Token": login["csrf_token"]},
        )
        assert allowed.status_code == 200
        assert allowed.json()["headline"] == "mine"

    def test_logout_ends_the_session(self, client: TestClient) -> None:
        ada = candidate(client)
        login = client.post(
            "/api/auth/login", json={"email": ada.email, "password": PASSWORD}
        ).json()
        stolen = client.cookies.get("tm_session")
        out = client.post("/api/auth/logout", headers={"X-CSRF-Token": login["csrf_token"]})
        assert out.status_code == 204
        client.cookies.set("tm_session", stolen or "")
        assert client.get("/api/me").status_code == 401
