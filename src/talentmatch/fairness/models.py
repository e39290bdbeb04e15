"""Voluntary self-identification: kept apart from the profile, read only by the bias audits.

Nothing that ranks, scores or shows a profile to a company or an operator reads this table;
the person reads and changes their own answers, and the audits count them in groups.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType

PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Ethnicity(enum.StrEnum):
    """The EEO-1 race/ethnicity categories, which New York City's Local Law 144 audits use."""

    HISPANIC_OR_LATINO = "hispanic_or_latino"
    WHITE = "white"
    BLACK_OR_AFRICAN_AMERICAN = "black_or_african_american"
    NATIVE_HAWAIIAN_OR_PACIFIC_ISLANDER = "native_hawaiian_or_pacific_islander"
    ASIAN = "asian"
    AMERICAN_INDIAN_OR_ALASKA_NATIVE = "american_indian_or_alaska_native"
    TWO_OR_MORE_RACES = "two_or_more_races"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class AgeBand(enum.StrEnum):
    UNDER_25 = "under_25"
    FROM_25_TO_34 = "25_34"
    FROM_35_TO_44 = "35_44"
    FROM_45_TO_54 = "45_54"
    FROM_55_TO_64 = "55_64"
    FROM_65 = "65_plus"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


class Disability(enum.StrEnum):
    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY


# The attributes a person may answer, by the name the audits and re-ranking use.
ATTRIBUTES: dict[str, type[enum.StrEnum]] = {
    "gender": Gender,
    "ethnicity": Ethnicity,
    "age_band": AgeBand,
    "disability": Disability,
}


# How the audits name each group: short labels in the answers' order ("Under 25" before
# "25-34"), for the audit page, its charts, the printed report and the command's tables.
GROUP_LABELS: dict[str, str] = {
    Gender.FEMALE: "Female",
    Gender.MALE: "Male",
    Gender.NON_BINARY: "Non-binary",
    Ethnicity.HISPANIC_OR_LATINO: "Hispanic or Latino",
    Ethnicity.WHITE: "White",
    Ethnicity.BLACK_OR_AFRICAN_AMERICAN: "Black or African American",
    Ethnicity.NATIVE_HAWAIIAN_OR_PACIFIC_ISLANDER: "Native Hawaiian or Pacific Islander",
    Ethnicity.ASIAN: "Asian",
    Ethnicity.AMERICAN_INDIAN_OR_ALASKA_NATIVE: "American Indian or Alaska Native",
    Ethnicity.TWO_OR_MORE_RACES: "Two or more races",
    AgeBand.UNDER_25: "Under 25",
    AgeBand.FROM_25_TO_34: "25-34",
    AgeBand.FROM_35_TO_44: "35-44",
    AgeBand.FROM_45_TO_54: "45-54",
    AgeBand.FROM_55_TO_64: "55-64",
    AgeBand.FROM_65: "65 and over",
    "unknown": "Unknown",
}
_DISABILITY_LABELS: dict[str, str] = {
    Disability.YES: "With a disability",
    Disability.NO: "No disability",
}


def group_label(attribute: str, group: str) -> str:
    """A group's label ("female / white" -> "Female / White")."""
    labels = {**GROUP_LABELS, **_DISABILITY_LABELS} if attribute == "disability" else GROUP_LABELS
    return " / ".join(labels.get(part, part) for part in group.split(" / "))


_ORDER = {
    code: n
    for n, code in enumerate(
        [*(c for c in GROUP_LABELS if c != "unknown"), *_DISABILITY_LABELS, "unknown"]
    )
}


def group_order(group: str) -> tuple[int, ...]:
    """Where a group sorts: in the answers' order, "unknown" last."""
    return tuple(_ORDER.get(part, len(_ORDER)) for part in group.split(" / "))


def _answer_column(enum_class: type[enum.StrEnum]) -> sa.Enum:
    """A VARCHAR with a CHECK constraint over the values (longer than ``enum_column``'s 24)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        name=f"self_id_{enum_class.__name__.lower()}",
    )


class SelfIdentification(RecordMixin, Base):
    """One candidate's answers, given with consent; withdrawing consent deletes the row.

    A question left unanswered is NULL (the audits count it as "unknown", like an explicit
    "prefer not to say").
    """

    __tablename__ = "self_identifications"

    profile_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("candidate_profiles.id", ondelete="CASCADE"), unique=True
    )
    consented_at: Mapped[datetime]
    gender: Mapped[Gender | None] = mapped_column(_answer_column(Gender))
    ethnicity: Mapped[Ethnicity | None] = mapped_column(_answer_column(Ethnicity))
    age_band: Mapped[AgeBand | None] = mapped_column(_answer_column(AgeBand))
    disability: Mapped[Disability | None] = mapped_column(_answer_column(Disability))


class BiasAuditRecord(RecordMixin, Base):
    """A bias audit as it was run (group counts and rates only, never a person): the operator
    page shows the latest, and they can be compared over time and between models."""

    __tablename__ = "bias_audits"
    __table_args__ = (sa.Index("ix_bias_audits_created_at", "created_at"),)

    model: Mapped[str] = mapped_column(sa.String(200))
    model_version: Mapped[int | None]
    job_family: Mapped[str | None] = mapped_column(sa.String(200))
    since: Mapped[date | None]
    k: Mapped[int]
    report: Mapped[dict[str, Any]] = mapped_column(JSONType)
