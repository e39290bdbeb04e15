"""voluntary self-identification (a candidate's consented answers, apart from the profile) and
stored bias audits

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFER_NOT_TO_SAY = "prefer_not_to_say"
GENDERS = ("female", "male", "non_binary", PREFER_NOT_TO_SAY)
ETHNICITIES = (
    "hispanic_or_latino",
    "white",
    "black_or_african_american",
    "native_hawaiian_or_pacific_islander",
    "asian",
    "american_indian_or_alaska_native",
    "two_or_more_races",
    PREFER_NOT_TO_SAY,
)
AGE_BANDS = ("under_25", "25_34", "35_44", "45_54", "55_64", "65_plus", PREFER_NOT_TO_SAY)
DISABILITIES = ("yes", "no", PREFER_NOT_TO_SAY)


def _answer(name: str, values: Sequence[str]) -> sa.Column[str]:
    return sa.Column(
        name,
        sa.Enum(
            *values,
            name=f"self_id_{name.replace('_', '')}",
            native_enum=False,
            create_constraint=True,
            length=40,
        ),
        nullable=True,
    )


def upgrade() -> None:
    op.create_table(
        "self_identifications",
        sa.Column("profile_id", sa.Uuid(), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        _answer("gender", GENDERS),
        _answer("ethnicity", ETHNICITIES),
        _answer("age_band", AGE_BANDS),
        _answer("disability", DISABILITIES),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["candidate_profiles.id"],
            name=op.f("fk_self_identifications_profile_id_candidate_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_identifications")),
        sa.UniqueConstraint("profile_id", name=op.f("uq_self_identifications_profile_id")),
    )
    # Audits as they were run: group counts and rates, never a person.
    op.create_table(
        "bias_audits",
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=True),
        sa.Column("job_family", sa.String(length=200), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column(
            "report",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bias_audits")),
    )
    op.create_index("ix_bias_audits_created_at", "bias_audits", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_bias_audits_created_at", table_name="bias_audits")
    op.drop_table("bias_audits")
    op.drop_table("self_identifications")
