"""company vetting: an operator's decisions on companies (a company without one is pending and
cannot send interview requests); companies that exist already are approved

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Why the companies that were already there got an approval, for whoever reads the history.
GRANDFATHERED = "approved when vetting began: the company was already on talentmatch"


def upgrade() -> None:
    # A table of its own (no column on companies): no table rebuild on SQLite, and every
    # decision is kept.
    decisions = op.create_table(
        "company_vetting_decisions",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "rejected",
                name="vettingstatus",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_user_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_company_vetting_decisions_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_company_vetting_decisions_decided_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_vetting_decisions")),
    )
    op.create_index(
        op.f("ix_company_vetting_decisions_company_id"),
        "company_vetting_decisions",
        ["company_id", "created_at"],
        unique=False,
    )
    companies = sa.table("companies", sa.column("id", sa.Uuid()))
    existing = op.get_bind().scalars(sa.select(companies.c.id)).all()
    if existing:
        now = datetime.now(UTC)
        op.bulk_insert(
            decisions,
            [
                {
                    "id": uuid.uuid4(),
                    "company_id": company_id,
                    "status": "approved",
                    "reason": GRANDFATHERED,
                    "decided_by_user_id": None,
                    "created_at": now,
                    "updated_at": now,
                }
                for company_id in existing
            ],
        )


def downgrade() -> None:
    # Going back forgets every decision, and coming forward again would approve every company,
    # rejected and pending ones too: refused once an operator has decided anything.
    decided = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM company_vetting_decisions WHERE decided_by_user_id IS NOT NULL"
        )
    )
    if decided:
        raise RuntimeError(
            f"{decided} vetting decision(s) by operators would be lost: downgrading past 0021 "
            "would approve every company on the way back up"
        )
    op.drop_index(
        op.f("ix_company_vetting_decisions_company_id"), table_name="company_vetting_decisions"
    )
    op.drop_table("company_vetting_decisions")
