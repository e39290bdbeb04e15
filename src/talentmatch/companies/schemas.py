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


class CompanyUpdate(UpdateModel):
    nullable_fields = frozenset({"domain"})

    name: CompanyName | None = None
    domain: Domain | None = None
    description: Annotated[str, Field(max_length=5000)] | None = None
    location: Annotated[str, Field(max_length=200)] | None = None


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
    token: str = Field(description="Shown once: send it to the colleague to accept the invitation")


class InvitationAccept(InputModel):
    full_name: PersonName
    password: Password
