from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from talentmatch.accounts.auth import CurrentUser, Employer
from talentmatch.accounts.models import Role
from talentmatch.accounts.throttle import MESSAGE_LIMIT
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.repository import CompanyRepository
from talentmatch.deps import SessionDep, SettingsDep, UnderstandingDep
from talentmatch.interviews import service
from talentmatch.interviews.models import RequestStatus
from talentmatch.interviews.schemas import (
    DeclineRequest,
    MessageCreate,
    MessagePublic,
    RequestCreate,
    RequestSent,
    RequestView,
    StageChange,
)
from talentmatch.interviews.service import Party
from talentmatch.kit.errors import Forbidden
from talentmatch.kit.pagination import Page, PageDep

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
    view = service.view(session, request, understanding.salaries)
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
        salaries=understanding.salaries,
    )
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{request_id}")
def get_request(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, understanding: UnderstandingDep
) -> RequestView:
    return service.view(
        session, service.get_for(session, party, request_id), understanding.salaries
    )


@router.post("/{request_id}/accept")
def accept(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, understanding: UnderstandingDep
) -> RequestView:
    return service.view(session, service.accept(session, party, request_id), understanding.salaries)


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
        session, service.decline(session, party, request_id, reason), understanding.salaries
    )


@router.post("/{request_id}/withdraw")
def withdraw(
    request_id: uuid.UUID, party: PartyDep, session: SessionDep, understanding: UnderstandingDep
) -> RequestView:
    return service.view(
        session, service.withdraw(session, party, request_id), understanding.salaries
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
    return service.view(session, request, understanding.salaries)


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
