"""fair re-ranking: a company's option and the platform's

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "company_fair_ranking",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("attribute", sa.String(length=20), nullable=True),
        sa.Column("set_by_user_id", sa.Uuid(), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_company_fair_ranking_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_user_id"],
            ["users.id"],
            name=op.f("fk_company_fair_ranking_set_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_fair_ranking")),
        sa.UniqueConstraint("company_id", name=op.f("uq_company_fair_ranking_company_id")),
    )
    op.create_table(
        "platform_fair_ranking",
        sa.Column("attribute", sa.String(length=20), nullable=True),
        sa.Column("set_by_user_id", sa.Uuid(), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["set_by_user_id"],
            ["users.id"],
            name=op.f("fk_platform_fair_ranking_set_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_fair_ranking")),
    )


def downgrade() -> None:
    op.drop_table("platform_fair_ranking")
    op.drop_table("company_fair_ranking")
