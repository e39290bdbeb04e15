from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from talentmatch.candidates.models import ProfileStatus, RemotePreference, ResumeStatus
from talentmatch.jobs.models import Seniority
from talentmatch.kit.fields import (
    CountryCode,
    CurrencyCode,
    HttpUrl,
    InputModel,
    ShortText,
    TextList,
    UpdateModel,
)


class ProfileUpdate(UpdateModel):
    """Fields a candidate edits; every field optional, only those sent change."""

    nullable_fields = frozenset({"years_experience", "min_salary", "available_from"})

    headline: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    summary: Annotated[str, Field(max_length=10_000)] | None = None
    titles: TextList | None = None
    years_experience: Annotated[float, Field(ge=0, le=70)] | None = None
    skills: TextList | None = None
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    country: CountryCode | None = None
    work_authorizations: Annotated[list[CountryCode], Field(max_length=50)] | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    photo_url: HttpUrl | None = None
    links: Annotated[list[HttpUrl], Field(max_length=20)] | None = None
    target_roles: TextList | None = None
    target_locations: TextList | None = None
    remote_preference: RemotePreference | None = None
    min_salary: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    salary_currency: CurrencyCode | None = None
    specialisms: TextList | None = None
    available_from: date | None = Field(
        default=None,
        description="The first day you can start (null: now). A day that has passed reads as now.",
    )

    @field_validator("available_from")
    @classmethod
    def _within_two_years(cls, value: date | None) -> date | None:
        if value is not None and value > datetime.now(UTC).date() + timedelta(days=2 * 366):
            raise ValueError("give a start day within the next two years")
        return value


class ResumeInfo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    filename: str
    media_type: str
    size_bytes: int
    sha256: str
    created_at: datetime
    status: ResumeStatus = Field(
        default=ResumeStatus.READY,
        description="reading: the file is stored and being read; ready: read, the profile is "
        "filled; failed: it could not be read (status_message says why)",
    )
    status_message: str = ""
    filled_fields: list[str] = Field(
        default_factory=list, description="Profile fields the reading filled"
    )


class HiddenCompanyCreate(InputModel):
    name_or_domain: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=253)
    ]


class HiddenCompanyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    label: str
    key: str


class ProfessionalProfile(BaseModel):
    """What any company allowed to see the profile sees: no identifying fields."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    headline: str
    summary: str
    titles: list[str]
    years_experience: float | None
    skills: list[str]
    location: str
    country: str
    work_authorizations: list[str]
    target_roles: list[str]
    target_locations: list[str]
    remote_preference: RemotePreference
    min_salary: int | None
    salary_currency: str
    specialisms: list[str]
    available_from: date | None = Field(
        default=None, description="The first day the candidate can start; null: now"
    )
    status: ProfileStatus
    live_until: datetime | None


class Contact(BaseModel):
    full_name: str
    email: str
    phone: str
    photo_url: str
    links: list[str]


class EmployerProfileView(ProfessionalProfile):
    """Blind by default: ``contact`` is filled only after the candidate accepts a request."""

    contact: Contact | None = None
    has_resume: bool = False


class OwnerProfileView(ProfessionalProfile):
    """The candidate's own view (and an operator's): everything."""

    contact: Contact
    rejection_reason: str
    submitted_at: datetime | None
    edits_submitted_at: datetime | None = Field(
        default=None,
        description="When edits of a live profile's free text went to review; companies read "
        "the approved text until an operator approves them",
    )
    reviewed_at: datetime | None
    is_visible: bool
    resume: ResumeInfo | None
    resume_status: ResumeStatus | None = Field(
        default=None, description="The resume's reading: reading, ready or failed (none: no resume)"
    )
    resume_message: str = Field(default="", description="Why reading failed, or that it runs")
    hidden_companies: list[HiddenCompanyPublic]


class ResumeUploaded(BaseModel):
    status: ResumeStatus = Field(
        default=ResumeStatus.READY,
        description="reading: stored, read in the background (poll GET "
        "/api/candidates/me/resume/status); ready: read; failed: could not be read",
    )
    message: str = ""
    resume: ResumeInfo
    filled_fields: list[str] = Field(
        description="Profile fields that were empty and are now filled"
    )
    parsed: dict[str, Any] = Field(description="Everything read from the resume, for correction")
    profile: OwnerProfileView


class RejectRequest(InputModel):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]


class ProfileSearch(BaseModel):
    """Filters an employer can browse live profiles with (every one given must hold)."""

    skill: ShortText | None = None
    # Comma-separated; the profile must list all of them.
    skills: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    title: ShortText | None = None
    level: Seniority | None = None
    min_years: Annotated[float, Field(ge=0, le=70)] | None = None
    max_years: Annotated[float, Field(ge=0, le=70)] | None = None
    country: CountryCode | None = None
    remote: RemotePreference | None = None
    # Expected pay at most this, in ``currency`` (profiles in other currencies are converted);
    # profiles that state no expectation are kept.
    salary_max: Annotated[int, Field(ge=0, le=100_000_000)] | None = None
    currency: CurrencyCode = "USD"
    # Can start on or before this day (profiles that give no day can start now).
    available_by: date | None = None

    def skill_list(self) -> list[str]:
        named = [s.strip() for s in (self.skills or "").split(",") if s.strip()]
        return named + ([self.skill] if self.skill else [])

    def is_empty(self) -> bool:
        return not (
            self.skill_list()
            or self.title
            or self.level
            or self.min_years is not None
            or self.max_years is not None
            or self.country
            or self.remote
            or self.salary_max is not None
            or self.available_by is not None
        )
