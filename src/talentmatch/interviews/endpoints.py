from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from talentmatch.accounts.dependencies import CurrentUser, Employer
from talentmatch.accounts.models import Role
from talentmatch.accounts.throttle import MESSAGE_LIMIT
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.repository import CompanyRepository
from talentmatch.counselling.salary import benchmarks
from talentmatch.deps import SessionDep, SettingsDep, UnderstandingDep
from talentmatch.interviews import offers, scheduling, service
from talentmatch.interviews.models import RequestStatus
from talentmatch.interviews.schemas import (
    DeclineRequest,
    MessageCreate,
    MessagePublic,
    OfferAnswer,
    OfferCreate,
    OfferView,
    RequestCreate,
    RequestSent,
    RequestView,
    SlotProposal,
    SlotView,
    StageChange,
)
from talentmatch.interviews.service import Party
from talentmatch.kit.errors import Forbidden
from talentmatch.kit.pagination import Page, PageDep
from talentmatch.notifications.service import Attachment

router = APIRouter(prefix="/api/interview-requests", tags=["interview requests"])


def current_party(user: CurrentUser, session: SessionDep) -> Party:
    if user.role is Role.CANDIDATE:
        profile = CandidateRepository(session).for_user(user.id)
        return Party(user, profile_id=profile.id if profile else None)
    if user.role is Role.EMPLOYER:
        return Party(user, company_id=CompanyRepository(session).company_id_of(user.id))
    raise Forbidden("interview requests are between candidates and companies")


PartyDep = Annotated[Party, Depends(current_party)]


@router.post("", status_code=status.HTTP_201_CREATED)
def send_request(
    body: RequestCreate,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
    settings: SettingsDep,
) -> RequestSent:
    """Send a live candidate an interview request for an open job, with a yearly base salary
    (and optionally a target bonus and equity per year). The warnings compare the base with
    the candidate's minimum base, the job's band and the market's base pay, converted with
    the ECB reference rate where the currencies differ."""
    request, warnings = service.send(
        session,
        settings,
        sender=employer.user,
        company_id=employer.company_id,
        job_id=body.job_id,
        profile_id=body.candidate_id,
        salary=body.salary,
        currency=body.currency,
        message=body.message,
        bonus_percent=body.bonus_percent,
        equity_per_year=body.equity_per_year,
        equity_vesting=body.equity_vesting,
    )
    view = service.view(session, request, benchmarks(understanding.salaries, session))
    return RequestSent(request=view, warnings=warnings + service.market_warnings(view))


@router.get("")
def list_requests(
    party: PartyDep,
    session: SessionDep,
    understanding: UnderstandingDep,
    page: PageDep,
    job_id: uuid.UUID | None = None,
    request_status: Annotated[list[RequestStatus] | None, Query(alias="status")] = None,
) -> Page[RequestView]:
    items, total = service.list_for(
        session,
        party,
        statuses=request_status,
        job_id=job_id,
        limit=page.limit,
        offset=page.offset,
        benchmark=benchmarks(understanding.salaries, session),
    )
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{request_id}")
def get_request(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, understanding: UnderstandingDep
) -> RequestView:
    return service.view(
        session,
        service.get_for(session, party, request_id),
        benchmarks(understanding.salaries, session),
    )


@router.post("/{request_id}/accept")
def accept(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, understanding: UnderstandingDep
) -> RequestView:
    return service.view(
        session,
        service.accept(session, party, request_id),
        benchmarks(understanding.salaries, session),
    )


@router.post("/{request_id}/decline")
def decline(
    request_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    understanding: UnderstandingDep,
    body: DeclineRequest | None = None,
) -> RequestView:
    reason = body.reason if body else ""
    return service.view(
        session,
        service.decline(session, party, request_id, reason),
        benchmarks(understanding.salaries, session),
    )


@router.post("/{request_id}/withdraw")
def withdraw(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, understanding: UnderstandingDep
) -> RequestView:
    return service.view(
        session,
        service.withdraw(session, party, request_id),
        benchmarks(understanding.salaries, session),
    )


@router.post("/{request_id}/stage")
def move_stage(
    request_id: uuid.UUID,
    body: StageChange,
    party: PartyDep,
    session: SessionDep,
    understanding: UnderstandingDep,
) -> RequestView:
    request = service.move_stage(session, party, request_id, body.stage, body.note)
    return service.view(session, request, benchmarks(understanding.salaries, session))


@router.get("/{request_id}/messages")
def list_messages(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep
) -> list[MessagePublic]:
    return service.messages(session, party, request_id)


@router.post(
    "/{request_id}/messages", status_code=status.HTTP_201_CREATED, dependencies=[MESSAGE_LIMIT]
)
def post_message(
    request_id: uuid.UUID, body: MessageCreate, party: PartyDep, session: SessionDep
) -> MessagePublic:
    return service.post_message(session, party, request_id, body.body)


# ------------------------------------------------------------------------ scheduling


@router.get("/{request_id}/slots")
def list_slots(request_id: uuid.UUID, party: PartyDep, session: SessionDep) -> list[SlotView]:
    """Every interview time proposed on the request (UTC, with the zone it was proposed in)."""
    return [SlotView.model_validate(s) for s in scheduling.slots_for(session, party, request_id)]


@router.post("/{request_id}/slots", status_code=status.HTTP_201_CREATED)
def propose_slots(
    request_id: uuid.UUID,
    body: SlotProposal,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> list[SlotView]:
    """The company proposes interview times in its time zone; times nobody picked from an
    earlier proposal close. Past or overlapping times are refused (422)."""
    created = scheduling.propose(
        session,
        settings,
        party,
        request_id,
        timezone=body.timezone,
        slots=[scheduling.SlotTime(s.start, s.minutes) for s in body.slots],
    )
    return [SlotView.model_validate(s) for s in created]


@router.post("/{request_id}/slots/{slot_id}/pick")
def pick_slot(
    request_id: uuid.UUID,
    slot_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> SlotView:
    """The candidate picks a time: both sides are e-mailed an iCalendar invite."""
    return SlotView.model_validate(scheduling.pick(session, settings, party, request_id, slot_id))


@router.get(
    "/{request_id}/slots/{slot_id}/invite.ics",
    response_class=Response,
    responses={200: {"content": {scheduling.CALENDAR_TYPE: {}}}},
)
def slot_invite(
    request_id: uuid.UUID,
    slot_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The booked interview as an iCalendar file."""
    return calendar_response(scheduling.invite_for(session, settings, party, request_id, slot_id))


def calendar_response(invite: Attachment) -> Response:
    return Response(
        invite.content,
        media_type=f"{invite.content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{invite.filename}"'},
    )


# ---------------------------------------------------------------------------- offers


@router.get("/{request_id}/offers")
def list_offers(request_id: uuid.UUID, party: PartyDep, session: SessionDep) -> list[OfferView]:
    """The request's offers, newest first."""
    return [offers.view(o) for o in offers.offers_for(session, party, request_id)]


@router.post("/{request_id}/offers", status_code=status.HTTP_201_CREATED)
def make_offer(
    request_id: uuid.UUID,
    body: OfferCreate,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> OfferView:
    """Make an offer (one live offer per request); the request moves to the Offer stage."""
    return offers.view(offers.make(session, settings, party, request_id, body))


@router.post("/{request_id}/offers/{offer_id}/accept")
def accept_offer(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
) -> OfferView:
    """The candidate accepts an unexpired offer and is hired."""
    return offers.view(offers.accept(session, settings, party, request_id, offer_id))


@router.post("/{request_id}/offers/{offer_id}/decline")
def decline_offer(
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    party: PartyDep,
    session: SessionDep,
    settings: SettingsDep,
    body: OfferAnswer | None = None,
) -> OfferView:
    reason = body.reason if body else ""
    return offers.view(offers.decline(session, settings, party, request_id, offer_id, reason))


@router.post("/{request_id}/offers/{offer_id}/withdraw")
def withdraw_offer(
    request_id: uuid.UUID, offer_id: uuid.UUID, party: PartyDep, session: SessionDep
) -> OfferView:
    return offers.view(offers.withdraw(session, party, request_id, offer_id))
