"""the approved free text of live profiles, and edits waiting for review

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    with op.batch_alter_table("candidate_profiles") as batch:
        batch.add_column(sa.Column("approved_text", json_type, nullable=True))
        batch.add_column(sa.Column("edits_submitted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("candidate_profiles") as batch:
        batch.drop_column("edits_submitted_at")
        batch.drop_column("approved_text")
