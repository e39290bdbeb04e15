from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.interviews.models import (
    OPEN_REQUEST_STATUSES,
    InterviewRequest,
    InterviewSlot,
    Message,
    Offer,
    OfferStatus,
    RequestEvent,
    RequestStatus,
    SlotStatus,
)
from talentmatch.kit.queries import among

# What a request refers to, loaded by id in batches for its views.


class InterviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, request_id: uuid.UUID) -> InterviewRequest | None:
        return self.session.get(InterviewRequest, request_id)

    def revealed_to(
        self, company_id: uuid.UUID, profile_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Which of ``profile_ids`` accepted a request from this company (identity is shown)."""
        return set(
            self.session.scalars(
                sa.select(InterviewRequest.candidate_profile_id).where(
                    InterviewRequest.company_id == company_id,
                    among(self.session, InterviewRequest.candidate_profile_id, profile_ids),
                    InterviewRequest.status == RequestStatus.ACCEPTED,
                )
            )
        )

    def profiles_asked_by(self, company_id: uuid.UUID) -> set[uuid.UUID]:
        """The profiles the company has sent any request to."""
        return set(
            self.session.scalars(
                sa.select(InterviewRequest.candidate_profile_id).where(
                    InterviewRequest.company_id == company_id
                )
            )
        )

    def has_request_from(self, company_id: uuid.UUID, profile_id: uuid.UUID) -> bool:
        """Whether this company ever sent the profile a request, whatever became of it."""
        found = self.session.scalar(
            sa.select(InterviewRequest.id)
            .where(
                InterviewRequest.company_id == company_id,
                InterviewRequest.candidate_profile_id == profile_id,
            )
            .limit(1)
        )
        return found is not None

    def open_request(self, job_id: uuid.UUID, profile_id: uuid.UUID) -> InterviewRequest | None:
        return self.session.scalar(
            sa.select(InterviewRequest).where(
                InterviewRequest.job_id == job_id,
                InterviewRequest.candidate_profile_id == profile_id,
                InterviewRequest.status.in_(OPEN_REQUEST_STATUSES),
            )
        )

    def open_requests_for_job(self, job_id: uuid.UUID) -> dict[uuid.UUID, uuid.UUID]:
        """Candidate profile id -> id of the open request this job already sent them."""
        rows = self.session.execute(
            sa.select(InterviewRequest.candidate_profile_id, InterviewRequest.id).where(
                InterviewRequest.job_id == job_id,
                InterviewRequest.status.in_(OPEN_REQUEST_STATUSES),
            )
        ).all()
        return {profile_id: request_id for profile_id, request_id in rows}

    def lock(self, request: InterviewRequest) -> None:
        """Hold the request's row until commit and read it again (``populate_existing``), so
        concurrent writers on one request go one after the other, each seeing the last."""
        self.session.execute(
            sa.select(InterviewRequest)
            .where(InterviewRequest.id == request.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    def overdue(self, now: datetime) -> Sequence[InterviewRequest]:
        return self.session.scalars(
            sa.select(InterviewRequest)
            .where(
                InterviewRequest.status == RequestStatus.SENT, InterviewRequest.expires_at <= now
            )
            .with_for_update(skip_locked=True)
        ).all()

    def page(
        self,
        *,
        company_id: uuid.UUID | None = None,
        profile_id: uuid.UUID | None = None,
        job_id: uuid.UUID | None = None,
        statuses: Sequence[RequestStatus] | None = None,
        limit: int,
        offset: int,
    ) -> tuple[Sequence[InterviewRequest], int]:
        query = sa.select(InterviewRequest)
        if company_id is not None:
            query = query.where(InterviewRequest.company_id == company_id)
        if profile_id is not None:
            query = query.where(InterviewRequest.candidate_profile_id == profile_id)
        if job_id is not None:
            query = query.where(InterviewRequest.job_id == job_id)
        if statuses:
            query = query.where(InterviewRequest.status.in_(statuses))
        total = self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        items = self.session.scalars(
            query.order_by(InterviewRequest.created_at.desc(), InterviewRequest.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return items, total

    def events(self, request_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[RequestEvent]]:
        grouped: dict[uuid.UUID, list[RequestEvent]] = {rid: [] for rid in request_ids}
        for event in self.session.scalars(
            sa.select(RequestEvent)
            .where(RequestEvent.request_id.in_(request_ids))
            .order_by(RequestEvent.created_at, RequestEvent.id)
        ):
            grouped[event.request_id].append(event)
        return grouped

    def messages(self, request_id: uuid.UUID) -> list[tuple[Message, str]]:
        rows = self.session.execute(
            sa.select(Message, User.full_name)
            .join(User, User.id == Message.sender_user_id)
            .where(Message.request_id == request_id)
            .order_by(Message.created_at, Message.id)
        ).all()
        return [(message, name) for message, name in rows]

    def due_for_reminder(self, now: datetime, window: timedelta) -> Sequence[InterviewRequest]:
        """Sent requests not yet reminded that expire within ``window``, soonest first, locked
        (requests busy elsewhere are skipped)."""
        return self.session.scalars(
            sa.select(InterviewRequest)
            .where(
                InterviewRequest.status == RequestStatus.SENT,
                InterviewRequest.reminder_sent_at.is_(None),
                InterviewRequest.expires_at > now,
                InterviewRequest.expires_at <= now + window,
            )
            .order_by(InterviewRequest.expires_at)
            .with_for_update(skip_locked=True)
        ).all()

    # ------------------------------------------------------------------------- offers

    def offers(self, request_id: uuid.UUID) -> list[Offer]:
        """A request's offers, newest first."""
        return list(
            self.session.scalars(
                sa.select(Offer)
                .where(Offer.request_id == request_id)
                .order_by(Offer.created_at.desc(), Offer.id)
            )
        )

    def live_offer(self, request_id: uuid.UUID) -> Offer | None:
        return self.session.scalar(
            sa.select(Offer).where(Offer.request_id == request_id, Offer.status == OfferStatus.OPEN)
        )

    def offer_for_update(self, request_id: uuid.UUID, offer_id: uuid.UUID) -> Offer | None:
        """The request's offer, locked and read again; callers lock the request first, the
        order every writer of offers takes."""
        return self.session.scalar(
            sa.select(Offer)
            .where(Offer.id == offer_id, Offer.request_id == request_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    def lock_requests_with_lapsed_offers(self, now: datetime) -> Sequence[uuid.UUID]:
        """Ids of the requests with an open offer past its expiry, their rows locked (requests
        busy elsewhere are skipped)."""
        return self.session.scalars(
            sa.select(InterviewRequest.id)
            .join(Offer, Offer.request_id == InterviewRequest.id)
            .where(Offer.status == OfferStatus.OPEN, Offer.expires_at <= now)
            .with_for_update(of=InterviewRequest, skip_locked=True)
        ).all()

    def lapsed_offers(self, request_ids: Sequence[uuid.UUID], now: datetime) -> Sequence[Offer]:
        """The open offers past their expiry of ``request_ids``, locked and read again."""
        return self.session.scalars(
            sa.select(Offer)
            .where(
                Offer.request_id.in_(request_ids),
                Offer.status == OfferStatus.OPEN,
                Offer.expires_at <= now,
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()

    # -------------------------------------------------------------------------- slots

    def slots(self, request_id: uuid.UUID) -> list[InterviewSlot]:
        """Every time proposed on a request, earliest first."""
        return list(
            self.session.scalars(
                sa.select(InterviewSlot)
                .where(InterviewSlot.request_id == request_id)
                .order_by(InterviewSlot.starts_at, InterviewSlot.id)
            )
        )

    def proposed_slots(self, request_id: uuid.UUID) -> Sequence[InterviewSlot]:
        """The request's times still waiting for the candidate's pick."""
        return self.session.scalars(
            sa.select(InterviewSlot).where(
                InterviewSlot.request_id == request_id, InterviewSlot.status == SlotStatus.PROPOSED
            )
        ).all()

    def get_slot(self, slot_id: uuid.UUID) -> InterviewSlot | None:
        return self.session.get(InterviewSlot, slot_id)

    def slot_read_again(self, request_id: uuid.UUID, slot_id: uuid.UUID) -> InterviewSlot | None:
        """The request's slot as the database has it now (a concurrent pick shows)."""
        return self.session.scalar(
            sa.select(InterviewSlot)
            .where(InterviewSlot.id == slot_id, InterviewSlot.request_id == request_id)
            .execution_options(populate_existing=True)
        )
