"""`talentmatch prep` as a user runs it."""

from __future__ import annotations

import json

from tests.cli import invoke, run


def test_plan_for_company_stages_from_skills() -> None:
    result = invoke(
        "prep",
        "plan",
        "--skills",
        "Python, Go, Docker, PostgreSQL",
        "--role",
        "ml-engineer",
        "--stages",
        "Phone screen, Live coding, ML system design, Values",
        "--level",
        "MI",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["from_company"] is True
    assert [s["kind"] for s in plan["stages"]] == [
        "recruiter screen",
        "coding",
        "ml system design",
        "hiring manager",
    ]
    design = plan["stages"][2]
    assert "Model deployment" in design["focus"]
    assert all(len(s["questions"]) == 3 for s in plan["stages"])


def test_questions_filter_and_bad_topic() -> None:
    result = invoke("prep", "questions", "--topic", "statistics", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) >= 10 and {q["topic"] for q in found} == {"statistics"}
    # End to end: the installed entry point in a new process (the other tests run in-process).
    bad = run("prep", "questions", "--topic", "astrology")
    assert bad.returncode == 2 and "choose one of" in bad.stderr
