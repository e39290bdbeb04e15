from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin


class ProfileView(RecordMixin, Base):
    """A company opened a candidate's profile: at most one row per company, profile and hour."""

    __tablename__ = "profile_views"
    __table_args__ = (
        sa.UniqueConstraint(
            "profile_id", "company_id", "hour", name="uq_profile_views_profile_company_hour"
        ),
    )

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE")
    )
    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    hour: Mapped[datetime]  # the start of the hour of the view: the unit of deduplication
    viewed_at: Mapped[datetime]  # the first view in that hour
