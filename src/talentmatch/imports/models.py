from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin


class ImportRecord(RecordMixin, Base):
    """One item a bulk import wrote, committed in the same transaction as the item: a re-run
    skips what has a record, so an import that stopped half-way resumes where it stopped.

    ``key`` is the resume file's SHA-256 or the job's external id (or the hash of its line).
    Deliberately no foreign key: when a person erases their account the record stays (a hash,
    no personal data), so importing the same folder again does not bring the account back."""

    __tablename__ = "import_records"
    __table_args__ = (sa.UniqueConstraint("kind", "key", name="uq_import_records_kind_key"),)

    kind: Mapped[str] = mapped_column(sa.String(10))  # "resume" or "job"
    key: Mapped[str] = mapped_column(sa.String(300))
    # The candidate profile or job written (it may have been deleted since).
    item_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
