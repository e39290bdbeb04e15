"""Match lists remember the profiles and blind cards they built, by what they were built from:
an edit shows on the very next list, on both sides, never a kept copy of the old profile."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.kit.memory import Recent
from talentmatch.matching import repository, service
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


def test_a_fresh_process_reads_the_profiles_the_indexer_kept(
    client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the indexer built (blind text, skills, titles) is kept with the vectors: a request
    in a process that remembers nothing ranks without building a profile, and gives the same
    answer as one that builds them; after an edit the kept profile is not used."""
    live_candidate(client, app, name="Ada Fit", skills=["Python", "Go"])
    rita = employer(client)
    job = open_job(rita, required_skills=["Python", "Go"])
    app.state.match_index.sync()
    path = f"/api/jobs/{job['id']}/matches"
    built = _top(rita, path)

    def refuse(*_: object) -> None:
        raise AssertionError("built a profile the indexer had kept")

    app.state.understanding.match_profiles = Recent(16)  # a process that remembers nothing
    monkeypatch.setattr(service, "candidate_profile", refuse)
    monkeypatch.setattr(service, "job_profile", refuse)
    assert _top(rita, path) == built

    # An edit the indexer has not seen yet: the kept profile is stale, so it is built again.
    monkeypatch.undo()
    app.state.understanding.match_profiles = Recent(16)
    open_job(rita, title="Go Engineer", required_skills=["Go"])  # unrelated change
    changed = rita.patch(f"/api/jobs/{job['id']}", json={"required_skills": ["Rust"]})
    assert changed.status_code == 200, changed.text
    assert _top(rita, path)["explanation"]["skills_met"] == []


def test_profiles_another_build_kept_are_built_again(
    client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that builds profiles differently, none the old code kept is served."""
    live_candidate(client, app, name="Ada Fit", skills=["Python", "Go"])
    rita = employer(client)
    job = open_job(rita, required_skills=["Python", "Go"])
    app.state.match_index.sync()
    monkeypatch.setattr(repository, "BUILD", "upgraded")
    app.state.understanding.match_profiles = Recent(16)
    built: list[str] = []
    real = service.candidate_profile

    def counting(*args: Any) -> Any:
        profile = real(*args)
        built.append(profile.id)
        return profile

    monkeypatch.setattr(service, "candidate_profile", counting)
    assert _top(rita, f"/api/jobs/{job['id']}/matches")["explanation"]["skills_met"] == [
        "Python",
        "Go",
    ]
    assert len(built) == 1  # the kept profile came from the old build: built again
