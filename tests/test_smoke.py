from fastapi.testclient import TestClient

from tests.builders import live_candidate


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"


def test_live_candidate(client, app) -> None:  # type: ignore[no-untyped-def]
    actor = live_candidate(client, app)
    assert actor.get("/api/candidates/me").json()["status"] == "live"
