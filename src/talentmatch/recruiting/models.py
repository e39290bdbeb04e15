"""A company's private recruiting records. Each row belongs to one company and is read only by
its members; rows about a candidate go with the candidate's profile (``ON DELETE CASCADE``,
which erasure follows)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.interviews.models import HiringStage
from talentmatch.kit.types import JSONType, enum_column


class Shortlist(RecordMixin, Base):
    __tablename__ = "shortlists"
    __table_args__ = (sa.UniqueConstraint("company_id", "name", name="uq_shortlists_company_name"),)

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))


class ShortlistEntry(RecordMixin, Base):
    __tablename__ = "shortlist_entries"
    __table_args__ = (
        sa.UniqueConstraint("shortlist_id", "profile_id", name="uq_shortlist_entries_profile"),
    )

    shortlist_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("shortlists.id", ondelete="CASCADE"), index=True
    )
    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    added_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class CandidateNote(RecordMixin, Base):
    __tablename__ = "candidate_notes"
    __table_args__ = (sa.Index("ix_candidate_notes_company_profile", "company_id", "profile_id"),)

    company_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("companies.id", ondelete="CASCADE"))
    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(sa.Text)


class SavedSearch(RecordMixin, Base):
    __tablename__ = "saved_searches"

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    # Who gets the alerts.
    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    filters: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    alerts: Mapped[bool] = mapped_column(default=True)


class SearchAlert(RecordMixin, Base):
    """A candidate a saved search was alerted about: at most once each."""

    __tablename__ = "search_alerts"
    __table_args__ = (
        sa.UniqueConstraint("saved_search_id", "profile_id", name="uq_search_alerts_profile"),
    )

    saved_search_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("saved_searches.id", ondelete="CASCADE")
    )
    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )


class Scorecard(RecordMixin, Base):
    """One company member's rating of a candidate at one stage of a request."""

    __tablename__ = "scorecards"
    __table_args__ = (
        sa.UniqueConstraint(
            "request_id", "stage", "author_user_id", name="uq_scorecards_request_stage_author"
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name="rating_range"),
    )

    request_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("interview_requests.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[HiringStage] = mapped_column(enum_column(HiringStage))
    author_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # 1 strong no, 2 no, 3 yes, 4 strong yes.
    rating: Mapped[int]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
