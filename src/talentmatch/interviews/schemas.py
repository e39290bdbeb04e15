from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from talentmatch.candidates.schemas import Contact
from talentmatch.interviews.models import HiringStage, RequestStatus
from talentmatch.kit.fields import CurrencyCode, InputModel, YearlyAmount


class RequestCreate(InputModel):
    job_id: uuid.UUID
    candidate_id: uuid.UUID
    salary: Annotated[YearlyAmount, Field(description="Yearly salary offered; required")]
    currency: CurrencyCode = "USD"
    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] = ""


class DeclineRequest(InputModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class StageChange(InputModel):
    stage: HiringStage
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class MessageCreate(InputModel):
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class EventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    detail: str
    actor_user_id: uuid.UUID | None
    created_at: datetime


class MessagePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    sender_user_id: uuid.UUID
    sender_name: str = ""
    body: str
    created_at: datetime


class CompanyContact(BaseModel):
    company_name: str
    sender_name: str
    sender_email: str


class RequestView(BaseModel):
    """One interview request, as either side sees it."""

    id: uuid.UUID
    job_id: uuid.UUID
    job_title: str
    company_id: uuid.UUID
    company_name: str
    candidate_id: uuid.UUID
    candidate_headline: str
    salary: int
    currency: str
    candidate_min_salary: int | None
    candidate_salary_currency: str
    message: str
    status: RequestStatus
    decline_reason: str
    stage: HiringStage | None
    expires_at: datetime
    responded_at: datetime | None
    created_at: datetime
    history: list[EventPublic]
    # What the market pays for the job at the candidate's level (yearly USD), with sources.
    salary_benchmark: dict[str, Any] | None = None
    # Filled for both sides only once the candidate accepted.
    candidate_contact: Contact | None = None
    company_contact: CompanyContact | None = None


class RequestSent(BaseModel):
    request: RequestView
    warnings: list[str]
