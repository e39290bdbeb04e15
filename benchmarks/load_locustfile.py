"""Locust clients for ``benchmarks.load`` (not run on its own): candidates asking for their top
jobs, employers asking for a job's top candidates, and browsing. Every request's time is kept
and written to ``$LOAD_TIMINGS`` when Locust quits, so the percentiles are exact."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any

from locust import HttpUser, constant, events

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
TIMINGS: dict[str, list[tuple[float, bool]]] = {}
ERRORS: list[str] = []
WINDOW: dict[str, float] = {}


@events.test_start.add_listener
def _started(**_: Any) -> None:
    WINDOW["start"] = time.monotonic()


@events.test_stop.add_listener
def _stopped(**_: Any) -> None:
    WINDOW["stop"] = time.monotonic()


@events.request.add_listener
def _record(name: str, response_time: float, exception: Any, response: Any, **_: Any) -> None:
    ok = exception is None
    TIMINGS.setdefault(name, []).append((response_time, ok))
    if not ok and len(ERRORS) < 20:
        status = getattr(response, "status_code", None)
        body = (getattr(response, "text", "") or "")[:200]
        ERRORS.append(f"{name}: {exception!r} status={status} {body}")


@events.quitting.add_listener
def _write(**_: Any) -> None:
    seconds = WINDOW.get("stop", time.monotonic()) - WINDOW.get("start", time.monotonic())
    Path(os.environ["LOAD_TIMINGS"]).write_text(
        json.dumps({"seconds": max(seconds, 1e-9), "requests": TIMINGS, "errors": ERRORS})
    )


class _Client(HttpUser):
    abstract = True
    wait_time = constant(0)  # back to back: each client is one busy user

    def _get(self, path: str, name: str, token: str) -> None:
        with self.client.get(
            path, name=name, headers={"Authorization": f"Bearer {token}"}, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "items" not in response.json():
                response.failure("no items")


def _my_matches(client: _Client) -> None:
    token = random.choice(PLAN["candidates"])
    client._get("/api/candidates/me/matches?limit=20", "GET /api/candidates/me/matches", token)


def _job_matches(client: _Client) -> None:
    token, job_id = random.choice(PLAN["employer_jobs"])
    client._get(f"/api/jobs/{job_id}/matches?limit=50", "GET /api/jobs/{id}/matches", token)


def _browse_jobs(client: _Client) -> None:
    token = random.choice(PLAN["candidates"])
    offset = random.randrange(0, 2000, 20)
    client._get(f"/api/jobs?limit=20&offset={offset}", "GET /api/jobs", token)


def _browse_candidates(client: _Client) -> None:
    token, _ = random.choice(PLAN["employer_jobs"])
    offset = random.randrange(0, 2000, 20)
    client._get(f"/api/candidates?limit=20&offset={offset}", "GET /api/candidates", token)


class CandidateClient(_Client):
    tasks = [_my_matches]


class EmployerClient(_Client):
    tasks = [_job_matches]


class MixedClient(_Client):
    """A marketplace's mix: each request is, at random, a match list (either side, three in
    four) or a page of browsing."""

    tasks = {_my_matches: 3, _job_matches: 3, _browse_jobs: 1, _browse_candidates: 1}
