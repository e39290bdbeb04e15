"""Offers at the Offer stage: the company offers yearly pay (as :class:`Compensation`: base,
target bonus, equity per year), a start date and an expiry; the candidate accepts or declines.

One live (open) offer per request at a time: the company withdraws it before making another,
or makes a new one after a decline or expiry. An offer past its expiry cannot be accepted; it
is marked expired at every read and by the periodic expiry task. Accepting hires the candidate
(the request moves to Hired and the profile leaves the marketplace).
"""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentmatch.candidates.models import ProfileStatus
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.config import Settings
from talentmatch.interviews import pay, scheduling, service
from talentmatch.interviews.models import (
    HiringStage,
    InterviewRequest,
    Offer,
    OfferStatus,
    SlotStatus,
)
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.interviews.schemas import OfferCreate, OfferView
from talentmatch.interviews.service import Party
from talentmatch.interviews.stages import stage_event_kind
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import Conflict, InvalidInput, NotFound
from talentmatch.ml.money import Compensation
from talentmatch.notifications.service import notify


def compensation(offer: Offer) -> Compensation:
    return Compensation(
        base=offer.base,
        currency=offer.currency,
        bonus_percent=offer.bonus_percent,
        equity_per_year=offer.equity_per_year,
        equity_vesting=offer.equity_vesting,
    )


def view(offer: Offer) -> OfferView:
    return OfferView(
        id=offer.id,
        request_id=offer.request_id,
        status=offer.status,
        compensation=pay.compensation_view(compensation(offer)),
        start_date=offer.start_date,
        expires_at=as_utc(offer.expires_at),
        decline_reason=offer.decline_reason,
        responded_at=offer.responded_at,
        created_at=offer.created_at,
    )


def offers_for(session: Session, party: Party, request_id: uuid.UUID) -> list[Offer]:
    """A request's offers, newest first (expired ones already marked)."""
    request = service.get_for(session, party, request_id)  # expires lapsed offers too
    return InterviewRepository(session).offers(request.id)


def make(
    session: Session, settings: Settings, party: Party, request_id: uuid.UUID, body: OfferCreate
) -> Offer:
    """Make an offer; the request moves to the Offer stage if it is not there yet."""
    request = service.company_request(session, party, request_id)
    scheduling.lock(session, request)
    scheduling.require_open_hiring(request, "offers are made")
    now = utcnow()
    if body.expires_at.year > now.year + 1 or body.start_date.year > now.year + 5:
        raise InvalidInput("the offer must expire within a year, and start within five")
    if body.expires_at.year < now.year - 1:
        raise InvalidInput("the offer must expire in the future", field="expires_at")
    # Any offset the client sent, as UTC: SQLite keeps the wall-clock time only.
    expires = (
        body.expires_at.astimezone(UTC)
        if body.expires_at.tzinfo
        else body.expires_at.replace(tzinfo=UTC)
    )
    if expires <= now:
        raise InvalidInput("the offer must expire in the future", field="expires_at")
    if expires - now > timedelta(days=366):
        raise InvalidInput("the offer must expire within a year", field="expires_at")
    if body.start_date < now.date():
        raise InvalidInput("the start date is in the past", field="start_date")
    if expires.date() > body.start_date:
        raise InvalidInput("the offer must expire before the start date", field="expires_at")
    if InterviewRepository(session).live_offer(request.id) is not None:
        raise Conflict("this candidate already has a live offer: withdraw it before making another")
    offer = Offer(
        request_id=request.id,
        created_by_user_id=party.user.id,
        base=body.base,
        currency=body.currency,
        bonus_percent=body.bonus_percent or None,
        equity_per_year=body.equity_per_year or None,
        equity_vesting=(body.equity_vesting or None) if body.equity_per_year else None,
        start_date=body.start_date,
        expires_at=expires,
        status=OfferStatus.OPEN,
    )
    try:
        with session.begin_nested():
            session.add(offer)
            session.flush()
    except IntegrityError as exc:  # another offer made at the same moment
        raise Conflict("this candidate already has a live offer") from exc
    if request.stage is not HiringStage.OFFER:
        request.stage = HiringStage.OFFER
        service.record(
            session, request, party.user, stage_event_kind(HiringStage.OFFER), "offer made"
        )
    described = compensation(offer).describe()
    service.record(
        session,
        request,
        party.user,
        "offer_made",
        f"{described}; start {offer.start_date:%Y-%m-%d}; answer by {expires:%Y-%m-%d %H:%M} UTC",
    )
    candidate = service.candidate_user(session, request)
    job = JobRepository(session).get(request.job_id)
    if candidate is not None and job is not None:
        notify(
            session,
            settings,
            user=candidate,
            kind="offer",
            title=f"Job offer from {service.company_name(session, request)}: {job.title}",
            body=(
                f"You have an offer for {job.title}: {described}, starting "
                f"{offer.start_date:%Y-%m-%d}. It expires on {expires:%Y-%m-%d at %H:%M} UTC; "
                f"accept or decline it here: {settings.public_url.rstrip('/')}"
                f"/requests/{request.id}"
            ),
            link=f"/requests/{request.id}",
        )
    return offer


def accept(
    session: Session, settings: Settings, party: Party, request_id: uuid.UUID, offer_id: uuid.UUID
) -> Offer:
    """The candidate accepts an open, unexpired offer: they are hired."""
    request, offer = _candidate_offer(session, party, request_id, offer_id, "accepted")
    offer.status, offer.responded_at = OfferStatus.ACCEPTED, utcnow()
    service.record(session, request, party.user, "offer_accepted", compensation(offer).describe())
    request.stage = HiringStage.HIRED
    service.record(
        session, request, party.user, stage_event_kind(HiringStage.HIRED), "offer accepted"
    )
    profile = CandidateRepository(session).get(request.candidate_profile_id)
    if profile is not None:
        profile.status = ProfileStatus.HIRED
    for slot in InterviewRepository(session).proposed_slots(request.id):
        slot.status = SlotStatus.CLOSED  # nobody needs to pick a time any more
    _tell_company(session, settings, request, offer, "accepted", "")
    return offer


def decline(
    session: Session,
    settings: Settings,
    party: Party,
    request_id: uuid.UUID,
    offer_id: uuid.UUID,
    reason: str,
) -> Offer:
    """The candidate declines an open offer; the request stays at the Offer stage, so the
    company may make another."""
    request, offer = _candidate_offer(session, party, request_id, offer_id, "declined")
    offer.status, offer.responded_at = OfferStatus.DECLINED, utcnow()
    offer.decline_reason = reason
    service.record(session, request, party.user, "offer_declined", reason)
    _tell_company(session, settings, request, offer, "declined", reason)
    return offer


def withdraw(session: Session, party: Party, request_id: uuid.UUID, offer_id: uuid.UUID) -> Offer:
    request = service.company_request(session, party, request_id)
    scheduling.lock(session, request)
    offer = _offer_of(session, request, offer_id)
    if offer.status is not OfferStatus.OPEN:
        raise Conflict(f"this offer was {offer.status.value}: it cannot be withdrawn now")
    offer.status = OfferStatus.WITHDRAWN
    service.record(session, request, party.user, "offer_withdrawn", "")
    return offer


# ------------------------------------------------------------------------------ helpers


def _offer_of(session: Session, request: InterviewRequest, offer_id: uuid.UUID) -> Offer:
    # After the request's lock, in that order everywhere.
    offer = InterviewRepository(session).offer_for_update(request.id, offer_id)
    if offer is None:
        raise NotFound("offer")
    return offer


def _candidate_offer(
    session: Session, party: Party, request_id: uuid.UUID, offer_id: uuid.UUID, target: str
) -> tuple[InterviewRequest, Offer]:
    request = service.candidate_request(session, party, request_id)
    scheduling.lock(session, request)
    offer = _offer_of(session, request, offer_id)
    lapsed = offer.status is OfferStatus.OPEN and as_utc(offer.expires_at) <= utcnow()
    if lapsed or offer.status is OfferStatus.EXPIRED:
        # Checked here as well as at read time: the clock may pass the expiry in between.
        raise Conflict(
            f"this offer expired on {as_utc(offer.expires_at):%Y-%m-%d at %H:%M} UTC "
            f"and can no longer be {target}"
        )
    if offer.status is not OfferStatus.OPEN:
        raise Conflict(f"this offer was {offer.status.value}: it cannot be {target} now")
    scheduling.require_open_hiring(request, f"offers are {target}")
    return request, offer


def _tell_company(
    session: Session,
    settings: Settings,
    request: InterviewRequest,
    offer: Offer,
    answer: str,
    reason: str,
) -> None:
    job = JobRepository(session).get(request.job_id)
    title = job.title if job is not None else "the job"
    people = list({offer.created_by_user_id, request.sender_user_id})
    for user in CandidateRepository(session).users_by_id(people).values():
        notify(
            session,
            settings,
            user=user,
            kind="offer_answered",
            title=f"Offer {answer}: {title}",
            body=(
                f"The candidate {answer} your offer for {title} "
                f"({compensation(offer).describe()})."
                + (f"\n\nTheir reason: {reason}" if reason else "")
            ),
            link=f"/requests/{request.id}",
        )
