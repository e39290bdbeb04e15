"""Salary benchmarks for marketplace objects: a request's job and candidate, a form's inputs."""

from __future__ import annotations

from typing import Any

from talentmatch.ml.salary import SalaryEstimator

# Resume seniority levels -> the survey's experience levels.
SURVEY_LEVEL = {
    "intern": "EN",
    "junior": "EN",
    "mid": "MI",
    "senior": "SE",
    "staff": "SE",
    "principal": "SE",
    "lead": "SE",
    "executive": "EX",
}


def benchmark(
    estimator: SalaryEstimator, *, title: str, seniority: str | None, country: str | None
) -> dict[str, Any]:
    """The market's yearly pay for a title at a level in a country (USD), with its sources."""
    level = SURVEY_LEVEL.get(seniority or "")
    estimate = estimator.estimate(title, level=level, country=country or None)
    return {**estimate.as_dict(), "level": level, "country": country or None, "title": title}
