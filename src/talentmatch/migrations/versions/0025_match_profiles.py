"""match profiles: the identity-blind profile the indexer built for each live candidate and
open job, and what it was built from (the row's and its resume's change stamps), so a match
request need not build it again; apart from match_vectors, whose HNSW index every update of a
row would have to re-insert on PostgreSQL

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_profiles",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("source_stamp", sa.String(length=80), nullable=False),
        sa.Column(
            "profile",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_profiles")),
        sa.UniqueConstraint("kind", "item_id", name="uq_match_profiles_kind_item"),
    )


def downgrade() -> None:
    op.drop_table("match_profiles")
