"""What a company may see of a candidate, as its interview requests decide: a profile it sent a
request stays open to it after leaving the pool, and one whose candidate accepted shows who they
are (contact details, resume). Here rather than in candidates, which knows nothing of requests."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from talentmatch.candidates import service as candidates
from talentmatch.candidates.models import CandidateProfile, ResumeFile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.schemas import EmployerProfileView, ProfileSearch
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.kit.errors import NotFound


def revealed_profile_ids(
    session: Session, company_id: uuid.UUID, profile_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Profiles whose candidate accepted a request from this company: identity is shown."""
    if not profile_ids:
        return set()
    return InterviewRepository(session).revealed_to(company_id, profile_ids)


def profile_for_company(
    session: Session, company_id: uuid.UUID, profile_id: uuid.UUID
) -> CandidateProfile:
    """A profile this company may see: never if hidden from it; else live, or already in contact
    (it sent the profile a request, whatever became of it)."""
    return candidates.profile_for_company(
        session,
        company_id,
        profile_id,
        in_contact=lambda: InterviewRepository(session).has_request_from(company_id, profile_id),
    )


def employer_views(
    session: Session, company_id: uuid.UUID, profiles: Sequence[CandidateProfile]
) -> list[EmployerProfileView]:
    """The profiles as this company reads them: blind unless the candidate accepted its request."""
    revealed = revealed_profile_ids(session, company_id, [p.id for p in profiles])
    return candidates.views_for_company(session, profiles, revealed)


def browse_for_company(
    session: Session, company_id: uuid.UUID, search: ProfileSearch, *, limit: int, offset: int
) -> tuple[list[EmployerProfileView], int]:
    items, total = candidates.browse_pool(session, company_id, search, limit=limit, offset=offset)
    return employer_views(session, company_id, items), total


def resume_for_company(
    session: Session, company_id: uuid.UUID, profile_id: uuid.UUID
) -> ResumeFile:
    """The resume names the candidate, so only a company whose request was accepted gets it."""
    profile = profile_for_company(session, company_id, profile_id)
    if profile.id not in revealed_profile_ids(session, company_id, [profile.id]):
        raise NotFound("resume")
    resume = CandidateRepository(session).resume(profile.id)
    if resume is None:
        raise NotFound("resume")
    return resume
