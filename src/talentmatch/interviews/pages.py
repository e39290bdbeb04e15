"""Interview requests in the browser: the employer's send form (with the market benchmark) and
board; each side's request page with the explanation, answers, stages and messages."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentmatch.accounts.auth import CurrentPrincipal, Employer, EmployerContext, Principal
from talentmatch.accounts.throttle import MESSAGE_LIMIT
from talentmatch.candidates import service as candidates
from talentmatch.candidates.models import CandidateProfile
from talentmatch.counselling.salary import benchmark_for
from talentmatch.deps import SessionDep, SettingsDep, UnderstandingDep
from talentmatch.interviews import pay, service
from talentmatch.interviews.endpoints import PartyDep
from talentmatch.interviews.models import HiringStage, RequestStatus
from talentmatch.interviews.schemas import (
    DeclineRequest,
    MessageCreate,
    RequestCreate,
    RequestView,
    StageChange,
)
from talentmatch.jobs.models import Job
from talentmatch.jobs.service import own_job
from talentmatch.kit.clock import utcnow
from talentmatch.matching.service import explain_pair
from talentmatch.ml import money
from talentmatch.privacy.endpoints import ProfileViewsDep
from talentmatch.understanding import Understanding
from talentmatch.web.core import (
    FormDep,
    FormErrors,
    act_and_go_back,
    attempt,
    number,
    redirect,
    render,
    text,
    validate,
)

router = APIRouter(include_in_schema=False)

BOARD_COLUMNS = (
    ("sent", "Awaiting answer"),
    ("screening", "Screening"),
    ("technical", "Technical"),
    ("onsite", "On-site"),
    ("offer", "Offer"),
    ("hired", "Hired"),
    ("closed", "Closed"),
)
BOARD_SIZE = 200


def _column(view: RequestView) -> str:
    if view.status is RequestStatus.SENT:
        return "sent"
    if view.status is RequestStatus.ACCEPTED and view.stage is not HiringStage.NOT_SELECTED:
        return view.stage.value if view.stage else "screening"
    return "closed"


# ------------------------------------------------------------------------------ sending


def _suggested_salary(job: Job, profile: CandidateProfile) -> int | None:
    """The candidate's minimum (in the band's currency) held within the band."""
    minimum = None
    if profile.min_salary:
        found = money.conversion(profile.min_salary, profile.salary_currency, job.currency)
        minimum = int(round(found.converted, -3)) if found is not None else None
    if job.salary_max and minimum:
        return max(min(job.salary_max, minimum), job.salary_min or 0)
    return job.salary_max or job.salary_min or minimum


def _pay_context(job: Job, profile: CandidateProfile, market: dict[str, Any]) -> dict[str, Any]:
    """What the form shows beside the band, in the band's currency at today's ECB rate: the
    candidate's minimum base and the market's base pay."""
    today = utcnow().date()
    minimum = None
    if profile.min_salary:
        minimum = money.conversion(profile.min_salary, profile.salary_currency, job.currency, today)
    return {
        "minimum_in_band": minimum,
        "market_in_band": pay.benchmark_in(market, job.currency, today),
    }


def _send_page(
    request: Request,
    principal: Principal,
    employer: EmployerContext,
    session: Session,
    understanding: Understanding,
    *,
    job_id: uuid.UUID,
    profile_id: uuid.UUID,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    warnings: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    job = own_job(session, job_id, employer.company_id)
    profile = candidates.profile_for_company(session, employer.company_id, profile_id)
    card = candidates.employer_views(session, employer.company_id, [profile])[0]
    match = explain_pair(session, understanding, profile, job, for_employer=True)
    market = benchmark_for(understanding.salaries, job, profile, session)
    context = {
        "job": job,
        "candidate": card,
        "match": match,
        "market": market,
        **_pay_context(job, profile, market),
        "form": form or {"salary": _suggested_salary(job, profile) or "", "currency": job.currency},
        "errors": errors or {},
        "warnings": warnings or [],
    }
    return render(
        request, "interviews/send.html", context, principal=principal, status_code=status_code
    )


@router.get("/jobs/{job_id}/candidates/{profile_id}/request", response_class=HTMLResponse)
def send_page(
    request: Request,
    job_id: uuid.UUID,
    profile_id: uuid.UUID,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    views: ProfileViewsDep,
) -> Response:
    page = _send_page(
        request, principal, employer, session, understanding, job_id=job_id, profile_id=profile_id
    )
    views.viewed(employer.company_id, profile_id)  # shown: the candidate sees who looked
    return page


@router.post("/jobs/{job_id}/candidates/{profile_id}/request", response_class=HTMLResponse)
def send(
    request: Request,
    job_id: uuid.UUID,
    profile_id: uuid.UUID,
    principal: CurrentPrincipal,
    employer: Employer,
    session: SessionDep,
    settings: SettingsDep,
    understanding: UnderstandingDep,
    data: FormDep,
) -> Response:
    confirmed = text(data, "confirm") == "yes"

    def act() -> tuple[uuid.UUID, list[str]]:
        salary = text(data, "salary").replace(",", "").replace("_", "").strip()
        body = validate(
            RequestCreate,
            {
                "job_id": job_id,
                "candidate_id": profile_id,
                "salary": salary or None,
                "currency": text(data, "currency") or None,  # the band's currency
                "bonus_percent": number(data, "bonus_percent", float, hint="a percentage"),
                "equity_per_year": number(data, "equity_per_year"),
                "equity_vesting": text(data, "equity_vesting"),
                "message": text(data, "message"),
            },
        )
        sent, warnings = service.send(
            session,
            settings,
            sender=employer.user,
            company_id=employer.company_id,
            job_id=job_id,
            profile_id=profile_id,
            salary=body.salary,
            currency=body.currency,
            message=body.message,
            bonus_percent=body.bonus_percent,
            equity_per_year=body.equity_per_year,
            equity_vesting=body.equity_vesting,
        )
        view = service.view(session, sent, understanding.salaries)
        warnings += service.market_warnings(view)
        if warnings and not confirmed:
            # Show the warnings first; nothing is sent until the employer confirms.
            raise FormErrors({"_warnings": "\n".join(warnings)})
        return sent.id, warnings

    result, errors = attempt(session, act)
    if result is None:
        warnings = errors.pop("_warnings", "")
        return _send_page(
            request,
            principal,
            employer,
            session,
            understanding,
            job_id=job_id,
            profile_id=profile_id,
            form=dict(data),
            errors=errors,
            warnings=warnings.splitlines() if warnings else [],
            status_code=422 if errors else 200,
        )
    request_id, _ = result
    return redirect(
        f"/requests/{request_id}",
        "Request sent: the candidate sees the job, the salary and why they match.",
    )


# ------------------------------------------------------------------------ lists and board


@router.get("/requests", response_class=HTMLResponse)
def requests_page(
    request: Request,
    principal: CurrentPrincipal,
    party: PartyDep,
    session: SessionDep,
    understanding: UnderstandingDep,
    job: uuid.UUID | None = None,
) -> Response:
    views, total = service.list_for(
        session,
        party,
        statuses=None,
        job_id=job,
        limit=BOARD_SIZE,
        offset=0,
        salaries=understanding.salaries if party.profile_id else None,
    )
    if party.profile_id is not None:
        context: dict[str, Any] = {"requests": views, "total": total}
        return render(request, "interviews/mine.html", context, principal=principal)
    columns: dict[str, list[RequestView]] = {key: [] for key, _ in BOARD_COLUMNS}
    for view in views:
        columns[_column(view)].append(view)
    context = {
        "columns": [(key, title, columns[key]) for key, title in BOARD_COLUMNS],
        "total": total,
        "shown": len(views),
        "stages": [s.value for s in HiringStage],
        "job_filter": job,
    }
    return render(request, "interviews/board.html", context, principal=principal)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request,
    request_id: uuid.UUID,
    principal: CurrentPrincipal,
    party: PartyDep,
    session: SessionDep,
    understanding: UnderstandingDep,
) -> Response:
    interview = service.get_for(session, party, request_id)
    view = service.view(session, interview, understanding.salaries)
    profile = session.get(CandidateProfile, interview.candidate_profile_id)
    job = session.get(Job, interview.job_id)
    assert profile is not None and job is not None  # foreign keys
    match = explain_pair(
        session, understanding, profile, job, for_employer=party.profile_id is None
    )
    thread = (
        service.messages(session, party, request_id)
        if view.status is RequestStatus.ACCEPTED
        else []
    )
    context = {
        "request_view": view,
        "job": job,
        "match": match,
        "messages": thread,
        "is_candidate": party.profile_id is not None,
        "stages": [s.value for s in HiringStage],
        "warnings": service.market_warnings(view) if party.company_id else [],
    }
    return render(request, "interviews/detail.html", context, principal=principal)


@router.post("/requests/{request_id}/accept")
def accept(request_id: uuid.UUID, party: PartyDep, session: SessionDep) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.accept(session, party, request_id),
        back=f"/requests/{request_id}",
        done="Accepted: the company now sees your name and contact details, and you can message.",
    )


@router.post("/requests/{request_id}/decline")
def decline(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, data: FormDep
) -> RedirectResponse:
    def act() -> None:
        body = validate(DeclineRequest, {"reason": text(data, "reason")})
        service.decline(session, party, request_id, body.reason)

    return act_and_go_back(
        session,
        act,
        back=f"/requests/{request_id}",
        done="Declined. The company sees your reason, not you.",
    )


@router.post("/requests/{request_id}/withdraw")
def withdraw(request_id: uuid.UUID, party: PartyDep, session: SessionDep) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: service.withdraw(session, party, request_id),
        back=f"/requests/{request_id}",
        done="Request withdrawn.",
    )


@router.post("/requests/{request_id}/stage")
def move_stage(
    request_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    data: FormDep,
) -> RedirectResponse:
    def act() -> None:
        body = validate(StageChange, {"stage": text(data, "stage"), "note": text(data, "note")})
        service.move_stage(session, party, request_id, body.stage, body.note)

    # From the board the mover stays on the board; nowhere else is a way back.
    back = "/requests" if text(data, "back") == "/requests" else f"/requests/{request_id}"
    done = f"Moved to {text(data, 'stage').replace('_', ' ')}."
    return act_and_go_back(session, act, back=back, done=done)


@router.post("/requests/{request_id}/messages", dependencies=[MESSAGE_LIMIT])
def post_message(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, data: FormDep
) -> RedirectResponse:
    def act() -> None:
        body = validate(MessageCreate, {"body": text(data, "body")})
        service.post_message(session, party, request_id, body.body)

    return act_and_go_back(
        session, act, back=f"/requests/{request_id}#messages", done="Message sent."
    )
