from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import enum_column


class RequestStatus(enum.StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class HiringStage(enum.StrEnum):
    """Where an accepted request stands in the company's interview loop."""

    SCREENING = "screening"
    TECHNICAL = "technical"
    ONSITE = "onsite"
    OFFER = "offer"
    HIRED = "hired"
    NOT_SELECTED = "not_selected"


OPEN_REQUEST_STATUSES = (RequestStatus.SENT, RequestStatus.ACCEPTED)


class InterviewRequest(RecordMixin, Base):
    __tablename__ = "interview_requests"
    __table_args__ = (
        sa.CheckConstraint("salary > 0", name="salary_positive"),
        # One open request per job and candidate, even under concurrent sends.
        sa.Index(
            "uq_interview_requests_open_job_candidate",
            "job_id",
            "candidate_profile_id",
            unique=True,
            sqlite_where=sa.text("status IN ('sent', 'accepted')"),
            postgresql_where=sa.text("status IN ('sent', 'accepted')"),
        ),
    )

    job_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("jobs.id", ondelete="CASCADE"), index=True
    )
    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    candidate_profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    sender_user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    # Total compensation as Levels.fyi reports pay: the yearly base (``salary``), a target
    # bonus in percent of the base, equity valued per year with its vesting schedule.
    salary: Mapped[int]
    currency: Mapped[str] = mapped_column(sa.String(3))
    bonus_percent: Mapped[float | None]
    equity_per_year: Mapped[int | None]
    equity_vesting: Mapped[str | None] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.SENT, index=True
    )
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    stage: Mapped[HiringStage | None] = mapped_column(enum_column(HiringStage))
    expires_at: Mapped[datetime] = mapped_column(index=True)
    responded_at: Mapped[datetime | None]
    # When the candidate was reminded that the request is about to expire (once).
    reminder_sent_at: Mapped[datetime | None]


class RequestEvent(RecordMixin, Base):
    """One line of a request's history, visible to both sides."""

    __tablename__ = "request_events"

    request_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("interview_requests.id", ondelete="CASCADE"), index=True
    )
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[str] = mapped_column(sa.Text, default="")


class Message(RecordMixin, Base):
    __tablename__ = "messages"

    request_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("interview_requests.id", ondelete="CASCADE"), index=True
    )
    sender_user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)


class SlotStatus(enum.StrEnum):
    PROPOSED = "proposed"
    PICKED = "picked"
    # Another slot of the same proposal was picked, or the employer proposed new times.
    CLOSED = "closed"


class InterviewSlot(RecordMixin, Base):
    """A time the employer proposes for an interview; the candidate picks one of them.

    Times are stored in UTC; ``timezone`` is the IANA zone the employer proposed them in."""

    __tablename__ = "interview_slots"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="slot_ends_after_start"),)

    request_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("interview_requests.id", ondelete="CASCADE"), index=True
    )
    proposed_by_user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    # The hiring stage the interview is for (the request's stage when it was proposed).
    stage: Mapped[HiringStage | None] = mapped_column(enum_column(HiringStage))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[SlotStatus] = mapped_column(enum_column(SlotStatus), default=SlotStatus.PROPOSED)
    picked_at: Mapped[datetime | None]


class OfferStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class Offer(RecordMixin, Base):
    """A job offer at the Offer stage: yearly pay as ``Compensation`` describes it, a start
    date and an expiry; the candidate accepts or declines it."""

    __tablename__ = "offers"
    __table_args__ = (
        sa.CheckConstraint("base > 0", name="base_positive"),
        # One live offer per request, even under concurrent sends.
        sa.Index(
            "uq_offers_open_request",
            "request_id",
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        ),
    )

    request_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("interview_requests.id", ondelete="CASCADE"), index=True
    )
    created_by_user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    base: Mapped[int]
    currency: Mapped[str] = mapped_column(sa.String(3))
    bonus_percent: Mapped[float | None]
    equity_per_year: Mapped[int | None]
    equity_vesting: Mapped[str | None] = mapped_column(sa.String(200))
    start_date: Mapped[date]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[OfferStatus] = mapped_column(
        enum_column(OfferStatus), default=OfferStatus.OPEN, index=True
    )
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    responded_at: Mapped[datetime | None]
