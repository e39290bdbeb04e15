from __future__ import annotations

import enum
import uuid
from datetime import datetime

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
