from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin


class RoadmapProgress(RecordMixin, Base):
    """A roadmap step the candidate marked done (steps whose skill they now hold are done
    anyway)."""

    __tablename__ = "roadmap_progress"
    __table_args__ = (sa.UniqueConstraint("profile_id", "role_id", "skill_id"),)

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[str] = mapped_column(sa.String(60))
    skill_id: Mapped[str] = mapped_column(sa.String(120))
