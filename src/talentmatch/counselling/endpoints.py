from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from talentmatch.accounts.dependencies import Candidate, CurrentUser
from talentmatch.counselling import service
from talentmatch.counselling.salary import country_comparison, market_estimate
from talentmatch.counselling.schemas import (
    CounselOut,
    CountryComparison,
    LevelQuery,
    RoleOut,
    SalaryEstimateOut,
)
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.kit.errors import InvalidInput
from talentmatch.kit.fields import CountryCode, CurrencyCode, InputModel, ShortText
from talentmatch.ml import money
from talentmatch.ml.careers import ROLE_MODELS

router = APIRouter(prefix="/api", tags=["counselling"])


class StepDone(InputModel):
    done: bool


@router.get("/salary/estimate")
def estimate(
    _user: CurrentUser,
    session: SessionDep,
    understanding: UnderstandingDep,
    title: Annotated[ShortText, Query(description="Job title")],
    level: Annotated[
        LevelQuery | None, Query(description="entry, mid, senior or executive")
    ] = None,
    country: Annotated[CountryCode | None, Query(description="ISO 3166 alpha-2")] = None,
    place: Annotated[
        ShortText | None, Query(description="a US city, for its metro area: 'Austin, TX'")
    ] = None,
    currency: Annotated[
        CurrencyCode | None,
        Query(description="ISO 4217 code to show the figures in (ECB reference rate)"),
    ] = None,
) -> SalaryEstimateOut:
    """Yearly pay (p25/p50/p75; USD, or ``currency`` at the ECB reference rate) with n, the
    survey cell it rests on (the narrowest with enough rows: title, then title family, then the
    country's, then the region's) and sources: the aijobs.net survey, BLS OEWS for the US
    (national, or the metro area of ``place``), and the salaries of this marketplace's
    interview requests for the same title."""
    found = market_estimate(
        session,
        understanding.salaries,
        title,
        level=level,
        country=country or None,
        place=place or None,
    )
    if currency:
        try:
            found = money.figures_in(found, currency)
        except money.NoRate as exc:
            raise InvalidInput(str(exc), field="currency") from exc
    return SalaryEstimateOut.of(found)


@router.get("/salary/countries")
def countries(
    _user: CurrentUser,
    understanding: UnderstandingDep,
    title: Annotated[ShortText, Query(description="Job title")],
    level: Annotated[
        LevelQuery | None, Query(description="entry, mid, senior or executive")
    ] = None,
    reference: Annotated[
        CountryCode | None, Query(description="the country differences are measured from (US)")
    ] = None,
) -> CountryComparison:
    """The same role and level in every country with enough survey rows, highest median
    first, each with its difference from the reference country and the cell it rests on."""
    return country_comparison(
        understanding.salaries, title, level=level, reference=reference or None
    )


@router.get("/counselling/roles")
def roles(_user: CurrentUser) -> list[RoleOut]:
    """The target roles with a competency model."""
    return [RoleOut.of(r) for r in ROLE_MODELS.values()]


@router.get("/counselling/me")
def my_counsel(
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    role: Annotated[str | None, Query(max_length=60, description="a role id")] = None,
) -> CounselOut:
    """Skill gap by area, reverse skill set, closest roles, roadmap with progress,
    specialisms, salary and the interview loop, for the candidate's profile."""
    return CounselOut.of(service.counsel(session, understanding, candidate.profile, role))


@router.put("/counselling/me/roadmap/{role_id}/{skill_id}", status_code=status.HTTP_204_NO_CONTENT)
def mark_step(
    role_id: str, skill_id: str, body: StepDone, candidate: Candidate, session: SessionDep
) -> None:
    """Mark a roadmap step done (or not done again)."""
    service.mark_step(session, candidate.profile, role_id, skill_id, done=body.done)
