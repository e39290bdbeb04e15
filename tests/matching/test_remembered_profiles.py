"""Match lists remember the profiles and blind cards they built, by what they were built from:
an edit shows on the very next list, on both sides, never a kept copy of the old profile."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import employer, live_candidate, open_job


def _top(actor: Any, path: str) -> dict[str, Any]:
    response = actor.get(path)
    assert response.status_code == 200, response.text
    return dict(response.json()["items"][0])


def test_an_edit_shows_on_the_next_list_at_once(client: TestClient, app: FastAPI) -> None:
    ada = live_candidate(client, app, name="Ada Fit", skills=["Python"], specialisms=["backend"])
    rita = employer(client)
    job = open_job(rita, required_skills=["Python", "PostgreSQL", "Go"])
    app.state.match_index.sync()  # vectors stored: what the lists keep
    memory = app.state.understanding.match_profiles
    candidates = f"/api/jobs/{job['id']}/matches"

    first = _top(rita, candidates)
    assert first["explanation"]["skills_met"] == ["Python"]
    hits = memory.hits
    assert _top(rita, candidates) == first  # asked again: the same answer, from memory
    assert memory.hits > hits

    # The candidate's edit is on the employer's next list: score, reasons and card.
    edited = ada.patch(
        "/api/candidates/me",
        json={"skills": ["Python", "PostgreSQL", "Go"], "specialisms": ["distributed systems"]},
    )
    assert edited.status_code == 200, edited.text
    second = _top(rita, candidates)
    assert second["explanation"]["skills_met"] == ["Python", "PostgreSQL", "Go"]
    assert second["score"] > first["score"]
    assert second["candidate"]["specialisms"] == ["distributed systems"]

    # The company's edit is on the candidate's next list.
    mine = "/api/candidates/me/matches"
    before = _top(ada, mine)
    assert before["explanation"]["skills_met"] == ["Python", "PostgreSQL", "Go"]
    changed = rita.patch(f"/api/jobs/{job['id']}", json={"required_skills": ["Rust", "Go"]})
    assert changed.status_code == 200, changed.text
    after = _top(ada, mine)
    assert after["explanation"]["skills_met"] == ["Go"]
    assert after["score"] < before["score"]
