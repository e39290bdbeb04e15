"""Salary benchmarks for marketplace objects: a request's job and candidate, a form's inputs,
the counselling page. The public data (aijobs.net survey, BLS OEWS) comes from
:class:`talentmatch.ml.salary.SalaryEstimator`; the marketplace's own interview-request
salaries are a third source, shown with their n and blended in once there are enough."""

from __future__ import annotations

import math
import statistics
import uuid
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.jobs.models import Job
from talentmatch.ml.salary import SalaryEstimator, title_key
from talentmatch.ml.stored import StoredParse

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


def profile_level(profile: CandidateProfile) -> str | None:
    """The survey level (EN/MI/SE/EX) of the seniority the resume parser read, if any."""
    return SURVEY_LEVEL.get(StoredParse.of(profile.parsed).seniority or "")


MARKETPLACE_SOURCE = "talentmatch interview requests (this marketplace)"
# Offers needed before the marketplace weighs as much as the public estimate; fewer than
# MARKETPLACE_MIN_OFFERS are shown but not blended in.
MARKETPLACE_PRIOR = 20
MARKETPLACE_MIN_OFFERS = 3


@lru_cache(maxsize=4096)
def _key(title: str) -> str:
    return title_key(title)


def marketplace_offers(
    session: Session,
    title: str,
    *,
    level: str | None = None,
    country: str | None = None,
    exclude: uuid.UUID | None = None,
) -> list[int]:
    """Yearly USD salaries that companies offered in interview requests for jobs with the
    same title (seniority words aside), at that survey level and in that country when given.
    Withdrawn requests and other currencies do not count."""
    key = _key(title)
    query = (
        sa.select(InterviewRequest.salary, Job.title, Job.seniority)
        .join(Job, Job.id == InterviewRequest.job_id)
        .where(
            InterviewRequest.currency == "USD",
            InterviewRequest.status != RequestStatus.WITHDRAWN,
        )
    )
    words = sorted(key.split(), key=len, reverse=True)
    if words:  # narrow in SQL; the exact title comparison follows in Python
        query = query.where(sa.func.lower(Job.title).contains(words[0], autoescape=True))
    if country:
        query = query.where(Job.country == country)
    if exclude is not None:
        query = query.where(InterviewRequest.id != exclude)
    return [
        salary
        for salary, job_title, seniority in session.execute(query)
        if _key(job_title) == key
        and (level is None or SURVEY_LEVEL.get(seniority.value if seniority else "") == level)
    ]


def with_marketplace(estimate: dict[str, Any], offers: list[int]) -> dict[str, Any]:
    """The estimate with the marketplace's offers as a source; with enough of them the
    quartiles move toward theirs (in log space, weighted by how many there are)."""
    result = {**estimate, "sources": [*estimate.get("sources", [])]}
    source: dict[str, Any] = {"name": MARKETPLACE_SOURCE, "rows": len(offers)}
    if offers:
        quartiles = (
            statistics.quantiles(offers, n=4, method="inclusive")
            if len(offers) > 1
            else [float(offers[0])] * 3
        )
        source.update(p25=round(quartiles[0]), p50=round(quartiles[1]), p75=round(quartiles[2]))
        if len(offers) >= MARKETPLACE_MIN_OFFERS:
            weight = len(offers) / (len(offers) + MARKETPLACE_PRIOR)
            for name, value in zip(("p25", "p50", "p75"), quartiles, strict=True):
                blended = weight * math.log(value) + (1 - weight) * math.log(estimate[name])
                result[name] = int(round(math.exp(blended) / 100.0) * 100)
            result["n"] = estimate.get("n", 0) + len(offers)
            source["method"] = f"blended in with weight {weight:.2f}"
        else:
            source["method"] = f"shown only: fewer than {MARKETPLACE_MIN_OFFERS} offers"
    result["sources"].append(source)
    return result


def market_estimate(
    session: Session | None,
    estimator: SalaryEstimator,
    title: str,
    *,
    level: str | None = None,
    country: str | None = None,
    exclude: uuid.UUID | None = None,
) -> dict[str, Any]:
    """Public data for ``(title, level, country)``, plus the marketplace's offers when a
    session is given."""
    estimate = estimator.estimate(title, level=level, country=country).as_dict()
    if session is None:
        return estimate
    offers = marketplace_offers(session, title, level=level, country=country, exclude=exclude)
    return with_marketplace(estimate, offers)


def benchmark_for(
    estimator: SalaryEstimator,
    job: Job,
    profile: CandidateProfile,
    session: Session | None = None,
    exclude: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The market's yearly pay (USD, with its sources) beside an offer: the job's title, at the
    candidate's level (else the job's), in the job's country (else the candidate's); the
    offer itself (``exclude``) does not count toward its own benchmark."""
    seniority = StoredParse.of(profile.parsed).seniority or (
        job.seniority.value if job.seniority else None
    )
    level = SURVEY_LEVEL.get(seniority or "")
    country = job.country or profile.country or None
    estimate = market_estimate(
        session, estimator, job.title, level=level, country=country, exclude=exclude
    )
    return {**estimate, "level": level, "country": country, "title": job.title}
