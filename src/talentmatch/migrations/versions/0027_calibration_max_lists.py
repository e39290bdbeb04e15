"""fair ranking calibrations remember how many open jobs they were allowed to sample
(``--max-lists``), so that a recalibration samples as many

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rows calibrated before this read as the default sample (NULL).
    with op.batch_alter_table("fair_ranking_calibrations") as batch:
        batch.add_column(sa.Column("max_lists", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fair_ranking_calibrations") as batch:
        batch.drop_column("max_lists")
