from __future__ import annotations

from pydantic import BaseModel, Field

from talentmatch.candidates.schemas import EmployerProfileView
from talentmatch.fairness.ranking.schemas import Representation
from talentmatch.jobs.schemas import JobPublic


class PartlyMet(BaseModel):
    skill: str
    via: str = Field(description="The skill the candidate has that partly covers it")
    credit: float


class SidesFit(BaseModel):
    """What each side weighs, described by the transparent reciprocal terms."""

    for_employer: float
    for_candidate: float
    mutual: float
    summary: str


class Reason(BaseModel):
    feature: str
    text: str
    contribution: float = Field(
        description="How much this feature moved the score in the scorer that ranked the match"
    )


class Explanation(BaseModel):
    skills_met: list[str]
    skills_partly_met: list[PartlyMet]
    skills_missing: list[str]
    nice_to_have_met: list[str]
    salary: str
    location: str
    seniority: str
    wish_list: str
    fit: SidesFit
    why: list[str] = Field(description="Reasons for, strongest first")
    against: list[str] = Field(description="Reasons against, strongest first")
    reasons: list[Reason]
    contributions: dict[str, float] = Field(description="Every feature's part in the score")
    scored_by: str = Field(description='The scorer that ranked and explained ("LambdaRank ...")')


class CandidateMatch(BaseModel):
    """A candidate for a job, blind unless they accepted this company's request."""

    candidate: EmployerProfileView
    score: float
    features: dict[str, float]
    explanation: Explanation


class JobMatch(BaseModel):
    job: JobPublic
    score: float
    features: dict[str, float]
    explanation: Explanation


class CandidateMatchList(BaseModel):
    considered: int
    excluded_by_constraints: int
    items: list[CandidateMatch]
    representation: Representation | None = Field(
        default=None,
        description="Set when the list was re-ranked for representation (the company's or "
        "the platform's fair re-ranking option): by which attribute, and whose setting",
    )


class JobMatchList(BaseModel):
    considered: int
    excluded_by_constraints: int
    items: list[JobMatch]
