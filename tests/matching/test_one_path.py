"""The command line and the app rank with one path: the same builders, constraints and engine."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.builders import candidate, employer, open_job
from tests.cli import run
from tests.documents import SAMPLE_RESUME, pdf_bytes

POSTS = [
    {
        "title": "Senior Backend Engineer",
        "description": "Build payment APIs in Python and Go on PostgreSQL and Kubernetes.",
        "skills": ["Python", "PostgreSQL"],
        "nice_to_have_skills": ["Kubernetes"],
        "seniority": "senior",
        "remote": True,
        "salary_min": 85000,
        "salary_max": 110000,
        "currency": "EUR",
    },
    {
        "title": "Machine Learning Engineer",
        "description": "Train and serve PyTorch models; Python, deep learning, MLOps.",
        "skills": ["Python", "PyTorch"],
        "remote": True,
    },
    {
        "title": "Registered Nurse",
        "description": "Care for patients on a hospital ward; night shifts.",
        "remote": True,
    },
    {
        "title": "Frontend Engineer",
        "description": "TypeScript and React for our design system.",
        "skills": ["TypeScript", "React"],
        "seniority": "mid",
        "remote": True,
        "salary_min": 60000,
        "salary_max": 75000,
        "currency": "EUR",
    },
]


def _as_api_body(post: dict[str, object]) -> dict[str, object]:
    body = {k: v for k, v in post.items() if k not in ("skills", "remote")}
    return {
        **body,
        "required_skills": post.get("skills", []),
        "nice_to_have_skills": post.get("nice_to_have_skills", []),
        "seniority": post.get("seniority"),
        "remote_policy": "remote",
        "location": "",
        "country": "",
        "status": "open",
    }


def test_the_cli_and_the_api_give_the_same_order_and_scores(
    client: TestClient, tmp_path: Path
) -> None:
    resume = pdf_bytes(SAMPLE_RESUME.splitlines())
    ada = candidate(client)
    uploaded = ada.put(
        "/api/candidates/me/resume", files={"file": ("cv.pdf", resume, "application/pdf")}
    )
    assert uploaded.status_code == 200, uploaded.text
    rita = employer(client)
    records = []
    for post in POSTS:
        job = open_job(rita, **_as_api_body(post))
        records.append({"id": job["id"], **post})
    app_ranking = ada.get("/api/candidates/me/matches", params={"limit": 10}).json()["items"]

    (tmp_path / "cv.pdf").write_bytes(resume)
    (tmp_path / "jobs.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    result = run(
        "match", "rank", "--resume", str(tmp_path / "cv.pdf"),
        "--jobs", str(tmp_path / "jobs.jsonl"), "--top", "10", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    cli_ranking = json.loads(result.stdout)["results"]

    assert [m["job"]["id"] for m in app_ranking] == [m["job_id"] for m in cli_ranking]
    for app_match, cli_match in zip(app_ranking, cli_ranking, strict=True):
        assert abs(app_match["score"] - cli_match["score"]) < 1e-5
        features = cli_match["explanation"]["features"]
        for name, value in app_match["features"].items():
            assert abs(value - features[name]) < 1e-3, name
