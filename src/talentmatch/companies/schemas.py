from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from talentmatch.accounts.schemas import Password, PersonName
from talentmatch.companies.models import MemberRole, SizeBand, VettingStatus
from talentmatch.kit.fields import InputModel, TextList, UpdateModel

CompanyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Domain = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=253, pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$"
    ),
]

Place = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00]*$"),
]
Benefit = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=r"^[^\x00]*$"),
]


class CompanyProfile(BaseModel):
    """What anyone signed in reads about a company (candidates before answering a request):
    who it is and how it works; nothing about its members or its hiring."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    domain: str | None
    description: str
    location: str = Field(description="Headquarters")
    size_band: SizeBand | None = Field(description="Headcount band, e.g. 51-200")
    locations: list[str] = Field(description="Offices")
    stack: list[str] = Field(description="Languages, frameworks and tools the teams use")
    benefits: list[str]


class CompanyPublic(CompanyProfile):
    model_config = ConfigDict(from_attributes=True)

    pending_identity: dict[str, str | None] | None = Field(
        default=None,
        description="A rename or domain change waiting for an operator's review (a company "
        "that has sent interview requests cannot change who it is on its own)",
    )


class CompanyUpdate(UpdateModel):
    nullable_fields = frozenset({"domain", "size_band"})

    name: CompanyName | None = None
    domain: Domain | None = None
    description: Annotated[str, Field(max_length=5000)] | None = None
    location: Annotated[str, Field(max_length=200)] | None = None
    size_band: SizeBand | None = None
    locations: Annotated[list[Place], Field(max_length=50)] | None = None
    stack: TextList | None = None
    benefits: Annotated[list[Benefit], Field(max_length=50)] | None = None


class ResemblancePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str = Field(description="A hidden-company entry, reduced to its comparable key")
    candidates: int = Field(description="Profiles hiding from it")
    exact: bool = Field(description="One of the company's own names or domains")
    ruled_out: bool = Field(description="An operator has said it does not name this company")


class RuleOut(InputModel):
    key: Annotated[str, Field(min_length=1, max_length=253)]


class MemberPublic(BaseModel):
    user_id: uuid.UUID
    email: str
    full_name: str
    role: MemberRole
    joined_at: datetime


class InvitationCreate(InputModel):
    email: EmailStr


class InvitationCreated(BaseModel):
    id: uuid.UUID
    email: str
    expires_at: datetime


class InvitationAccept(InputModel):
    full_name: PersonName
    password: Password


class VettingPublic(BaseModel):
    """Where a company stands with the operators: a pending or rejected company posts jobs but
    cannot send interview requests."""

    model_config = ConfigDict(from_attributes=True)

    status: VettingStatus
    decided_at: datetime | None
    decided_by: str | None = Field(description="The operator who decided")
    reason: str = Field(description="Why it was rejected (shown to the company's admins)")


class MemberCheckPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    email: str
    full_name: str
    role: MemberRole
    email_domain: str
    matches_company: bool = Field(
        description="The address is at the company's domain (or a subdomain of it)"
    )


class JobPostedPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str
    status: str
    created_at: datetime


class VettingCasePublic(BaseModel):
    """What an operator reads before approving a company."""

    model_config = ConfigDict(from_attributes=True)

    company: CompanyProfile
    signed_up_at: datetime
    vetting: VettingPublic
    members: list[MemberCheckPublic]
    jobs: list[JobPostedPublic]
    flags: list[str] = Field(description="What deserves a second look, e.g. mismatched domains")


class VettingReject(InputModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
