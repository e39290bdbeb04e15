"""Who turned fair re-ranking on, for which attribute: per company, and for the platform."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin

# The platform's option is one row, always under this key.
PLATFORM_ROW = uuid.UUID(int=1)


class CompanyFairRanking(RecordMixin, Base):
    """A company's option: its job lists re-ranked by ``attribute`` (NULL: off)."""

    __tablename__ = "company_fair_ranking"

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), unique=True
    )
    attribute: Mapped[str | None] = mapped_column(sa.String(20))
    set_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class PlatformFairRanking(RecordMixin, Base):
    """The operator's option for every company's job lists (NULL: off); it comes before a
    company's own."""

    __tablename__ = "platform_fair_ranking"

    attribute: Mapped[str | None] = mapped_column(sa.String(20))
    set_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
