"""Server time of the main pages on the demo marketplace (one request per page view).

    python -m benchmarks.page_speed [--rounds 20]

Loads the demo data into a temporary SQLite database, warms the models, logs in as each demo
user and times every page's GET through the ASGI app (no network). Prints p50/p99 per page.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from benchmarks._common import percentile, report
from talentmatch.app import create_app
from talentmatch.config import Settings

PASSWORD = "talentmatch-demo"  # noqa: S105 - the published demo password


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'demo.db'}", preload_models=False
        )
        env = {**os.environ, "TALENTMATCH_DATABASE_URL": settings.database_url}
        subprocess.run(
            [sys.executable, "-m", "talentmatch", "demo", "load"],
            env=env,
            check=True,
            stdout=sys.stderr,
        )
        app = create_app(settings)
        app.state.understanding.warm_up()
        timings: dict[str, list[float]] = {}
        with TestClient(app) as client:
            pages = {
                "candidate": [
                    "/me/profile",
                    "/me/wishlist",
                    "/me/matches",
                    "/requests",
                    "/me/career",
                    "/me/interviews",
                    "/me/interviews/practice",
                ],
                "employer": ["/employer", "/jobs", "/requests", "/company"],
                "operator": ["/review", "/admin/users", "/admin/outbox"],
            }
            for who, paths in pages.items():
                client.cookies.clear()
                client.post(
                    "/login", data={"email": f"{who}@talentmatch.example", "password": PASSWORD}
                )
                if who == "employer":
                    job = re.search(r'href="/jobs/([0-9a-f-]{36})"', client.get("/jobs").text)
                    assert job is not None
                    paths = [*paths, f"/jobs/{job.group(1)}", f"/jobs/{job.group(1)}/candidates"]
                if who == "candidate":
                    found = re.search(
                        r'href="/requests/([0-9a-f-]{36})"', client.get("/requests").text
                    )
                    if found:
                        paths = [*paths, f"/requests/{found.group(1)}"]
                    plan = re.search(
                        r'href="/me/interviews/requests/([0-9a-f-]{36})"',
                        client.get("/me/interviews").text,
                    )
                    if plan:
                        paths = [*paths, f"/me/interviews/requests/{plan.group(1)}"]
                for path in paths:
                    label = f"{who} {re.sub(r'[0-9a-f-]{36}', '{id}', path)}"
                    for _ in range(args.rounds):
                        start = time.perf_counter()
                        response = client.get(path)
                        timings.setdefault(label, []).append(time.perf_counter() - start)
                        assert response.status_code == 200, (path, response.status_code)
    report(
        "page_speed",
        {
            "rounds": args.rounds,
            "ms": {
                label: {
                    "p50": round(1000 * percentile(values, 50), 1),
                    "p99": round(1000 * percentile(values, 99), 1),
                }
                for label, values in timings.items()
            },
        },
    )


if __name__ == "__main__":
    main()
