"""Ranked, explained matches: blind candidate cards per job for employers; jobs for
candidates."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from talentmatch.accounts.dependencies import Candidate, CurrentPrincipal, Employer
from talentmatch.deps import MatchIndexDep, SessionDep, UnderstandingDep
from talentmatch.fairness.ranking import service as fair_ranking
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.jobs.service import own_job
from talentmatch.matching import service
from talentmatch.web.core import render

router = APIRouter(include_in_schema=False)
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/jobs/{job_id}/candidates", response_class=HTMLResponse)
def candidates_for_job(
    request: Request,
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    index: MatchIndexDep,
    limit: Limit = 20,
) -> Response:
    job = own_job(session, job_id, employer.company_id)
    items, considered, excluded = service.candidates_for_job(
        session,
        understanding,
        company_id=employer.company_id,
        job_id=job_id,
        limit=limit,
        index=index,
    )
    already = InterviewRepository(session).open_requests_for_job(job_id)
    context = {
        "job": job,
        "items": items,
        "considered": considered,
        "excluded": excluded,
        "already": already,
        "limit": limit,
        "representation": fair_ranking.representation(session, employer.company_id),
    }
    return render(request, "matching/candidates.html", context, principal=principal)


@router.get("/me/matches", response_class=HTMLResponse)
def jobs_for_me(
    request: Request,
    principal: CurrentPrincipal,
    candidate: Candidate,
    session: SessionDep,
    understanding: UnderstandingDep,
    index: MatchIndexDep,
    limit: Limit = 20,
) -> Response:
    items, considered, excluded = service.jobs_for_candidate(
        session, understanding, profile=candidate.profile, limit=limit, index=index
    )
    context = {"items": items, "considered": considered, "excluded": excluded}
    return render(request, "matching/jobs.html", context, principal=principal)
