"""Bad input gets a clear 4xx: never a 500, never someone else's data."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from talentmatch.kit.fields import InputModel
from tests.builders import candidate, employer


@pytest.mark.parametrize(
    "path",
    [
        "/api/jobs/{id}",
        "/api/candidates/{id}",
        "/api/interview-requests/{id}",
        "/api/companies/{id}",
        "/api/interview-requests/{id}/messages",
    ],
)
def test_unknown_ids_are_404(client: TestClient, path: str) -> None:
    rita = employer(client)
    response = rita.get(path.format(id=uuid.uuid4()))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_malformed_id_is_422_naming_the_parameter(client: TestClient) -> None:
    response = employer(client).get("/api/jobs/not-a-uuid")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "job_id"]


def test_broken_json_is_422(client: TestClient) -> None:
    ada = candidate(client)
    response = ada.patch(
        "/api/candidates/me", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422


def test_wrong_types_name_the_field(client: TestClient) -> None:
    rita = employer(client)
    response = rita.post("/api/jobs", json={"title": ["a", "list"], "salary_min": "lots"})
    assert response.status_code == 422
    fields = {tuple(error["loc"]) for error in response.json()["detail"]}
    assert {("body", "title"), ("body", "salary_min")} <= fields


def test_oversized_bodies_are_413_on_any_route(client: TestClient) -> None:
    rita = employer(client)
    response = rita.post(
        "/api/jobs", content=b"x" * (1024 * 1024), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_paging_limits_are_enforced(client: TestClient) -> None:
    rita = employer(client)
    assert rita.get("/api/candidates", params={"limit": 100000}).status_code == 422
    assert rita.get("/api/candidates", params={"offset": -1}).status_code == 422


def test_sql_in_a_filter_is_just_text(client: TestClient) -> None:
    rita = employer(client)
    response = rita.get("/api/candidates", params={"skill": "x' OR '1'='1"})
    assert response.status_code == 200
    assert response.json()["total"] == 0


class TestNulCharacters:
    """PostgreSQL cannot store NUL; the API refuses it everywhere as a 4xx."""

    def test_in_a_body(self, client: TestClient) -> None:
        response = employer(client).post(
            "/api/jobs", json={"title": "Engineer", "nice_to_have_skills": ["\x00"]}
        )
        assert response.status_code == 422

    def test_in_a_query(self, client: TestClient) -> None:
        assert (
            employer(client).get("/api/candidates", params={"skill": "py\x00"}).status_code == 422
        )

    def test_in_the_login_form(self, client: TestClient) -> None:
        response = client.post(
            "/api/auth/token", data={"username": "a\x00@example.org", "password": "x"}
        )
        assert response.status_code == 401


class TestNullInUpdates:
    def test_null_for_a_required_field_is_refused(self, client: TestClient) -> None:
        ada = candidate(client)
        response = ada.patch("/api/candidates/me", json={"headline": None})
        assert response.status_code == 422
        assert "headline cannot be null" in response.text

    def test_null_clears_an_optional_field(self, client: TestClient) -> None:
        ada = candidate(client)
        ada.patch("/api/candidates/me", json={"min_salary": 100000})
        cleared = ada.patch("/api/candidates/me", json={"min_salary": None})
        assert cleared.status_code == 200
        assert cleared.json()["min_salary"] is None


class TestLoneSurrogates:
    """Half a surrogate pair ("\\ud800" in JSON) is not text any database can store: a 422
    naming the field, never a 500."""

    @staticmethod
    def _json(body: dict[str, object]) -> dict[str, object]:
        # json.dumps writes the lone surrogate as the escape "\ud800" (httpx would refuse it).
        return {
            "content": json.dumps(body).encode(),
            "headers": {"Content-Type": "application/json"},
        }

    def test_in_sign_up(self, client: TestClient) -> None:
        body = {
            "email": "ada@example.org",
            "password": "correct horse battery",
            "full_name": "Ada\ud800",
            "role": "candidate",
        }
        response = client.post("/api/auth/signup", **self._json(body))  # type: ignore[arg-type]
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["body", "full_name"]
        assert (
            client.post(
                "/api/auth/token",
                data={"username": "ada@example.org", "password": "correct horse battery"},
            ).status_code
            == 401
        )

    def test_in_a_profile_update(self, client: TestClient) -> None:
        ada = candidate(client)
        for body in ({"headline": "x\udc00"}, {"skills": ["Python", "\ud83d"]}):
            response = ada.patch("/api/candidates/me", **self._json(body))
            assert response.status_code == 422, response.text
        assert ada.get("/api/candidates/me").json()["headline"] == ""

    def test_as_raw_bytes(self, client: TestClient) -> None:
        # The same half pair as UTF-8-style bytes: Python's JSON reader lets them through.
        ada = candidate(client)
        response = ada.patch(
            "/api/candidates/me",
            content=b'{"headline": "x\xed\xa0\x80"}',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text

    def test_any_request_body_refuses_them(self) -> None:
        # A plain ``str`` field too (pydantic itself refuses them only in constrained strings).
        class Note(InputModel):
            text: str
            tags: list[str] = []

        for bad in ({"text": "x\ud800"}, {"text": "ok", "tags": ["\udfff"]}):
            with pytest.raises(ValidationError, match="valid Unicode"):
                Note.model_validate(bad)
        assert Note(text="ok \U0001f680").text == "ok \U0001f680"

    def test_a_whole_pair_is_an_emoji_and_welcome(self, client: TestClient) -> None:
        ada = candidate(client)
        response = ada.patch("/api/candidates/me", **self._json({"headline": "Builder \U0001f680"}))
        assert response.status_code == 200, response.text
        assert response.json()["headline"] == "Builder \U0001f680"


class TestErrorsDoNotEchoInput:
    def test_a_validation_error_names_the_field_not_the_value(self, client: TestClient) -> None:
        secret = "hunter2-not-long"
        response = client.post(
            "/api/auth/signup",
            json={"email": "not-an-email", "password": secret, "full_name": "", "role": "x"},
        )
        assert response.status_code == 422
        assert secret not in response.text and "not-an-email" not in response.text
        for error in response.json()["detail"]:
            assert set(error) == {"loc", "msg", "type"}

    def test_a_long_unknown_key_is_cut(self, client: TestClient) -> None:
        ada = candidate(client)
        response = ada.patch("/api/candidates/me", json={"links": {"k" * 50_000: 1}})
        assert response.status_code == 422
        assert len(response.content) < 10_000


class TestSecurityHeaders:
    COMMON = {
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
    }

    @pytest.mark.parametrize(
        "path", ["/api/health", "/api/jobs/not-a-uuid", "/", "/login", "/no-such-page", "/docs"]
    )
    def test_on_every_response(self, anonymous: TestClient, path: str) -> None:
        response = anonymous.get(path)
        for name, value in self.COMMON.items():
            assert response.headers[name] == value, (path, name)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]

    def test_pages_run_only_their_own_script_and_style(self, anonymous: TestClient) -> None:
        policy = anonymous.get("/login").headers["content-security-policy"]
        assert "script-src 'self';" in policy and "style-src 'self';" in policy
        assert "unsafe-inline" not in policy.split("style-src")[0]

    def test_the_api_runs_nothing(self, anonymous: TestClient) -> None:
        policy = anonymous.get("/api/health").headers["content-security-policy"]
        assert policy.startswith("default-src 'none'")

    def test_the_api_docs_allow_exactly_their_inline_script(self, anonymous: TestClient) -> None:
        response = anonymous.get("/docs")
        (script,) = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        policy = response.headers["content-security-policy"]
        assert f"script-src 'self' 'sha256-{digest}';" in policy

    def test_on_a_refused_body_too(self, anonymous: TestClient) -> None:
        response = anonymous.post(
            "/api/jobs", content=b"x" * (1024 * 1024), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
        assert response.headers["x-frame-options"] == "DENY"


def test_a_page_with_a_value_it_cannot_use_says_which_and_a_bad_id_is_not_found(
    client: TestClient,
) -> None:
    rita = employer(client)
    page = rita.client.get("/pool?offset=-5", headers=rita.headers)
    assert page.status_code == 400
    assert "offset" in page.text and "Enter 0 or more." in page.text
    assert "/pool" in page.text
    missing = rita.client.get("/jobs/not-a-uuid", headers=rita.headers)
    assert missing.status_code == 404
