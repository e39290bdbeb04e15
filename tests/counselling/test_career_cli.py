"""`talentmatch career gap` as a user runs it."""

from __future__ import annotations

import json

from tests.cli import invoke, run


def test_career_gap_for_a_list_of_skills() -> None:
    # End to end: the installed entry point in a new process (the other tests run in-process).
    result = run(
        "career",
        "gap",
        "--skills",
        "Python, Go, Docker, Kubernetes, SQL",
        "--role",
        "ml-engineer",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["gap"]["role"]["id"] == "ml-engineer"
    assert report["reverse_skill_set"][0]["area"] == "machine learning"
    steps = [s["name"] for phase in report["roadmap"] for s in phase["steps"]]
    assert "PyTorch" in steps and "Docker" not in steps


def test_an_unknown_role_is_an_error_not_a_crash() -> None:
    result = invoke("career", "gap", "--skills", "Python", "--role", "astronaut", "--json")
    assert result.returncode == 1
    assert "unknown role" in json.loads(result.stdout)["error"]
