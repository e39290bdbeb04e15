"""The employer's dashboard: the hiring funnel as a chart, time per stage, open jobs."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from talentmatch.accounts.auth import CurrentPrincipal, Employer
from talentmatch.companies.service import get_company
from talentmatch.deps import SessionDep
from talentmatch.insights.service import employer_funnel
from talentmatch.jobs.models import JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.service import own_job
from talentmatch.web.core import render

router = APIRouter(include_in_schema=False)


@router.get("/employer", response_class=HTMLResponse)
def dashboard(
    request: Request,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    job: uuid.UUID | None = None,
) -> Response:
    selected = own_job(session, job, employer.company_id) if job else None
    rows, open_total = JobRepository(session).page(
        company_id=employer.company_id, statuses=[JobStatus.OPEN], limit=50, offset=0
    )
    context = {
        "company": get_company(session, employer.company_id),
        "funnel": employer_funnel(session, employer.company_id, job),
        "jobs": [j for j, _ in rows],
        "open_total": open_total,
        "selected": selected,
    }
    return render(request, "insights/dashboard.html", context, principal=principal)
