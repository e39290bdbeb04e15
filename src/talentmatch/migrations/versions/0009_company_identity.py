"""company identity: past names and domains, operator exemptions, pending renames

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from talentmatch.kit.company_names import company_key

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "company_aliases",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=253), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_company_aliases_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_aliases")),
        sa.UniqueConstraint(
            "company_id", "kind", "value", name=op.f("uq_company_aliases_company_id")
        ),
    )
    op.create_index(op.f("ix_company_aliases_company_id"), "company_aliases", ["company_id"])
    op.create_table(
        "hide_exemptions",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=253), nullable=False),
        sa.Column("decided_by_user_id", sa.Uuid(), nullable=True),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_hide_exemptions_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_hide_exemptions_decided_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hide_exemptions")),
        sa.UniqueConstraint("company_id", "key", name=op.f("uq_hide_exemptions_company_id")),
    )
    op.create_index(op.f("ix_hide_exemptions_company_id"), "hide_exemptions", ["company_id"])
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    with op.batch_alter_table("companies") as batch:
        batch.add_column(sa.Column("pending_identity", json_type, nullable=True))
        batch.add_column(sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True))
    # Keys now fold look-alike characters ("Gl0bex" -> "globex"): recompute the stored ones.
    # Two entries of one profile may now share a key ("Coca-Cola", "coca-cola.com"): keep one.
    hidden = sa.table(
        "hidden_companies",
        sa.column("id", sa.Uuid()),
        sa.column("profile_id", sa.Uuid()),
        sa.column("label"),
        sa.column("key"),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(hidden.c.id, hidden.c.profile_id, hidden.c.label, hidden.c.key).order_by(
            hidden.c.profile_id, hidden.c.id
        )
    ).all()
    seen: set[tuple[object, str]] = set()
    for row_id, profile_id, label, key in rows:
        new_key = company_key(label) or key
        if (profile_id, new_key) in seen:
            conn.execute(sa.delete(hidden).where(hidden.c.id == row_id))
            continue
        seen.add((profile_id, new_key))
    # Free every key first, so that no update collides with a row not yet rewritten.
    for row_id, _profile_id, label, key in rows:
        new_key = company_key(label) or key
        if new_key != key:
            conn.execute(sa.update(hidden).where(hidden.c.id == row_id).values(key=f"~{row_id}"))
    for row_id, _profile_id, label, key in rows:
        new_key = company_key(label) or key
        if new_key != key:
            conn.execute(sa.update(hidden).where(hidden.c.id == row_id).values(key=new_key))


def downgrade() -> None:
    with op.batch_alter_table("companies") as batch:
        batch.drop_column("pending_since")
        batch.drop_column("pending_identity")
    op.drop_index(op.f("ix_hide_exemptions_company_id"), table_name="hide_exemptions")
    op.drop_table("hide_exemptions")
    op.drop_index(op.f("ix_company_aliases_company_id"), table_name="company_aliases")
    op.drop_table("company_aliases")
