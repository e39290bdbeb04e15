from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from talentmatch.accounts.models import Role
from talentmatch.kit.fields import InputModel

Password = Annotated[str, Field(min_length=10, max_length=200)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SignupRequest(InputModel):
    email: EmailStr
    password: Password
    full_name: PersonName
    role: Annotated[Role, Field(description="candidate or employer; operators are made by the CLI")]
    company_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None
    ) = None
    company_domain: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=253)] | None
    ) = None


class SignupAccepted(BaseModel):
    """The same answer whether or not the address already has an account."""

    detail: str


class SignupConfirm(InputModel):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class LoginRequest(InputModel):
    email: EmailStr
    password: Annotated[str, Field(max_length=200)]


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str
    role: Role
    created_at: datetime


class MeResponse(UserPublic):
    company_id: uuid.UUID | None = None
    company_role: str | None = None
    candidate_profile_id: uuid.UUID | None = None


class LoginResponse(BaseModel):
    user: UserPublic
    csrf_token: str


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret


class PasswordForgot(InputModel):
    email: EmailStr


class PasswordResetRequest(InputModel):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    password: Password


class PasswordChange(InputModel):
    current_password: Annotated[str, Field(max_length=200)]
    new_password: Password


class PasswordChangedResponse(BaseModel):
    """Every other session and token has ended; the caller's own is replaced by a fresh one:
    a new bearer token (``access_token``) or a new session cookie (with its ``csrf_token``)."""

    access_token: str | None = None
    csrf_token: str | None = None


class ApiTokenInfo(BaseModel):
    """An API token as its owner sees it: never the token itself."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class SessionInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    expires_at: datetime
    current: bool = False
