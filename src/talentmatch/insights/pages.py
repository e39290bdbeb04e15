"""The employer's dashboard (the hiring funnel as a chart, time per stage, open jobs) and the
marketplace's pay data."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from talentmatch.accounts.dependencies import CurrentPrincipal, Employer
from talentmatch.companies.service import get_company
from talentmatch.companies.vetting import vetting_of
from talentmatch.deps import SessionDep, SettingsDep
from talentmatch.insights.pay import pay_report
from talentmatch.insights.service import employer_funnel
from talentmatch.jobs.models import JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.service import own_job
from talentmatch.ml.fields import country_code
from talentmatch.ml.salary import LEVEL_NAMES, level_code, level_name
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
        # A company the operators have not approved yet hears it here, before its first send.
        "vetting": vetting_of(session, employer.company_id),
    }
    return render(request, "insights/dashboard.html", context, principal=principal)


@router.get("/insights/pay", response_class=HTMLResponse)
def pay_page(
    request: Request,
    principal: CurrentPrincipal,
    session: SessionDep,
    settings: SettingsDep,
    role: Annotated[str, Query(max_length=200)] = "",
    level: Annotated[str, Query(max_length=20)] = "",
    country: Annotated[str, Query(max_length=60)] = "",
) -> Response:
    """The marketplace's pay data, only in cells that hide every company's offers."""
    form = {"role": role.strip(), "level": level.strip(), "country": country.strip()}
    errors: dict[str, str] = {}
    code = ""
    if form["country"]:
        code = country_code(form["country"])
        if not code:
            errors["country"] = f"{form['country']!r} is not a country we know; try Germany or DE"
    try:
        form["level"] = level_name(level_code(form["level"])) or ""
    except ValueError as error:
        errors["level"] = str(error)
    report = pay_report(
        session,
        settings,
        role=form["role"] or None,
        level=None if errors.get("level") else form["level"] or None,
        country=code or None,
    )
    rows = [
        (
            # Country and level first: the chart shortens long labels at the end.
            f"{c.country or '—'} · {c.level or 'any level'} · {c.role}",
            c.p25,
            c.p50,
            c.p75,
        )
        for c in report.cells
    ]
    context = {
        "form": form,
        "errors": errors,
        "report": report,
        "rows": rows,
        "levels": list(LEVEL_NAMES.values()),
    }
    return render(request, "insights/pay.html", context, principal=principal)
