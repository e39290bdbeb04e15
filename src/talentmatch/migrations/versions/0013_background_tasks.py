"""background tasks: resume reading status, request reminders, the procrastinate queue schema

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 00:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("resume_files", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    "reading",
                    "ready",
                    "failed",
                    name="resumestatus",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                server_default="ready",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("status_message", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "filled_fields",
                sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql"),
                server_default="[]",
                nullable=False,
            )
        )
    with op.batch_alter_table("interview_requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_sent_at", sa.DateTime(timezone=True), nullable=True)
        )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _apply_queue_schema(bind)


def _apply_queue_schema(bind: sa.Connection) -> None:
    """procrastinate's tables and functions (the background-task queue of ``talentmatch
    worker``), in this transaction, unless a database already has them."""
    from procrastinate.schema import SchemaManager

    exists = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
    if exists is not None:
        return
    # The schema's SQL holds functions with '%' and several statements: straight to psycopg,
    # without parameters.
    driver = bind.connection.driver_connection
    assert driver is not None
    driver.execute(SchemaManager.get_schema())


def downgrade() -> None:
    with op.batch_alter_table("interview_requests", schema=None) as batch_op:
        batch_op.drop_column("reminder_sent_at")
    with op.batch_alter_table("resume_files", schema=None) as batch_op:
        batch_op.drop_column("filled_fields")
        batch_op.drop_column("status_message")
        batch_op.drop_column("status")
    # The queue's own schema stays: dropping it would lose queued work.
