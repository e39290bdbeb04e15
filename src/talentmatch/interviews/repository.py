from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.interviews.models import (
    OPEN_REQUEST_STATUSES,
    InterviewRequest,
    Message,
    RequestEvent,
    RequestStatus,
)


class InterviewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, request_id: uuid.UUID) -> InterviewRequest | None:
        return self.session.get(InterviewRequest, request_id)

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
