"""The employer's jobs: list, post, edit (parsed skills shown for correction), close."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch.accounts.dependencies import CurrentPrincipal, Employer, Principal
from talentmatch.accounts.models import Role
from talentmatch.companies.repository import CompanyRepository
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.jobs import listing, service
from talentmatch.jobs.models import Job, JobStatus, RemotePolicy, Seniority
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.schemas import JobCreate, JobUpdate
from talentmatch.kit.errors import InvalidInput
from talentmatch.kit.pagination import PageDep
from talentmatch.ml.fields import country_name
from talentmatch.ml.stored import StoredParse
from talentmatch.web.core import (
    FormData,
    FormDep,
    FormErrors,
    act_and_go_back,
    attempt,
    join_list,
    number,
    redirect,
    render,
    split_list,
    text,
    validate,
)

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = ("title", "description", "location", "country", "currency")
LIST_FIELDS = ("required_skills", "nice_to_have_skills", "interview_stages")
STATUS_DONE = {
    JobStatus.OPEN: "Job open: candidates can be matched and contacted.",
    JobStatus.CLOSED: "Job closed.",
    JobStatus.DRAFT: "Job back to draft.",
}


def job_values(data: FormData) -> dict[str, Any]:
    """Every field of the form; empty choices are ``None`` (left for the parser on a new job)."""
    values: dict[str, Any] = {name: text(data, name) for name in TEXT_FIELDS}
    values.update({name: split_list(text(data, name)) for name in LIST_FIELDS})
    values["seniority"] = text(data, "seniority") or None
    values["remote_policy"] = text(data, "remote_policy") or None
    for name in ("salary_min", "salary_max"):
        values[name] = number(data, name, hint="enter a yearly amount in whole units, e.g. 120000")
    values["status"] = text(data, "status") or "draft"
    values["currency"] = values["currency"] or "USD"
    return values


def job_form(job: Job) -> dict[str, Any]:
    return {
        **{name: getattr(job, name) for name in TEXT_FIELDS},
        **{name: join_list(getattr(job, name)) for name in LIST_FIELDS},
        "seniority": job.seniority.value if job.seniority else "",
        "remote_policy": job.remote_policy.value,
        "salary_min": job.salary_min or "",
        "salary_max": job.salary_max or "",
        "status": job.status.value,
    }


def _choices() -> dict[str, Any]:
    return {
        "seniorities": [s.value for s in Seniority],
        "remote_policies": [p.value for p in RemotePolicy],
    }


def _form_page(
    request: Request,
    principal: Principal,
    *,
    job: Job | None,
    form: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"job": job, "form": form, "errors": errors or {}, **_choices()}
    return render(request, "jobs/form.html", context, principal=principal, status_code=status_code)


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(
    request: Request,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    page: PageDep,
) -> Response:
    rows, total = JobRepository(session).page(
        company_id=employer.company_id,
        statuses=list(JobStatus),
        limit=page.limit,
        offset=page.offset,
    )
    context = {"jobs": [job for job, _ in rows], "total": total, "page": page}
    return render(request, "jobs/list.html", context, principal=principal)


@router.get("/jobs/new", response_class=HTMLResponse)
def new_job_page(request: Request, principal: CurrentPrincipal, _employer: Employer) -> Response:
    form = {"currency": "USD", "status": "open", "remote_policy": ""}
    return _form_page(request, principal, job=None, form=form)


@router.post("/jobs/new", response_class=HTMLResponse)
def post_job(
    request: Request,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    data: FormDep,
) -> Response:
    def act() -> Job:
        values = job_values(data)
        # What the employer left empty is read from the description (and shown for correction).
        given = {k: v for k, v in values.items() if v not in (None, "", [])}
        body = validate(JobCreate, given)
        return service.create_job(
            session,
            understanding,
            company_id=employer.company_id,
            author=employer.user,
            fields=body.model_dump(),
            provided=body.model_fields_set,
        )

    job, errors = attempt(session, act)
    if job is None:
        return _form_page(
            request, principal, job=None, form=dict(data), errors=errors, status_code=422
        )
    return redirect(
        f"/jobs/{job.id}", "Job saved. Check the skills and details read from the description."
    )


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(
    request: Request, job_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Response:
    """The company's own job (to check and edit); for everyone else, the job as candidates
    read it (:mod:`talentmatch.jobs.listing` says who may read which)."""
    user = principal.user
    own = JobRepository(session).get(job_id)
    company_id = (
        CompanyRepository(session).company_id_of(user.id) if user.role is Role.EMPLOYER else None
    )
    if own is None or company_id is None or own.company_id != company_id:
        context: dict[str, Any] = {"job": listing.listing(session, job_id, user)}
        return render(request, "jobs/listing.html", context, principal=principal)
    job = own
    parsed = job.parsed or {}
    context = {"job": job, "parsed": parsed, "read": read_from_description(StoredParse.of(parsed))}
    return render(request, "jobs/detail.html", context, principal=principal)


def read_from_description(parsed: StoredParse) -> dict[str, str]:
    """The place and salary the parser read, in words, for the employer to check.

    Structures stored by older parsers lack the city; their place text stands in for it.
    """
    code = parsed.country or ""
    if parsed.city:
        place = f"{parsed.city}, {country_name(code)} ({code})" if code else parsed.city
    elif parsed.location:
        # As written ("Berlin, Germany"): the country is in it already.
        place = f"{parsed.location} ({code})" if code else parsed.location
    else:
        place = f"{country_name(code)} ({code})" if code else ""
    salary = ""
    low, high = parsed.salary_min, parsed.salary_max
    if low is not None and high is not None:
        band = f"{low:,}" if low == high else f"{low:,} – {high:,}"
        salary = f"{band} {parsed.currency or ''} a year".replace("  ", " ")
        if parsed.salary_period and parsed.salary_period != "year":
            salary += f" (stated per {parsed.salary_period})"
    return {"place": place, "salary": salary}


@router.get("/jobs/{job_id}/edit", response_class=HTMLResponse)
def edit_job_page(
    request: Request,
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
) -> Response:
    job = service.own_job(session, job_id, employer.company_id)
    return _form_page(request, principal, job=job, form=job_form(job))


@router.post("/jobs/{job_id}/edit", response_class=HTMLResponse)
def edit_job(
    request: Request,
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    data: FormDep,
) -> Response:
    job = service.own_job(session, job_id, employer.company_id)

    def act() -> None:
        values = job_values(data)
        if values["remote_policy"] is None:
            raise FormErrors({"remote_policy": "choose on-site, hybrid or remote"})
        body = validate(JobUpdate, values)
        service.update_job(session, understanding, job, body.model_dump(exclude_unset=True))

    _, errors = attempt(session, act)
    if errors:
        return _form_page(
            request, principal, job=job, form=dict(data), errors=errors, status_code=422
        )
    return redirect(f"/jobs/{job_id}", "Job updated.")


@router.post("/jobs/{job_id}/status")
def change_status(
    job_id: uuid.UUID,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    data: FormDep,
) -> RedirectResponse:
    job = service.own_job(session, job_id, employer.company_id)

    wanted = next((s for s in JobStatus if s.value == text(data, "status")), None)

    def act() -> None:
        if wanted is None:
            raise InvalidInput("unknown job status", field="status")
        service.update_job(session, understanding, job, {"status": wanted})

    done = STATUS_DONE[wanted] if wanted else ""
    return act_and_go_back(session, act, back=f"/jobs/{job_id}", done=done)
