"""fair ranking calibrations: how far fair re-ranking lifts each group, measured over the open
jobs' lists for one ranking model (``talentmatch audit calibrate``)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fair_ranking_calibrations",
        sa.Column("attribute", sa.String(length=20), nullable=False),
        sa.Column("goal", sa.Float(), nullable=False),
        sa.Column("audited_places", sa.Integer(), nullable=False),
        sa.Column("lists", sa.Integer(), nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=True),
        sa.Column(
            "lifts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("lowest_ratio_before", sa.Float(), nullable=True),
        sa.Column("lowest_ratio_after", sa.Float(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fair_ranking_calibrations")),
    )
    op.create_index(
        op.f("ix_fair_ranking_calibrations_attribute"),
        "fair_ranking_calibrations",
        ["attribute"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_fair_ranking_calibrations_attribute"), table_name="fair_ranking_calibrations"
    )
    op.drop_table("fair_ranking_calibrations")
