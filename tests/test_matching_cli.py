"""``match rank`` and ``eval ranking`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import invoke, run
from tests.documents import SAMPLE_RESUME, pdf_bytes

JOBS = [
    {
        "id": "be",
        "title": "Senior Backend Engineer",
        "description": "Requirements: Go, PostgreSQL, Kubernetes.",
        "location": "London, UK",
        "salary_min": 80000,
        "salary_max": 100000,
        "currency": "GBP",
    },
    {
        "id": "nurse",
        "title": "Registered Nurse",
        "description": "Care for patients on a ward.",
        "remote": False,
    },
    {
        "id": "ml",
        "title": "Machine Learning Engineer",
        "description": "Python, PyTorch, deep learning.",
        "remote": True,
    },
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("match")
    (folder / "cv.pdf").write_bytes(pdf_bytes(SAMPLE_RESUME.splitlines()))
    (folder / "jobs.jsonl").write_text(
        "\n".join(json.dumps(j) for j in JOBS) + "\n", encoding="utf-8"
    )
    return folder


def test_match_rank(workdir: Path) -> None:
    # End to end: the installed entry point in a new process (the other tests run in-process).
    result = run(
        "match",
        "rank",
        "--resume",
        str(workdir / "cv.pdf"),
        "--jobs",
        str(workdir / "jobs.jsonl"),
        "--top",
        "2",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert [r["job_id"] for r in results] == ["be", "ml"]
    assert results[0]["score"] >= results[1]["score"]
    assert results[0]["explanation"]["skills_met"] == ["Go", "PostgreSQL", "Kubernetes"]
    assert set(results[0]["explanation"]["features"]) >= {"required_skills", "semantic", "lexical"}


def test_eval_ranking_prints_the_metrics(workdir: Path) -> None:
    (workdir / "q.jsonl").write_text(
        '{"id": "ada", "resume": "cv.pdf"}\n'
        '{"id": "rn", "text": "Registered nurse, 10 years in intensive care"}\n',
        encoding="utf-8",
    )
    (workdir / "qrels").write_text("ada 0 be 2\nada 0 ml 1\nrn 0 nurse 1\n", encoding="utf-8")
    result = invoke(
        "eval",
        "ranking",
        "--queries",
        str(workdir / "q.jsonl"),
        "--docs",
        str(workdir / "jobs.jsonl"),
        "--qrels",
        str(workdir / "qrels"),
        "--json",
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("ndcg@5", "ndcg@10", "map", "mrr", "recall@10"):
        assert 0 <= figures[key] <= 1
    assert figures["mrr"] == 1.0
    assert set(figures["baselines"]) == {"bm25", "embedding"}


def test_a_bad_jobs_file_is_a_clear_error(workdir: Path) -> None:
    (workdir / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    result = invoke(
        "match",
        "rank",
        "--resume",
        str(workdir / "cv.pdf"),
        "--jobs",
        str(workdir / "bad.jsonl"),
        "--json",
    )
    assert result.returncode == 1
    assert "not JSON" in json.loads(result.stdout)["error"]
