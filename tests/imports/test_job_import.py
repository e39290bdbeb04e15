"""Bulk job import from JSON lines, on SQLite and PostgreSQL: fields a line leaves out are
read from the description as the job form does, bad lines are named by number, a re-run
writes nothing twice, and imported jobs are matched with imported candidates."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.imports.common import ImportReport
from talentmatch.imports.jobs import MAX_LINE_BYTES, bounded_lines, import_jobs, read_lines
from talentmatch.kit.errors import InvalidInput
from tests.builders import candidate, employer, operator
from tests.imports.helpers import import_path, resume_files, write_folder

DATA_SCIENTIST = {
    "company": "Northwind Analytics",
    "external_id": "feed:1",
    "title": "Senior Data Scientist",
    "description": (
        "Northwind is hiring a senior data scientist. You will need Python, SQL and "
        "A/B testing; Tableau is a plus. Fully remote. Salary 90,000 - 120,000 EUR."
    ),
}
BACKEND = {
    "company": "NORTHWIND ANALYTICS, Inc.",  # the same company, spelt another way
    "external_id": "feed:2",
    "title": "Backend Engineer",
    "description": "Build our APIs in Go and PostgreSQL.",
    "location": "Berlin",
    "country": "DE",
    "remote_policy": "hybrid",
    "salary_min": 70000,
    "salary_max": 90000,
    "currency": "EUR",
    "required_skills": ["Go"],
    "seniority": "mid",
}


def _lines(*rows: Any) -> list[bytes]:
    return [(row if isinstance(row, str) else json.dumps(row)).encode() + b"\n" for row in rows]


def _import(app: FastAPI, lines: list[bytes], author: str, **options: Any) -> ImportReport:
    return import_jobs(
        app.state.session_factory,
        app.state.understanding,
        read_lines(lines),
        author_email=author,
        **options,
    )


def test_jobs_are_filled_from_their_description_and_bad_lines_are_named(
    client: TestClient, app: FastAPI
) -> None:
    op = operator(client, app)
    lines = _lines(
        DATA_SCIENTIST,
        BACKEND,
        "",
        "{not json",
        {"company": "Globex", "title": "ML Engineer", "salary_mn": 5},
        {"company": "Globex", "title": "ML Engineer", "salary_min": 9, "salary_max": 1},
        {"company": "Globex", "description": "no title"},
        ["a list"],
    )

    report = _import(app, lines, op.email)

    items = {item.details["line"]: item for item in report.items}
    assert [n for n, i in items.items() if i.outcome == "imported"] == [1, 2]
    assert 3 not in items  # blank lines are no jobs
    assert "not JSON" in items[4].reason
    assert "salary_mn" in items[5].reason and "not a field" in items[5].reason
    assert "the lowest salary of the band is above its highest" in items[6].reason
    assert "title" in items[7].reason
    assert "not a JSON object" in items[8].reason

    jobs = {j["title"]: j for j in op.get("/api/jobs").json()["items"]}
    scientist = jobs["Senior Data Scientist"]
    assert scientist["status"] == "open"
    assert {"Python", "SQL", "A/B testing"} <= set(scientist["required_skills"])
    assert scientist["remote_policy"] == "remote"
    assert (scientist["salary_min"], scientist["salary_max"]) == (90000, 120000)
    backend = jobs["Backend Engineer"]
    # What the line gave is kept, not overwritten by the parser.
    assert backend["required_skills"] == ["Go"] and backend["seniority"] == "mid"
    assert backend["remote_policy"] == "hybrid" and backend["salary_max"] == 90000
    assert backend["company_id"] == scientist["company_id"]  # one company, created once
    assert items[1].details["company_created"] is True

    again = _import(app, lines, op.email)
    assert [i.outcome for i in again.items if i.details["line"] in (1, 2)] == ["skipped"] * 2
    assert len(op.get("/api/jobs").json()["items"]) == 2


def test_a_hostile_line_fails_alone(client: TestClient, app: FastAPI) -> None:
    """A line nested thousands of brackets deep (a few kilobytes) and a line with no end are
    that line's errors; the lines around them are imported."""
    op = operator(client, app)
    deep = '{"company": ' + "[" * 5000 + "]" * 5000 + "}"
    endless = b'{"company": "' + b"A" * (3 * MAX_LINE_BYTES)  # no newline: the file ends
    feed = b"".join(_lines(DATA_SCIENTIST, deep, BACKEND)) + endless
    report = _import(app, list(bounded_lines(io.BytesIO(feed))), op.email)
    outcomes = {item.details["line"]: (item.outcome, item.reason) for item in report.items}
    assert outcomes[1][0] == outcomes[3][0] == "imported"
    assert outcomes[2] == ("failed", "not JSON (nested too deeply)")
    assert outcomes[4][0] == "failed" and "over" in outcomes[4][1]


def test_an_overlong_line_is_cut_and_the_next_line_still_read() -> None:
    long_line = b"x" * (2 * MAX_LINE_BYTES) + b"\n"
    lines = list(bounded_lines(io.BytesIO(long_line + b'{"next": 1}\n')))
    assert len(lines) == 2 and len(lines[0]) == MAX_LINE_BYTES + 1
    assert lines[1] == b'{"next": 1}\n'


def test_an_employer_imports_only_their_own_companys_jobs(client: TestClient, app: FastAPI) -> None:
    rita = employer(client, company="Northwind Analytics")
    other = {**BACKEND, "company": "Globex Systems", "external_id": "feed:9"}
    report = _import(app, _lines(DATA_SCIENTIST, other), rita.email)
    first, second = report.items
    assert first.outcome == "imported" and "company_created" not in first.details
    assert second.outcome == "failed" and "only their own company" in second.reason
    mine = rita.get("/api/jobs", params={"company_id": rita.me["company_id"]}).json()
    assert [j["title"] for j in mine["items"]] == ["Senior Data Scientist"]

    nobody = candidate(client)
    with pytest.raises(InvalidInput, match="not an active operator or employer"):
        _import(app, _lines(DATA_SCIENTIST), nobody.email)


def test_without_new_companies_an_unknown_company_is_a_line_error(
    client: TestClient, app: FastAPI
) -> None:
    op = operator(client, app)
    report = _import(app, _lines(DATA_SCIENTIST), op.email, create_companies=False)
    assert report.items[0].outcome == "failed"
    assert "no company named Northwind Analytics" in report.items[0].reason


def test_imported_jobs_match_imported_candidates(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    op = operator(client, app)
    rita = employer(client, company="Analytical Engines")
    files, emails = resume_files("match")
    import_path(app, write_folder(tmp_path / "cvs", files), approve_as=op.email)
    backend = {
        "company": "Analytical Engines",
        "title": "Senior Backend Engineer",
        "description": "Python, Go and Kubernetes services on PostgreSQL. Remote.",
    }
    report = _import(app, _lines(backend), rita.email)
    job_id = report.items[0].id

    matches = rita.get(f"/api/jobs/{job_id}/matches").json()
    assert len(matches["items"]) == len(emails)
    assert matches["items"][0]["explanation"]["skills_met"]
