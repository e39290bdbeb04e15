from fastapi.testclient import TestClient

from tests.builders import PASSWORD, candidate, employer, unique_email


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

    def test_duplicate_email_is_a_clear_409_whatever_the_case(self, client: TestClient) -> None:
        email = unique_email("dup")
        body = {"email": email, "password": PASSWORD, "full_name": "A", "role": "candidate"}
        assert client.post("/api/auth/signup", json=body).status_code == 201
        again = client.post("/api/auth/signup", json={**body, "email": email.upper()})
        assert again.status_code == 409
        assert again.json()["field"] == "email"

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
