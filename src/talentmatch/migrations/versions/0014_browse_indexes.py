"""indexes for browsing a large marketplace: open jobs newest first, live profiles by update

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A page of the job board or of the candidate pool walks one of these in order and stops
    # after offset + limit rows; without them every page sorted all 100,000 rows (~300 ms).
    op.create_index("ix_jobs_status_created_at", "jobs", ["status", "created_at", "id"])
    op.create_index(
        "ix_candidate_profiles_status_updated_at",
        "candidate_profiles",
        ["status", "updated_at", "id"],
    )
    # Counting the live pool reads this index alone.
    op.create_index(
        "ix_candidate_profiles_status_live_until", "candidate_profiles", ["status", "live_until"]
    )


def downgrade() -> None:
    op.drop_index("ix_candidate_profiles_status_live_until", table_name="candidate_profiles")
    op.drop_index("ix_candidate_profiles_status_updated_at", table_name="candidate_profiles")
    op.drop_index("ix_jobs_status_created_at", table_name="jobs")
