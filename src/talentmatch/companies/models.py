from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType, enum_column


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"


class SizeBand(enum.StrEnum):
    """Headcount, in the bands job boards use (LinkedIn's)."""

    XS = "1-10"
    S = "11-50"
    M = "51-200"
    L = "201-500"
    XL = "501-1000"
    XXL = "1001-5000"
    XXXL = "5001+"


class VettingStatus(enum.StrEnum):
    """Whether an operator has checked the company is who it says it is: until then it can
    post jobs but not send interview requests."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Company(RecordMixin, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(sa.String(200))
    domain: Mapped[str | None] = mapped_column(sa.String(253))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    location: Mapped[str] = mapped_column(sa.String(200), default="")  # headquarters
    # The profile candidates read before answering a request (no photos: nothing to review).
    size_band: Mapped[SizeBand | None] = mapped_column(enum_column(SizeBand))
    locations: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default="[]")
    stack: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default="[]")
    benefits: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default="[]")
    # A rename or domain change of a company that has sent requests, waiting for an operator:
    # {"name": ..., "domain": ...} (only the parts that change).
    pending_identity: Mapped[dict[str, str | None] | None] = mapped_column(JSONType)
    pending_since: Mapped[datetime | None]


class CompanyAlias(RecordMixin, Base):
    """A name or web domain the company had before: hiding follows the company through its
    renames, not its current spelling."""

    __tablename__ = "company_aliases"
    __table_args__ = (sa.UniqueConstraint("company_id", "kind", "value"),)

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))  # "name" or "domain"
    value: Mapped[str] = mapped_column(sa.String(253))


class HideExemption(RecordMixin, Base):
    """An operator's word that a hidden-company key resembles this company but does not name
    it, so candidates who hid that key stay visible to it."""

    __tablename__ = "hide_exemptions"
    __table_args__ = (sa.UniqueConstraint("company_id", "key"),)

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(253))
    decided_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class CompanyMember(RecordMixin, Base):
    __tablename__ = "company_members"

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    # An employer account belongs to exactly one company.
    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole))


class Invitation(RecordMixin, Base):
    __tablename__ = "invitations"

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(320))
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]


class VettingDecision(RecordMixin, Base):
    """An operator's decision on a company, kept in full (the latest one counts; a company
    without any is pending). ``created_at`` is when it was decided."""

    __tablename__ = "company_vetting_decisions"
    __table_args__ = (sa.Index(None, "company_id", "created_at"),)

    company_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("companies.id", ondelete="CASCADE"))
    status: Mapped[VettingStatus] = mapped_column(enum_column(VettingStatus))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
