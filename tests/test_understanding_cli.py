"""The measured commands (understand, match, counsel and friends), run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import invoke, run
from tests.documents import SAMPLE_RESUME, docx_bytes, pdf_bytes


def test_parse_resume_prints_the_documented_fields(tmp_path: Path) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(pdf_bytes(SAMPLE_RESUME.splitlines()))
    # End to end: the installed entry point in a new process (the other tests run in-process).
    result = run("parse", "resume", str(path), "--json")
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    for key in (
        "name",
        "email",
        "phone",
        "location",
        "titles",
        "companies",
        "education",
        "skills",
        "years_experience",
        "seniority",
        "occupation",
    ):
        assert key in parsed
    assert parsed["name"] == "Ada Lovelace"
    assert set(parsed["occupation"]) == {"code", "title", "score"}
    assert all(set(s) >= {"id", "name", "category"} for s in parsed["skills"])


def test_parse_resume_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "cv").mkdir()
    (tmp_path / "cv" / "a.docx").write_bytes(docx_bytes(SAMPLE_RESUME.splitlines()))
    (tmp_path / "cv" / "b.txt").write_text("Grace Hopper\ngrace@example.org\n", encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        '{"resume": "cv/a.docx"}\n{"resume": "cv/missing.pdf"}\n{"resume": "cv/b.txt"}\n',
        encoding="utf-8",
    )
    result = invoke("parse", "resume", "--batch", str(batch))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("name") for line in lines] == ["Ada Lovelace", None, "Grace Hopper"]
    assert "error" in lines[1]


def test_skills_extract_offsets_index_the_text() -> None:
    text = "Shipped Go and Python services on k8s; I go running."
    result = invoke("skills", "extract", "--text", text, "--json")
    skills = json.loads(result.stdout)["skills"]
    assert [s["name"] for s in skills if s["id"]] == ["Go", "Python", "Kubernetes"]
    for skill in skills:
        assert text[skill["start"] : skill["end"]] == skill["text"]


def test_occupations_normalize_and_related(tmp_path: Path) -> None:
    single = json.loads(
        invoke("occupations", "normalize", "Sr. Data Scientist", "--top", "3", "--json").stdout
    )
    assert single["results"][0]["code"] == "15-2051.00"
    assert len(single["results"]) == 3
    batch = tmp_path / "titles.jsonl"
    batch.write_text('{"title": "Staff SWE"}\n{"title": "Data Scientist II"}\n', encoding="utf-8")
    lines = [
        json.loads(x)
        for x in invoke("occupations", "normalize", "--batch", str(batch)).stdout.splitlines()
    ]
    assert [line["results"][0]["code"] for line in lines] == ["15-1252.00", "15-2051.00"]
    related = json.loads(
        invoke("occupations", "related", "15-1252.00", "--top", "5", "--json").stdout
    )
    assert len(related["results"]) == 5
    assert "15-1252.00" not in {r["code"] for r in related["results"]}


def test_unknown_code_fails_clearly() -> None:
    result = invoke("occupations", "related", "99-9999.00", "--json")
    assert result.returncode == 1
    assert "unknown" in json.loads(result.stdout)["error"]


def test_salary_estimate_single_and_batch(tmp_path: Path) -> None:
    single = json.loads(
        invoke(
            "salary",
            "estimate",
            "--title",
            "ML Engineer",
            "--level",
            "SE",
            "--country",
            "GB",
            "--json",
        ).stdout
    )
    assert set(single) >= {"currency", "p25", "p50", "p75", "n", "sources"}
    assert single["currency"] == "USD" and single["p25"] < single["p50"] < single["p75"]
    batch = tmp_path / "salaries.jsonl"
    batch.write_text(
        '{"title": "Data Scientist", "level": "EN", "country": "US"}\n{"level": "SE"}\n'
        '{"title": "Data Scientist", "level": "SE", "country": "US"}\n',
        encoding="utf-8",
    )
    lines = [
        json.loads(x)
        for x in invoke("salary", "estimate", "--batch", str(batch)).stdout.splitlines()
    ]
    assert "error" in lines[1]
    assert lines[0]["p50"] < lines[2]["p50"]
