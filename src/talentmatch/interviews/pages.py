"""Interview requests in the browser: the employer's send form (with the market benchmark) and
board; each side's request page with the explanation, answers, stages and messages."""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentmatch.accounts.dependencies import CurrentPrincipal, Employer, EmployerContext, Principal
from talentmatch.accounts.throttle import MESSAGE_LIMIT
from talentmatch.candidates.models import CandidateProfile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.counselling.salary import benchmark_for, benchmarks
from talentmatch.deps import SessionDep, SettingsDep, UnderstandingDep
from talentmatch.interviews import disclosure, offers, pay, scheduling, service
from talentmatch.interviews.endpoints import PartyDep, calendar_response
from talentmatch.interviews.models import (
    HiringStage,
    InterviewSlot,
    OfferStatus,
    RequestStatus,
    SlotStatus,
)
from talentmatch.interviews.schemas import (
    DeclineRequest,
    MessageCreate,
    OfferAnswer,
    OfferCreate,
    RequestCreate,
    RequestView,
    SlotProposal,
    StageChange,
)
from talentmatch.interviews.stages import CLOSED, LOOP, label, stage_of_event, words
from talentmatch.jobs.models import Job
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.service import own_job
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.matching.service import explain_pair
from talentmatch.ml import money
from talentmatch.privacy.endpoints import ProfileViewsDep
from talentmatch.recruiting import service as recruiting
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
    *((stage.value, label(stage)) for stage in LOOP),
    ("closed", "Closed"),
)
BOARD_SIZE = 200
# The zone a person chose to see times in ("Show times in"), remembered for a year.
ZONE_COOKIE = "tm_tz"
SLOT_FIELDS = ("start_1", "start_2", "start_3")
SLOT_MINUTES = (30, 45, 60, 90, 120)


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
    profile = disclosure.profile_for_company(session, employer.company_id, profile_id)
    card = disclosure.employer_views(session, employer.company_id, [profile])[0]
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
        view = service.view(session, sent, benchmarks(understanding.salaries, session))
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
        benchmark=benchmarks(understanding.salaries, session) if party.profile_id else None,
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
        "closed_stages": [s.value for s in CLOSED],
        "job_filter": job,
        # Where a card dropped on a column moves (the board's drag and drop).
        "drop_stages": {**{s.value: s.value for s in HiringStage}, "closed": "not_selected"},
    }
    return render(request, "interviews/board.html", context, principal=principal)


def _event_text(kind: str) -> str:
    """A history line's kind as the request page writes it ("stage → not selected")."""
    stage = stage_of_event(kind)
    return f"stage → {words(stage)}" if stage is not None else kind.replace("_", " ")


def _viewer_zone(
    request: Request, chosen: str | None, slots: list[InterviewSlot], *, candidate: bool
) -> zoneinfo.ZoneInfo:
    """The zone times are shown in: the one chosen on the page (or remembered), else for the
    employer the zone of their latest proposal, else UTC."""
    for name in (chosen, request.cookies.get(ZONE_COOKIE)):
        if name and name.strip() in scheduling.time_zones():
            return zoneinfo.ZoneInfo(name.strip())
    if slots and not candidate:
        return zoneinfo.ZoneInfo(max(slots, key=lambda s: s.created_at).timezone)
    return zoneinfo.ZoneInfo("UTC")


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request,
    request_id: uuid.UUID,
    principal: CurrentPrincipal,
    party: PartyDep,
    session: SessionDep,
    understanding: UnderstandingDep,
    tz: str | None = None,
) -> Response:
    interview = service.get_for(session, party, request_id)
    view = service.view(session, interview, benchmarks(understanding.salaries, session))
    profile = CandidateRepository(session).get(interview.candidate_profile_id)
    job = JobRepository(session).get(interview.job_id)
    assert profile is not None and job is not None  # foreign keys
    match = explain_pair(
        session, understanding, profile, job, for_employer=party.profile_id is None
    )
    thread = (
        service.messages(session, party, request_id)
        if view.status is RequestStatus.ACCEPTED
        else []
    )
    is_candidate = party.profile_id is not None
    slots = scheduling.slots_of(session, interview.id)
    zone = _viewer_zone(request, tz, slots, candidate=is_candidate)
    all_offers = [offers.view(o) for o in offers.offers_for(session, party, request_id)]
    hiring_open = view.status is RequestStatus.ACCEPTED and view.stage not in CLOSED
    today = utcnow().astimezone(zone).date()
    context = {
        "request_view": view,
        "job": job,
        "match": match,
        "messages": thread,
        "is_candidate": is_candidate,
        "stages": [s.value for s in HiringStage],
        "closed_stages": [s.value for s in CLOSED],
        "event_text": _event_text,
        "warnings": service.market_warnings(view) if party.company_id else [],
        "zone": zone.key,
        "zone_error": (
            f"{tz.strip()!r} is not a time zone: use a name such as Europe/Berlin"
            if tz and tz.strip() != zone.key
            else ""
        ),
        "zones": scheduling.time_zones(),
        "local": lambda moment: scheduling.local_text(moment, zone).removesuffix(f" ({zone.key})"),
        "proposed_as": lambda slot: _proposed_as(slot, zone),
        "booked": [s for s in slots if s.status is SlotStatus.PICKED],
        "open_slots": [s for s in slots if s.status is SlotStatus.PROPOSED],
        "slot_fields": SLOT_FIELDS,
        "slot_minutes": SLOT_MINUTES,
        "hiring_open": hiring_open,
        "offers": all_offers,
        "live_offer": next((o for o in all_offers if o.status is OfferStatus.OPEN), None),
        "offer_defaults": {
            "currency": view.currency,
            "start_date": (today + timedelta(days=30)).isoformat(),
            "answer_by": (today + timedelta(days=7)).isoformat(),
        },
        "now": utcnow(),
        # The company's own scorecards: never built for the candidate's view.
        "scorecards": (
            recruiting.scorecards(session, party.company_id, request_id)
            if party.company_id and not is_candidate
            else None
        ),
        "ratings": recruiting.RATING_LABELS,
    }
    response = render(request, "interviews/detail.html", context, principal=principal)
    if tz and tz.strip() == zone.key:
        response.set_cookie(ZONE_COOKIE, zone.key, max_age=365 * 86400, samesite="lax")
    return response


def _labelled(action: Callable[[], None], labels: dict[str, str]) -> Callable[[], None]:
    """Form errors shown as a flash name their field ("Base salary: Field required")."""

    def run() -> None:
        try:
            action()
        except FormErrors as exc:
            named = {
                field: f"{labels.get(field, field.replace('_', ' ').capitalize())}: {message}"
                for field, message in exc.errors.items()
            }
            raise FormErrors(named) from exc

    return run


def _proposed_as(slot: InterviewSlot, zone: zoneinfo.ZoneInfo) -> str:
    """ "proposed as 10:00 Europe/Berlin" when the viewer sees another zone."""
    if slot.timezone == zone.key:
        return ""
    local = as_utc(slot.starts_at).astimezone(zoneinfo.ZoneInfo(slot.timezone))
    return f"{local:%H:%M} {slot.timezone}"


@router.post("/requests/{request_id}/slots")
def propose_slots(
    request_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
    data: FormDep,
) -> RedirectResponse:
    def act() -> None:
        minutes = number(data, "minutes") or 60
        starts = [text(data, name).strip() for name in SLOT_FIELDS]
        if not any(starts):
            raise FormErrors({"slots": "enter at least one date and time"})
        body = validate(
            SlotProposal,
            {
                "timezone": text(data, "timezone"),
                "slots": [{"start": start, "minutes": minutes} for start in starts if start],
            },
        )
        scheduling.propose(
            session,
            settings,
            party,
            request_id,
            timezone=body.timezone,
            slots=[scheduling.SlotTime(s.start, s.minutes) for s in body.slots],
        )

    return act_and_go_back(
        session,
        _labelled(act, {"slots": "Times", "timezone": "Time zone"}),
        back=f"/requests/{request_id}#schedule",
        done="Times proposed: the candidate is e-mailed to pick one.",
    )


@router.post("/requests/{request_id}/slots/{slot_id}/pick")
def pick_slot(
    request_id: uuid.UUID,
    slot_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: scheduling.pick(session, settings, party, request_id, slot_id),
        back=f"/requests/{request_id}#schedule",
        done="Interview booked: you and the company are e-mailed the calendar invite.",
    )


@router.get("/requests/{request_id}/slots/{slot_id}/invite.ics")
def slot_invite(
    request_id: uuid.UUID,
    slot_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    return calendar_response(scheduling.invite_for(session, settings, party, request_id, slot_id))


@router.post("/requests/{request_id}/offers")
def make_offer(
    request: Request,
    request_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
    data: FormDep,
) -> RedirectResponse:
    def act() -> None:
        answer_by = text(data, "answer_by").strip()
        zone = _viewer_zone(request, text(data, "timezone"), [], candidate=False)
        expires: datetime | str = answer_by
        try:  # the end of the chosen day, in the zone the page shows
            day = datetime.fromisoformat(answer_by).date()
            expires = datetime.combine(day, time(23, 59), tzinfo=zone).astimezone(UTC)
        except ValueError:
            pass  # left for the validation below to name
        body = validate(
            OfferCreate,
            {
                "base": number(data, "base", hint="a yearly amount, e.g. 120,000"),
                "currency": text(data, "currency"),
                "bonus_percent": number(data, "bonus_percent", float, hint="a percentage"),
                "equity_per_year": number(data, "equity_per_year"),
                "equity_vesting": text(data, "equity_vesting"),
                "start_date": text(data, "start_date").strip() or None,
                "expires_at": expires or None,
            },
        )
        offers.make(session, settings, party, request_id, body)

    labels = {"base": "Base salary", "expires_at": "Answer by", "equity_per_year": "Equity"}
    return act_and_go_back(
        session,
        _labelled(act, labels),
        back=f"/requests/{request_id}#offer",
        done="Offer made: the candidate is e-mailed to accept or decline it.",
    )


@router.post("/requests/{request_id}/offers/{offer_id}/accept")
def accept_offer(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: offers.accept(session, settings, party, request_id, offer_id),
        back=f"/requests/{request_id}#offer",
        done="Offer accepted: congratulations! The company has been told.",
    )


@router.post("/requests/{request_id}/offers/{offer_id}/decline")
def decline_offer(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
    data: FormDep,
) -> RedirectResponse:
    def act() -> None:
        body = validate(OfferAnswer, {"reason": text(data, "reason")})
        offers.decline(session, settings, party, request_id, offer_id, body.reason)

    return act_and_go_back(
        session,
        act,
        back=f"/requests/{request_id}#offer",
        done="Offer declined. The company sees your reason.",
    )


@router.post("/requests/{request_id}/offers/{offer_id}/withdraw")
def withdraw_offer(
    request_id: uuid.UUID, offer_id: uuid.UUID, party: PartyDep, session: SessionDep
) -> RedirectResponse:
    return act_and_go_back(
        session,
        lambda: offers.withdraw(session, party, request_id, offer_id),
        back=f"/requests/{request_id}#offer",
        done="Offer withdrawn.",
    )


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

    # From the board the mover stays on the board, at the moved card (focused there for
    # keyboard users); nowhere else is a way back.
    back = (
        f"/requests#request-{request_id}"
        if text(data, "back") == "/requests"
        else f"/requests/{request_id}"
    )
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
