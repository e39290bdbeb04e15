from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from talentmatch.accounts.auth import CurrentUser
from talentmatch.deps import UnderstandingDep
from talentmatch.kit.fields import CountryCode, ShortText

router = APIRouter(prefix="/api/salary", tags=["counselling"])


@router.get("/estimate")
def estimate(
    _user: CurrentUser,
    understanding: UnderstandingDep,
    title: Annotated[ShortText, Query(description="Job title")],
    level: Literal["EN", "MI", "SE", "EX"] | None = None,
    country: Annotated[CountryCode | None, Query(description="ISO 3166 alpha-2")] = None,
) -> dict[str, Any]:
    """Yearly pay (USD p25/p50/p75) with n and sources: the aijobs.net survey, and BLS OEWS
    for the US."""
    return understanding.salaries.estimate(title, level=level, country=country or None).as_dict()
