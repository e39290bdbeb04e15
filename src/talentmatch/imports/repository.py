"""The import ledger, and what imports look up before they write."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.companies.models import Company
from talentmatch.imports.models import ImportRecord
from talentmatch.kit.queries import chunked


class CompanyName(NamedTuple):
    id: uuid.UUID
    name: str


class ImportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def imported_keys(self, kind: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` an import of ``kind`` has already written."""
        found: set[str] = set()
        for chunk in chunked(list(keys)):
            found.update(
                self.session.scalars(
                    sa.select(ImportRecord.key).where(
                        ImportRecord.kind == kind, ImportRecord.key.in_(chunk)
                    )
                )
            )
        return found

    def company_names_oldest_first(self) -> list[CompanyName]:
        """Every company's id and name, oldest first: a job import matches its lines' company
        names against them once per run."""
        rows = self.session.execute(
            sa.select(Company.id, Company.name).order_by(Company.created_at)
        )
        return [CompanyName(company_id, name) for company_id, name in rows]
