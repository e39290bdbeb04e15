"""amounts: currencies and total compensation

Interview requests carry total compensation as Levels.fyi reports pay: the existing ``salary``
column is the yearly base (existing rows keep it as their base), with a target bonus in percent
of the base and equity valued per year with its vesting schedule; both are null where an
employer gave none (every existing row).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("interview_requests", sa.Column("bonus_percent", sa.Float(), nullable=True))
    op.add_column("interview_requests", sa.Column("equity_per_year", sa.Integer(), nullable=True))
    op.add_column(
        "interview_requests", sa.Column("equity_vesting", sa.String(length=200), nullable=True)
    )


def downgrade() -> None:
    # SQLite drops columns in place since 3.35 (no table rebuild).
    for column in ("equity_vesting", "equity_per_year", "bonus_percent"):
        op.drop_column("interview_requests", column)
