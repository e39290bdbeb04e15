"""Salary benchmarks for marketplace objects: a request's job and candidate, a form's inputs."""

from __future__ import annotations

from typing import Any

from talentmatch.candidates.models import CandidateProfile
from talentmatch.jobs.models import Job
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


def benchmark_for(
    estimator: SalaryEstimator, job: Job, profile: CandidateProfile
) -> dict[str, Any]:
    """The market's yearly pay (USD, with its sources) beside an offer: the job's title, at the
    candidate's level (else the job's), in the job's country (else the candidate's)."""
    seniority = (profile.parsed or {}).get("seniority") or (
        job.seniority.value if job.seniority else None
    )
    level = SURVEY_LEVEL.get(seniority or "")
    country = job.country or profile.country or None
    estimate = estimator.estimate(job.title, level=level, country=country)
    return {**estimate.as_dict(), "level": level, "country": country, "title": job.title}
