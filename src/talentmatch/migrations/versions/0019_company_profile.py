"""company profile for candidates: size band, office locations, stack, benefits

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SIZE_BANDS = ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+")


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    # Batch mode: SQLite cannot add a CHECK constraint to an existing table in place.
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "size_band",
                sa.Enum(
                    *SIZE_BANDS,
                    name="sizeband",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                nullable=True,
            )
        )
        for column in ("locations", "stack", "benefits"):
            batch_op.add_column(
                sa.Column(column, json_type, nullable=False, server_default=sa.text("'[]'"))
            )


def downgrade() -> None:
    with op.batch_alter_table("companies", schema=None) as batch_op:
        # SQLite's copy of the table would keep the check of a column it no longer has.
        batch_op.drop_constraint(op.f("ck_companies_sizeband"), type_="check")
        batch_op.drop_column("benefits")
        batch_op.drop_column("stack")
        batch_op.drop_column("locations")
        batch_op.drop_column("size_band")
