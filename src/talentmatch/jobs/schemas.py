from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from talentmatch.companies.schemas import CompanyProfile
from talentmatch.jobs.models import JobStatus, RemotePolicy, Seniority
from talentmatch.kit.fields import (
    CountryCode,
    CurrencyCode,
    InputModel,
    ShortText,
    TextList,
    UpdateModel,
    YearlyAmount,
)

# The company's interview loop, in order.
InterviewStages = Annotated[list[ShortText], Field(max_length=12)]
JobTitle = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]


def _check_band(salary_min: int | None, salary_max: int | None) -> None:
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise ValueError("the lowest salary of the band is above its highest")


class JobCreate(InputModel):
    title: JobTitle
    description: Annotated[str, Field(max_length=50_000)] = ""
    required_skills: TextList = []
    nice_to_have_skills: TextList = []
    interview_stages: InterviewStages = []
    seniority: Seniority | None = None
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    country: CountryCode = ""
    remote_policy: RemotePolicy = RemotePolicy.ONSITE
    salary_min: YearlyAmount | None = None
    salary_max: YearlyAmount | None = None
    currency: CurrencyCode = "USD"
    status: Annotated[JobStatus, Field(description="draft or open")] = JobStatus.DRAFT

    @model_validator(mode="after")
    def _band(self) -> Self:
        _check_band(self.salary_min, self.salary_max)
        return self


class JobUpdate(UpdateModel):
    nullable_fields = frozenset({"seniority", "salary_min", "salary_max"})

    title: JobTitle | None = None
    description: Annotated[str, Field(max_length=50_000)] | None = None
    required_skills: TextList | None = None
    nice_to_have_skills: TextList | None = None
    interview_stages: InterviewStages | None = None
    seniority: Seniority | None = None
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    country: CountryCode | None = None
    remote_policy: RemotePolicy | None = None
    salary_min: YearlyAmount | None = None
    salary_max: YearlyAmount | None = None
    currency: CurrencyCode | None = None
    status: JobStatus | None = None


class JobPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    company_id: uuid.UUID
    company_name: str = ""
    title: str
    description: str
    required_skills: list[str]
    nice_to_have_skills: list[str]
    interview_stages: list[str] = []
    seniority: Seniority | None
    location: str
    country: str
    remote_policy: RemotePolicy
    salary_min: int | None
    salary_max: int | None
    currency: str
    status: JobStatus
    created_at: datetime
    closed_at: datetime | None
    parsed: dict[str, Any] = {}


class JobListing(BaseModel):
    """A job as a candidate reads it before answering a request: the role, the pay band, the
    interview loop and the company; nothing about who else the company looked at."""

    id: uuid.UUID
    title: str
    description: str
    required_skills: list[str]
    nice_to_have_skills: list[str]
    seniority: Seniority | None
    location: str
    country: str
    remote_policy: RemotePolicy
    salary_min: int | None = Field(description="Yearly base pay band, low end")
    salary_max: int | None
    currency: str
    interview_stages: list[str] = Field(
        description="The company's interview loop in order; empty: the usual loop for the role"
    )
    status: JobStatus = Field(description="open, or closed for a candidate it sent a request")
    created_at: datetime
    closed_at: datetime | None
    company: CompanyProfile
    your_requests: list[uuid.UUID] = Field(
        default=[], description="The reader's interview requests for this job, newest first"
    )
