"""The command-line paths give the same answer for the same resume under other identities:
`match rank`, `career gap`, `prep plan`, and `audit counterfactual` measures it."""

from __future__ import annotations

import json
from pathlib import Path

from talentmatch.fairness.counterfactual import JOBS, PERSONAS, corpus
from tests.cli import invoke, run

# Read as female and male, a name that spells two skills ("Julia", "Ruby"), and "they".
NAMES = ("Emily Walsh", "Greg Baker", "Julia Ruby", "Alex Kim")


def _write_variants(tmp_path: Path, resume_id: str) -> list[Path]:
    personas = [p for p in PERSONAS if p.name in NAMES]
    paths = []
    for variant in corpus(personas):
        if variant.resume_id == resume_id:
            path = tmp_path / f"{resume_id}-{variant.label.replace(' ', '_')}.txt"
            path.write_text(variant.text, encoding="utf-8")
            paths.append(path)
    assert len(paths) == len(NAMES)
    return paths


def _jobs_file(tmp_path: Path) -> Path:
    path = tmp_path / "jobs.jsonl"
    path.write_text("\n".join(json.dumps(job) for job in JOBS) + "\n", encoding="utf-8")
    return path


def test_match_rank_and_career_gap_answer_the_same_for_every_variant(tmp_path: Path) -> None:
    resumes = _write_variants(tmp_path, "ml-platform")
    jobs = _jobs_file(tmp_path)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(json.dumps({"resume": str(r), "jobs": str(jobs), "top": 20}) for r in resumes),
        encoding="utf-8",
    )
    ranked = invoke("match", "rank", "--batch", str(batch))
    assert ranked.returncode == 0, ranked.stderr
    answers = [json.loads(line) for line in ranked.stdout.splitlines()]
    assert len(answers) == len(resumes) and "error" not in answers[0]
    assert len(answers[0]["results"]) == len(JOBS)
    assert all(answer == answers[0] for answer in answers[1:])

    gap_batch = tmp_path / "gap.jsonl"
    gap_batch.write_text(
        "\n".join(json.dumps({"resume": str(r), "role": "ml-engineer"}) for r in resumes),
        encoding="utf-8",
    )
    gaps = invoke("career", "gap", "--batch", str(gap_batch))
    assert gaps.returncode == 0, gaps.stderr
    reports = [json.loads(line) for line in gaps.stdout.splitlines()]
    assert len(reports) == len(resumes) and "error" not in reports[0]
    assert all(report == reports[0] for report in reports[1:])
    assert "julia" not in reports[0]["skills"]


def test_prep_plan_is_the_same_under_another_name(tmp_path: Path) -> None:
    emily, julia = (
        path
        for path in _write_variants(tmp_path, "data-science")
        if "Emily" in path.name or "Julia" in path.name
    )
    plans = []
    for resume in (emily, julia):
        result = invoke(
            "prep", "plan", "--role", "data-scientist", "--resume", str(resume), "--json"
        )
        assert result.returncode == 0, result.stderr
        plans.append(json.loads(result.stdout))
    assert plans[0] == plans[1]
    assert plans[0]["stages"]


def test_the_audit_measures_invariance_on_resumes_and_jobs_given_to_it(tmp_path: Path) -> None:
    resume = tmp_path / "cv.txt"
    resume.write_text(
        "Priya Sharma\npriya.sharma@example.org | +44 20 7946 0958 | github.com/priya-sharma\n"
        "London\n\nSUMMARY\nPriya is a data engineer; she moved her team's jobs to Airflow.\n\n"
        "EXPERIENCE\nData Engineer, Initech (2018 - present)\n- Spark, Airflow and dbt on AWS.\n"
        "- She mentors two juniors.\n\nSKILLS\nPython, SQL, Spark, Airflow, dbt, AWS\n",
        encoding="utf-8",
    )
    # A name of three words beside a pronoun statement the parser does not read as a name,
    # with an age, an identity affiliation and an old class year: each persona's rewrite
    # replaces the whole name and each part of it, and the scores do not move.
    several = tmp_path / "cv-mary-ann.txt"
    several.write_text(
        "Mary Ann Smith (she/her)\nmary.smith@example.org | github.com/maryann-smith\n"
        "Boston, MA | DOB 1979\n\nSUMMARY\nMary Ann is a data engineer; Mary led the move of "
        "her team's jobs to Airflow and Ann mentors two juniors.\n\n"
        "EXPERIENCE\nData Engineer, Initech (2018 - present)\n- Spark, Airflow and dbt on AWS.\n"
        "- Member, Society of Women Engineers (SWE); Black Engineers Association\n\n"
        "EDUCATION\nM.Sc. Computer Science, Boston University, 2016 - 2018\n\n"
        "SKILLS\nPython, SQL, Spark, Airflow, dbt, AWS\n\n"
        "ACTIVITIES\nYale alumni network, Class of 2001\n",
        encoding="utf-8",
    )
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("\n".join(json.dumps(job) for job in JOBS[:3]) + "\n", encoding="utf-8")
    result = invoke(
        "audit", "counterfactual", str(resume), str(several), "--jobs", str(jobs), "--json"
    )
    assert result.returncode == 0, result.stderr
    audit = json.loads(result.stdout)
    assert audit["resumes"] == 2 and audit["jobs"] == 3
    assert audit["variants"] == 2 * (len(PERSONAS) + 1)
    assert audit["paths"]["match_rank"]["pairs"] == 6
    assert audit["paths"]["employer_ranking"]["pairs"] == 6
    assert audit["invariance_rate"] == 1.0
    assert audit["largest_spread"] <= audit["tolerance"] == 1e-9

    human = invoke("audit", "counterfactual", str(resume), "--jobs", str(jobs))
    assert human.returncode == 0, human.stderr
    assert "match_rank" in human.stdout and "100.0%" in human.stdout

    # End to end: the installed entry point in a new process (the other tests run in-process).
    missing = run("audit", "counterfactual", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    assert "cannot read" in missing.stderr and "Traceback" not in missing.stderr
