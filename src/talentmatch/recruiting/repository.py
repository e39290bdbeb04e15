from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.interviews.models import HiringStage
from talentmatch.recruiting.models import (
    CandidateNote,
    SavedSearch,
    Scorecard,
    SearchAlert,
    Shortlist,
    ShortlistEntry,
)


class ShortlistName(NamedTuple):
    """A profile and the name of one shortlist holding it."""

    profile_id: uuid.UUID
    name: str


class ShortlistRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, shortlist_id: uuid.UUID) -> Shortlist | None:
        return self.session.get(Shortlist, shortlist_id)

    def for_company(self, company_id: uuid.UUID) -> Sequence[Shortlist]:
        return self.session.scalars(
            sa.select(Shortlist).where(Shortlist.company_id == company_id).order_by(Shortlist.name)
        ).all()

    def name_taken(self, company_id: uuid.UUID, name: str) -> bool:
        taken = self.session.scalar(
            sa.select(Shortlist.id).where(
                Shortlist.company_id == company_id, Shortlist.name == name
            )
        )
        return taken is not None

    def has_entry(self, shortlist_id: uuid.UUID, profile_id: uuid.UUID) -> bool:
        found = self.session.scalar(
            sa.select(ShortlistEntry.id).where(
                ShortlistEntry.shortlist_id == shortlist_id, ShortlistEntry.profile_id == profile_id
            )
        )
        return found is not None

    def profile_ids(self, shortlist_id: uuid.UUID) -> list[uuid.UUID]:
        """The shortlist's profiles in the order they were added."""
        return list(
            self.session.scalars(
                sa.select(ShortlistEntry.profile_id)
                .where(ShortlistEntry.shortlist_id == shortlist_id)
                .order_by(ShortlistEntry.created_at)
            )
        )

    def names_holding(
        self, company_id: uuid.UUID, profile_ids: Sequence[uuid.UUID]
    ) -> list[ShortlistName]:
        """Which of the company's shortlists hold each of ``profile_ids``, by shortlist name."""
        rows = self.session.execute(
            sa.select(ShortlistEntry.profile_id, Shortlist.name)
            .join(Shortlist, Shortlist.id == ShortlistEntry.shortlist_id)
            .where(Shortlist.company_id == company_id, ShortlistEntry.profile_id.in_(profile_ids))
            .order_by(Shortlist.name)
        )
        return [ShortlistName(profile_id, name) for profile_id, name in rows]

    def delete_entries(self, shortlist_id: uuid.UUID) -> None:
        self.session.execute(
            sa.delete(ShortlistEntry).where(ShortlistEntry.shortlist_id == shortlist_id)
        )

    def delete_entry(self, shortlist_id: uuid.UUID, profile_id: uuid.UUID) -> None:
        self.session.execute(
            sa.delete(ShortlistEntry).where(
                ShortlistEntry.shortlist_id == shortlist_id, ShortlistEntry.profile_id == profile_id
            )
        )


class NoteRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_profile(self, company_id: uuid.UUID, profile_id: uuid.UUID) -> list[CandidateNote]:
        """The company's notes on one candidate, oldest first."""
        return list(
            self.session.scalars(
                sa.select(CandidateNote)
                .where(
                    CandidateNote.company_id == company_id, CandidateNote.profile_id == profile_id
                )
                .order_by(CandidateNote.created_at)
            )
        )

    def for_profiles(
        self, company_id: uuid.UUID, profile_ids: Sequence[uuid.UUID]
    ) -> list[CandidateNote]:
        """The company's notes on any of ``profile_ids``, oldest first."""
        return list(
            self.session.scalars(
                sa.select(CandidateNote)
                .where(
                    CandidateNote.company_id == company_id,
                    CandidateNote.profile_id.in_(profile_ids),
                )
                .order_by(CandidateNote.created_at)
            )
        )


class SavedSearchRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, search_id: uuid.UUID) -> SavedSearch | None:
        return self.session.get(SavedSearch, search_id)

    def name_taken(self, company_id: uuid.UUID, name: str) -> bool:
        taken = self.session.scalar(
            sa.select(SavedSearch.id).where(
                SavedSearch.company_id == company_id,
                sa.func.lower(SavedSearch.name) == name.lower(),
            )
        )
        return taken is not None

    def for_company(self, company_id: uuid.UUID) -> Sequence[SavedSearch]:
        return self.session.scalars(
            sa.select(SavedSearch)
            .where(SavedSearch.company_id == company_id)
            .order_by(SavedSearch.created_at)
        ).all()

    def with_alerts(self) -> Sequence[SavedSearch]:
        return self.session.scalars(
            sa.select(SavedSearch).where(SavedSearch.alerts.is_(True))
        ).all()

    def matching_ids(self, query: sa.Select[CandidateProfile]) -> list[uuid.UUID]:
        """The ids of the profiles ``query`` (a pool search) returns."""
        return list(self.session.scalars(query.with_only_columns(CandidateProfile.id)))

    def not_alerted(
        self, search_id: uuid.UUID, query: sa.Select[CandidateProfile], limit: int
    ) -> list[CandidateProfile]:
        """Up to ``limit`` profiles ``query`` returns that the search never alerted about."""
        query = query.where(
            ~sa.exists().where(
                SearchAlert.saved_search_id == search_id,
                SearchAlert.profile_id == CandidateProfile.id,
            )
        )
        return list(self.session.scalars(query.limit(limit)))

    def delete_alerts(self, search_id: uuid.UUID) -> None:
        self.session.execute(sa.delete(SearchAlert).where(SearchAlert.saved_search_id == search_id))


class ScorecardRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_request(self, request_id: uuid.UUID) -> list[Scorecard]:
        return list(
            self.session.scalars(
                sa.select(Scorecard)
                .where(Scorecard.request_id == request_id)
                .order_by(Scorecard.stage, Scorecard.created_at)
            )
        )

    def by_author(
        self, request_id: uuid.UUID, stage: HiringStage, author_user_id: uuid.UUID
    ) -> Scorecard | None:
        return self.session.scalar(
            sa.select(Scorecard).where(
                Scorecard.request_id == request_id,
                Scorecard.stage == stage,
                Scorecard.author_user_id == author_user_id,
            )
        )
