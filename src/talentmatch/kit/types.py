"""Column types shared by the models."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def enum_column(enum_class: type[enum.StrEnum]) -> sa.Enum:
    """A portable enum: a VARCHAR with a CHECK constraint, storing the values."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        name=enum_class.__name__.lower(),
    )
