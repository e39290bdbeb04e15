"""The employer tools' API: a company's shortlists, notes, saved searches and scorecards,
read and written by its members only (others get 404, as if nothing were there)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from talentmatch.accounts.dependencies import Employer
from talentmatch.deps import SessionDep
from talentmatch.recruiting import service
from talentmatch.recruiting.schemas import (
    NoteCreate,
    NotePublic,
    SavedSearchCreate,
    SavedSearchPublic,
    ScorecardCreate,
    ScorecardPublic,
    ShortlistAdd,
    ShortlistCreate,
    ShortlistDetail,
    ShortlistPublic,
)

router = APIRouter(prefix="/api", tags=["employer tools"])


@router.get("/shortlists")
def list_shortlists(employer: Employer, session: SessionDep) -> list[ShortlistPublic]:
    return service.shortlists(session, employer.company_id)


@router.post("/shortlists", status_code=status.HTTP_201_CREATED)
def create_shortlist(
    body: ShortlistCreate, employer: Employer, session: SessionDep
) -> ShortlistPublic:
    return ShortlistPublic.model_validate(
        service.create_shortlist(session, employer.company_id, body.name)
    )


@router.get("/shortlists/{shortlist_id}")
def get_shortlist(
    shortlist_id: uuid.UUID, employer: Employer, session: SessionDep
) -> ShortlistDetail:
    return service.shortlist_detail(session, employer.company_id, shortlist_id)


@router.delete("/shortlists/{shortlist_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_shortlist(shortlist_id: uuid.UUID, employer: Employer, session: SessionDep) -> None:
    service.delete_shortlist(session, employer.company_id, shortlist_id)


@router.post("/shortlists/{shortlist_id}/candidates", status_code=status.HTTP_204_NO_CONTENT)
def add_to_shortlist(
    shortlist_id: uuid.UUID, body: ShortlistAdd, employer: Employer, session: SessionDep
) -> None:
    service.add_to_shortlist(
        session, employer.user, employer.company_id, shortlist_id, body.profile_id
    )


@router.delete(
    "/shortlists/{shortlist_id}/candidates/{profile_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_from_shortlist(
    shortlist_id: uuid.UUID, profile_id: uuid.UUID, employer: Employer, session: SessionDep
) -> None:
    service.remove_from_shortlist(session, employer.company_id, shortlist_id, profile_id)


@router.get("/candidates/{profile_id}/notes")
def list_notes(profile_id: uuid.UUID, employer: Employer, session: SessionDep) -> list[NotePublic]:
    """Your company's private notes on a candidate (the candidate never sees them)."""
    return service.notes(session, employer.company_id, profile_id)


@router.post("/candidates/{profile_id}/notes", status_code=status.HTTP_201_CREATED)
def add_note(
    profile_id: uuid.UUID, body: NoteCreate, employer: Employer, session: SessionDep
) -> NotePublic:
    return service.add_note(session, employer.user, employer.company_id, profile_id, body.body)


@router.get("/saved-searches")
def list_saved_searches(employer: Employer, session: SessionDep) -> list[SavedSearchPublic]:
    return service.saved_searches(session, employer.company_id)


@router.post("/saved-searches", status_code=status.HTTP_201_CREATED)
def save_search(
    body: SavedSearchCreate, employer: Employer, session: SessionDep
) -> SavedSearchPublic:
    """Save a pool search; with ``alerts`` the member is e-mailed about candidates who match
    it later (those in the pool now are what they just saw)."""
    return service.save_search(
        session, employer.user, employer.company_id, body.name, body.filters, alerts=body.alerts
    )


@router.delete("/saved-searches/{search_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_saved_search(search_id: uuid.UUID, employer: Employer, session: SessionDep) -> None:
    service.delete_saved_search(session, employer.company_id, search_id)


@router.get("/interview-requests/{request_id}/scorecards")
def list_scorecards(
    request_id: uuid.UUID, employer: Employer, session: SessionDep
) -> list[ScorecardPublic]:
    return service.scorecards(session, employer.company_id, request_id)


@router.put("/interview-requests/{request_id}/scorecards")
def record_scorecard(
    request_id: uuid.UUID, body: ScorecardCreate, employer: Employer, session: SessionDep
) -> ScorecardPublic:
    """Your scorecard for one stage (made, or replaced if you already scored that stage)."""
    return service.record_scorecard(session, employer.user, employer.company_id, request_id, body)
