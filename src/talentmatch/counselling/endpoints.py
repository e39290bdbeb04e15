from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status

from talentmatch.accounts.auth import Candidate, CurrentUser
from talentmatch.counselling import service
from talentmatch.counselling.salary import market_estimate
from talentmatch.counselling.views import counsel_dict
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.kit.fields import CountryCode, InputModel, ShortText
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
    level: Literal["EN", "MI", "SE", "EX"] | None = None,
    country: Annotated[CountryCode | None, Query(description="ISO 3166 alpha-2")] = None,
) -> dict[str, Any]:
    """Yearly pay (USD p25/p50/p75) with n and sources: the aijobs.net survey, BLS OEWS for
    the US, and the salaries of this marketplace's interview requests for the same title."""
    return market_estimate(
        session, understanding.salaries, title, level=level, country=country or None
    )


@router.get("/counselling/roles")
def roles(_user: CurrentUser) -> list[dict[str, str]]:
    """The target roles with a competency model."""
    return [{"id": r.id, "title": r.title, "summary": r.summary} for r in ROLE_MODELS.values()]


@router.get("/counselling/me")
def my_counsel(
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    role: Annotated[str | None, Query(max_length=60, description="a role id")] = None,
) -> dict[str, Any]:
    """Skill gap by area, reverse skill set, closest roles, roadmap with progress,
    specialisms, salary and the interview loop, for the candidate's profile."""
    return counsel_dict(service.counsel(session, understanding, candidate.profile, role))


@router.put("/counselling/me/roadmap/{role_id}/{skill_id}", status_code=status.HTTP_204_NO_CONTENT)
def mark_step(
    role_id: str, skill_id: str, body: StepDone, candidate: Candidate, session: SessionDep
) -> None:
    """Mark a roadmap step done (or not done again)."""
    service.mark_step(session, candidate.profile, role_id, skill_id, done=body.done)
