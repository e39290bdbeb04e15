"""indexes for the match indexer's change scan

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Without these, the once-a-second "what changed since" scan reads whole tables.
    op.create_index("ix_candidate_profiles_updated_at", "candidate_profiles", ["updated_at"])
    op.create_index("ix_resume_files_updated_at", "resume_files", ["updated_at"])
    op.create_index("ix_jobs_updated_at", "jobs", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_jobs_updated_at", table_name="jobs")
    op.drop_index("ix_resume_files_updated_at", table_name="resume_files")
    op.drop_index("ix_candidate_profiles_updated_at", table_name="candidate_profiles")
