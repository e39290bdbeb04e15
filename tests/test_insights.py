"""The employer's funnel counts what each request reached, from the shared history."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import unit_of_work
from talentmatch.insights.service import employer_funnel
from tests.builders import employer, live_candidate, open_job, send_request


def test_funnel_counts_every_step_reached(client: TestClient, app: FastAPI) -> None:
    rita = employer(client, company="Funnel Co")
    job = open_job(rita)
    hired, declined, waiting = (
        live_candidate(client, app, name=name) for name in ("Hana Hired", "Dan Declined", "Wes")
    )
    first = send_request(rita, job, hired).json()["request"]["id"]
    second = send_request(rita, job, declined).json()["request"]["id"]
    send_request(rita, job, waiting)
    assert hired.post(f"/api/interview-requests/{first}/accept").status_code == 200
    for stage in ("technical", "offer", "hired"):  # onsite skipped: still counted as reached
        moved = rita.post(f"/api/interview-requests/{first}/stage", json={"stage": stage})
        assert moved.status_code == 200
    assert declined.post(f"/api/interview-requests/{second}/decline").status_code == 200

    with unit_of_work(app.state.session_factory) as session:
        funnel = employer_funnel(session, uuid.UUID(rita.me["company_id"]))
    counts = {step.name: step.count for step in funnel.steps}
    assert counts == {
        "sent": 3,
        "accepted": 1,
        "technical": 1,
        "onsite": 1,
        "offer": 1,
        "hired": 1,
    }
    assert (funnel.declined, funnel.open_requests) == (1, 1)
    assert funnel.steps[1].share_of_sent == 1 / 3
