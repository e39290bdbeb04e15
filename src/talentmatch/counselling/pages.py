"""The candidate's career page: gap report with a chart, reverse skill set, roadmap with
progress, specialisms, salary benchmark with its distribution, and the interview loop."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch.accounts.auth import Candidate, CurrentPrincipal
from talentmatch.candidates.models import CandidateProfile
from talentmatch.counselling import service
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.ml.careers import ROLE_MODELS
from talentmatch.web.core import FormDep, act_and_go_back, render, text

router = APIRouter(include_in_schema=False)


@router.get("/me/career", response_class=HTMLResponse)
def career_page(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    role: Annotated[str | None, Query(max_length=60)] = None,
) -> Response:
    counsel = service.counsel(
        session, understanding, candidate.profile, role if role in ROLE_MODELS else None
    )
    largest = max((a.need for a in counsel.gap.areas), default=1.0) or 1.0
    context = {
        "counsel": counsel,
        "roles": list(ROLE_MODELS.values()),
        "axes": [a.area for a in counsel.gap.areas],
        "need": [a.need / largest for a in counsel.gap.areas],
        "have": [a.score * a.need / largest for a in counsel.gap.areas],
        "has_skills": bool(candidate.profile.skills),
        **salary_distribution(counsel, candidate.profile),
    }
    return render(request, "counselling/career.html", context, principal=principal)


LEVEL_NAMES = {"EN": "Entry", "MI": "Mid", "SE": "Senior", "EX": "Executive"}


def salary_distribution(counsel: service.Counsel, profile: CandidateProfile) -> dict[str, Any]:
    """Rows (label, p25, p50, p75) for the pay chart: each level, then the other sources'
    own figures; the candidate's minimum as a mark when it is in the same currency."""
    rows: list[tuple[str, float, float, float]] = [
        (LEVEL_NAMES[level], e["p25"], e["p50"], e["p75"]) for level, e in counsel.salary_by_level
    ]
    for source in counsel.salary["sources"]:
        if {"p25", "p50", "p75"} <= source.keys():
            label = source.get("occupation") or source["name"]
            if source.get("rows"):
                label = f"{label} (n={source['rows']})"
            rows.append((label, source["p25"], source["p50"], source["p75"]))
    marks = []
    if profile.min_salary and profile.salary_currency == "USD":
        marks.append(("Your minimum", float(profile.min_salary)))
    return {"salary_rows": rows, "salary_marks": marks}


@router.post("/me/career/steps")
def mark_step(candidate: Candidate, session: SessionDep, data: FormDep) -> RedirectResponse:
    role_id, skill_id = text(data, "role"), text(data, "skill")
    done = text(data, "done") == "yes"
    return act_and_go_back(
        session,
        lambda: service.mark_step(session, candidate.profile, role_id, skill_id, done=done),
        back=f"/me/career?role={quote(role_id)}#roadmap",
        done="Roadmap updated.",
    )
