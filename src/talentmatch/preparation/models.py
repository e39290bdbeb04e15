from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType


class PracticeCard(RecordMixin, Base):
    """A candidate's memory of one bank question: when to ask it again (FSRS state)."""

    __tablename__ = "practice_cards"
    __table_args__ = (sa.UniqueConstraint("profile_id", "question_id"),)

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(sa.String(40))
    state: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    due: Mapped[datetime] = mapped_column(index=True)
    reviews: Mapped[int] = mapped_column(default=0)
    last_rating: Mapped[str] = mapped_column(sa.String(10))


class PracticeReview(RecordMixin, Base):
    """One self-rated answer, kept for the candidate's progress over time."""

    __tablename__ = "practice_reviews"

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(sa.String(40))
    rating: Mapped[str] = mapped_column(sa.String(10))
