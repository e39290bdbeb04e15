from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin
from talentmatch.kit.types import JSONType, enum_column
from talentmatch.ml.seniority import JOB_LEVELS


class JobStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Seniority(enum.StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"
    PRINCIPAL = "principal"
    LEAD = "lead"


# The values are stored: they are the seniority vocabulary's job levels, in its order, and a
# change to either must be made to both (and migrated).
if tuple(Seniority) != JOB_LEVELS:
    raise RuntimeError(f"Seniority {tuple(Seniority)} is not the vocabulary's {JOB_LEVELS}")


class RemotePolicy(enum.StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class Job(RecordMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        sa.CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name="salary_band",
        ),
        sa.Index("ix_jobs_updated_at", "updated_at"),  # the match indexer's change scan
        sa.Index("ix_jobs_status_created_at", "status", "created_at", "id"),  # the job board
    )

    company_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("companies.id", ondelete="CASCADE"), index=True
    )
    created_by_user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    required_skills: Mapped[list[str]] = mapped_column(JSONType, default=list)
    nice_to_have_skills: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # The company's interview loop in order ("Recruiter screen", "Live coding", ...); empty
    # means the usual loop for the role.
    interview_stages: Mapped[list[str]] = mapped_column(JSONType, default=list)
    seniority: Mapped[Seniority | None] = mapped_column(enum_column(Seniority))
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="")
    remote_policy: Mapped[RemotePolicy] = mapped_column(
        enum_column(RemotePolicy), default=RemotePolicy.ONSITE
    )
    salary_min: Mapped[int | None]
    salary_max: Mapped[int | None]
    currency: Mapped[str] = mapped_column(sa.String(3), default="USD")
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus), default=JobStatus.DRAFT, index=True
    )
    closed_at: Mapped[datetime | None]
    parsed: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
