"""Schema-driven fuzzing: no generated request, from any kind of user, makes the server fail."""

from __future__ import annotations

import os

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.builders import employer, live_candidate, open_job, send_request

# CI runs a fixed (derandomised) sample; TALENTMATCH_FUZZ_EXAMPLES=200 explores further.
EXAMPLES_PER_OPERATION = int(os.environ.get("TALENTMATCH_FUZZ_EXAMPLES", "12"))
DERANDOMIZE = "TALENTMATCH_FUZZ_EXAMPLES" not in os.environ
# Operations that end the caller's own credentials when they succeed: fuzzed anonymously, so
# the logged-in actors keep their tokens for every operation after them.
ENDS_CREDENTIALS = {("POST", "/api/auth/logout"), ("DELETE", "/api/me")}


def test_no_server_errors(app: FastAPI, client: TestClient) -> None:
    ada = live_candidate(client, app)
    rita = employer(client)
    send_request(rita, open_job(rita), ada)
    actors = {"anonymous": {}, "candidate": ada.headers, "employer": rita.headers}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=DERANDOMIZE,
        )
        def run(case: schemathesis.Case) -> None:
            ends = (case.method.upper(), case.path) in ENDS_CREDENTIALS
            for who, headers in actors.items():
                if ends and who != "anonymous":
                    continue
                response = case.call(headers=headers)
                assert response.status_code < 500, (
                    f"{who}: {case.method} {case.formatted_path} -> "
                    f"{response.status_code}: {response.text[:300]}"
                )

        run()
