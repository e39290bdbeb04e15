"""Bad input gets a clear 4xx: never a 500, never someone else's data."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

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
