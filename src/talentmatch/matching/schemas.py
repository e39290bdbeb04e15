from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from talentmatch.candidates.schemas import EmployerProfileView
from talentmatch.jobs.schemas import JobPublic


class CandidateMatch(BaseModel):
    """A candidate for a job, blind unless they accepted this company's request."""

    candidate: EmployerProfileView
    score: float
    features: dict[str, float]
    explanation: dict[str, Any]


class JobMatch(BaseModel):
    job: JobPublic
    score: float
    features: dict[str, float]
    explanation: dict[str, Any]


class MatchList(BaseModel):
    considered: int
    excluded_by_constraints: int
    items: list[Any]
