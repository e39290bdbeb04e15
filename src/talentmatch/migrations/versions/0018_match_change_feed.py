"""the match index follows the database's change feed: triggers on profiles, resumes and jobs
(PostgreSQL: NOTIFY talentmatch_match_changes; SQLite: rows in match_changes)

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, kind, the column naming the profile or job)
WATCHED = (
    ("candidate_profiles", "candidate", "id"),
    ("resume_files", "candidate", "profile_id"),
    ("jobs", "job", "id"),
)
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION talentmatch_notify_match_change() RETURNS trigger AS $$
            DECLARE
                item text;
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    item := to_jsonb(OLD) ->> TG_ARGV[1];
                ELSE
                    item := to_jsonb(NEW) ->> TG_ARGV[1];
                END IF;
                PERFORM pg_notify('talentmatch_match_changes', TG_ARGV[0] || ':' || item);
                RETURN NULL;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        for table, kind, column in WATCHED:
            op.execute(
                f"CREATE TRIGGER {table}_match_change AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION talentmatch_notify_match_change('{kind}', '{column}')"
            )
        return
    op.create_table(
        "match_changes",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("item_id", sa.Uuid, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_match_changes_at", "match_changes", ["at"])
    for table, kind, column in WATCHED:
        for operation in OPERATIONS:
            row = "OLD" if operation == "DELETE" else "NEW"
            insert = "INSERT INTO match_changes (kind, item_id, at) VALUES "
            op.execute(
                f"CREATE TRIGGER {table}_match_change_{operation.lower()} "
                f"AFTER {operation} ON {table} FOR EACH ROW BEGIN "
                f"{insert}('{kind}', {row}.{column}, CURRENT_TIMESTAMP); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, _, _ in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_match_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS talentmatch_notify_match_change()")
        return
    for table, _, _ in WATCHED:
        for operation in OPERATIONS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_match_change_{operation.lower()}")
    op.drop_index("ix_match_changes_at", table_name="match_changes")
    op.drop_table("match_changes")
