from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType, enum_column


class ProfileStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    LIVE = "live"
    REJECTED = "rejected"
    PAUSED = "paused"
    HIRED = "hired"


class RemotePreference(enum.StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"
    ANY = "any"


class CandidateProfile(RecordMixin, Base):
    __tablename__ = "candidate_profiles"
    __table_args__ = (
        # The match indexer reads what changed since its last sync by updated_at.
        sa.Index("ix_candidate_profiles_updated_at", "updated_at"),
        # Pages of the live pool, newest first; and counting it.
        sa.Index("ix_candidate_profiles_status_updated_at", "status", "updated_at", "id"),
        sa.Index("ix_candidate_profiles_status_live_until", "status", "live_until"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    # Identity: shown to a company only after the candidate accepts its request.
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    photo_url: Mapped[str] = mapped_column(sa.String(500), default="")
    links: Mapped[list[str]] = mapped_column(JSONType, default=list)

    # Professional profile: what employers review, blind.
    headline: Mapped[str] = mapped_column(sa.String(200), default="")
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    titles: Mapped[list[str]] = mapped_column(JSONType, default=list)
    years_experience: Mapped[float | None]
    skills: Mapped[list[str]] = mapped_column(JSONType, default=list)
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    work_authorizations: Mapped[list[str]] = mapped_column(JSONType, default=list)

    # Wish list.
    target_roles: Mapped[list[str]] = mapped_column(JSONType, default=list)
    target_locations: Mapped[list[str]] = mapped_column(JSONType, default=list)
    remote_preference: Mapped[RemotePreference] = mapped_column(
        enum_column(RemotePreference), default=RemotePreference.ANY
    )
    min_salary: Mapped[int | None]
    salary_currency: Mapped[str] = mapped_column(sa.String(3), default="USD")
    specialisms: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # The first day the candidate can start; none means now (also once the day has passed).
    available_from: Mapped[date | None] = mapped_column(sa.Date)

    # Review workflow.
    status: Mapped[ProfileStatus] = mapped_column(
        enum_column(ProfileStatus), default=ProfileStatus.DRAFT, index=True
    )
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    reviewed_by_user_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    live_until: Mapped[datetime | None] = mapped_column(index=True)
    # The free text as an operator last approved it. Edits of a live profile's free text wait
    # for review (edits_submitted_at); companies read the approved text until then.
    approved_text: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    edits_submitted_at: Mapped[datetime | None]

    # Parsed structure of the latest resume, with the parser's version, for re-parsing.
    parsed: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class ResumeStatus(enum.StrEnum):
    READING = "reading"
    READY = "ready"
    FAILED = "failed"


class ResumeFile(RecordMixin, Base):
    """The candidate's current resume. Kept in the database so it commits with the profile."""

    __tablename__ = "resume_files"
    __table_args__ = (sa.Index("ix_resume_files_updated_at", "updated_at"),)

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), unique=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # Reading it (text, parse, filling the profile): "reading" until the task is done (on a
    # queue the upload answers first), then "ready", or "failed" with a message for the person.
    status: Mapped[ResumeStatus] = mapped_column(
        enum_column(ResumeStatus), default=ResumeStatus.READY, server_default="ready"
    )
    status_message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # The profile fields the read filled (the page's "Filled from it: ...").
    filled_fields: Mapped[list[str]] = mapped_column(JSONType, default=list)


class HiddenCompany(RecordMixin, Base):
    """A company (by name or web domain) that must never see this profile."""

    __tablename__ = "hidden_companies"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "key", name="uq_hidden_companies_profile_key"),
    )

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(253))
    key: Mapped[str] = mapped_column(sa.String(253), index=True)
