from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from talentmatch.accounts.schemas import Password, PersonName
from talentmatch.companies.models import MemberRole
from talentmatch.kit.fields import InputModel, UpdateModel

CompanyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Domain = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=253, pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$"
    ),
]


class CompanyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    domain: str | None
    description: str
    location: str
    pending_identity: dict[str, str | None] | None = Field(
        default=None,
        description="A rename or domain change waiting for an operator's review (a company "
        "that has sent interview requests cannot change who it is on its own)",
    )


class CompanyUpdate(UpdateModel):
    nullable_fields = frozenset({"domain"})

    name: CompanyName | None = None
    domain: Domain | None = None
    description: Annotated[str, Field(max_length=5000)] | None = None
    location: Annotated[str, Field(max_length=200)] | None = None


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
