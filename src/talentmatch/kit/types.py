"""Column types shared by the models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """A moment, stored in UTC and read back with its zone on every database. SQLite keeps no
    zone: its driver wrote an aware value's wall-clock time (10:00+02:00 became 10:00) and read
    back naive values, which the API then served without their "Z"."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None or dialect.name != "sqlite" or value.tzinfo is None:
            return value
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


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
