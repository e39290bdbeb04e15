"""scheduling and offers: interview slots the employer proposes and the candidate picks, job
offers with an expiry, and an attachment (the iCalendar invite) on outbox e-mails

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGES = ("screening", "technical", "onsite", "offer", "hired", "not_selected")
OPEN_OFFER = sa.text("status = 'open'")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def _record_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "interview_slots",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("proposed_by_user_id", sa.Uuid(), nullable=False),
        sa.Column("stage", _enum("hiringstage", *STAGES), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("status", _enum("slotstatus", "proposed", "picked", "closed"), nullable=False),
        sa.Column("picked_at", sa.DateTime(timezone=True), nullable=True),
        *_record_columns(),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_interview_slots_slot_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["interview_requests.id"],
            name=op.f("fk_interview_slots_request_id_interview_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_user_id"],
            ["users.id"],
            name=op.f("fk_interview_slots_proposed_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_slots")),
    )
    op.create_index(
        op.f("ix_interview_slots_request_id"), "interview_slots", ["request_id"], unique=False
    )

    op.create_table(
        "offers",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("created_by_user_id", sa.Uuid(), nullable=False),
        sa.Column("base", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("bonus_percent", sa.Double(), nullable=True),
        sa.Column("equity_per_year", sa.Integer(), nullable=True),
        sa.Column("equity_vesting", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            _enum("offerstatus", "open", "accepted", "declined", "withdrawn", "expired"),
            nullable=False,
        ),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        *_record_columns(),
        sa.CheckConstraint("base > 0", name=op.f("ck_offers_base_positive")),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["interview_requests.id"],
            name=op.f("fk_offers_request_id_interview_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"], ["users.id"], name=op.f("fk_offers_created_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    op.create_index(op.f("ix_offers_request_id"), "offers", ["request_id"], unique=False)
    op.create_index(op.f("ix_offers_expires_at"), "offers", ["expires_at"], unique=False)
    op.create_index(op.f("ix_offers_status"), "offers", ["status"], unique=False)
    op.create_index(
        "uq_offers_open_request",
        "offers",
        ["request_id"],
        unique=True,
        sqlite_where=OPEN_OFFER,
        postgresql_where=OPEN_OFFER,
    )

    # Existing e-mails have no attachment.
    for column, type_ in (
        ("attachment_name", sa.String(length=200)),
        ("attachment_type", sa.String(length=100)),
        ("attachment", sa.Text()),
    ):
        op.add_column(
            "outbox_emails",
            sa.Column(column, type_, nullable=False, server_default=sa.text("''")),
        )


def downgrade() -> None:
    # SQLite drops columns in place since 3.35 (no table rebuild).
    for column in ("attachment", "attachment_type", "attachment_name"):
        op.drop_column("outbox_emails", column)
    op.drop_index("uq_offers_open_request", table_name="offers")
    op.drop_table("offers")
    op.drop_table("interview_slots")
