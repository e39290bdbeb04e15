"""The fair re-ranking options: a company's (its admins) and the platform's (operators)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from talentmatch.accounts.dependencies import Employer, Operator
from talentmatch.deps import SessionDep
from talentmatch.fairness.ranking import service
from talentmatch.fairness.ranking.schemas import (
    CompanyFairRankingPublic,
    FairRankingChange,
    PlatformFairRankingPublic,
)
from talentmatch.kit.errors import NotFound

router = APIRouter(prefix="/api", tags=["fairness"])


@router.get("/companies/{company_id}/fair-ranking")
def company_option(
    company_id: uuid.UUID, employer: Employer, session: SessionDep
) -> CompanyFairRankingPublic:
    """Whether the company's candidate lists are re-ranked for representation, and by whose
    setting."""
    if company_id != employer.company_id:
        raise NotFound("company")
    return service.company_view(session, company_id)


@router.put("/companies/{company_id}/fair-ranking")
def set_company_option(
    company_id: uuid.UUID, body: FairRankingChange, employer: Employer, session: SessionDep
) -> CompanyFairRankingPublic:
    """Turn re-ranking of the company's candidate lists on (by an attribute) or off; company
    admins only."""
    if company_id != employer.company_id:
        raise NotFound("company")
    return service.set_company_option(
        session,
        company_id,
        is_admin=employer.is_admin,
        user_id=employer.user.id,
        attribute=body.attribute,
    )


@router.get("/admin/fair-ranking", tags=["operators"])
def platform_option(_operator: Operator, session: SessionDep) -> PlatformFairRankingPublic:
    return service.platform_view(session)


@router.put("/admin/fair-ranking", tags=["operators"])
def set_platform_option(
    body: FairRankingChange, operator: Operator, session: SessionDep
) -> PlatformFairRankingPublic:
    """Re-rank every company's candidate lists by an attribute (before any company's own
    option), or turn the platform's option off."""
    return service.set_platform_option(session, user_id=operator.id, attribute=body.attribute)
