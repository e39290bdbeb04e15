"""Who turned fair re-ranking on, for which attribute: per company, and for the platform."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType

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


class FairRankingCalibration(RecordMixin, Base):
    """How far fair re-ranking lifts each group, measured over the open jobs' lists
    (``talentmatch audit calibrate``): ``lifts`` maps a group to the share of its pool share it
    is held to in a list's first places (1: all of it); a group not in it is left to the model.
    Valid for the ranking model it was measured with only (``model_version``, NULL: the
    transparent scorer); the latest row per attribute is the one in use."""

    __tablename__ = "fair_ranking_calibrations"

    attribute: Mapped[str] = mapped_column(sa.String(20), index=True)
    goal: Mapped[float] = mapped_column(sa.Float)
    audited_places: Mapped[int] = mapped_column(sa.Integer)
    lists: Mapped[int] = mapped_column(sa.Integer)
    # The most open jobs it could sample (``--max-lists``; NULL: the default), which a
    # recalibration keeps.
    max_lists: Mapped[int | None] = mapped_column(sa.Integer)
    model_version: Mapped[int | None] = mapped_column(sa.Integer)
    lifts: Mapped[dict[str, float]] = mapped_column(JSONType)
    # The lowest impact ratio of being shown, before and after the lifts, over the same lists.
    lowest_ratio_before: Mapped[float | None] = mapped_column(sa.Float)
    lowest_ratio_after: Mapped[float | None] = mapped_column(sa.Float)
