"""Queries of the insights domain: the hiring funnel's and the pay data's."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.interviews.models import InterviewRequest, RequestEvent, RequestStatus
from talentmatch.jobs.models import Job


class FunnelRepository:
    """A company's requests and their shared history (one job's, or all its jobs')."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _scope(company_id: uuid.UUID, job_id: uuid.UUID | None) -> list[sa.ColumnElement[bool]]:
        scope = [InterviewRequest.company_id == company_id]
        if job_id is not None:
            scope.append(InterviewRequest.job_id == job_id)
        return scope

    def requests(
        self, company_id: uuid.UUID, job_id: uuid.UUID | None = None
    ) -> Sequence[InterviewRequest]:
        return self.session.scalars(
            sa.select(InterviewRequest).where(*self._scope(company_id, job_id))
        ).all()

    def events(
        self, company_id: uuid.UUID, job_id: uuid.UUID | None = None
    ) -> defaultdict[uuid.UUID, list[RequestEvent]]:
        """Each request's history, oldest first (a request without any maps to [])."""
        events: defaultdict[uuid.UUID, list[RequestEvent]] = defaultdict(list)
        # A join rather than an IN list: a company's history can be long.
        rows = self.session.scalars(
            sa.select(RequestEvent)
            .join(InterviewRequest, InterviewRequest.id == RequestEvent.request_id)
            .where(*self._scope(company_id, job_id))
            .order_by(RequestEvent.created_at, RequestEvent.id)
        ).all()
        for event in rows:
            events[event.request_id].append(event)
        return events


@dataclass(frozen=True)
class RequestPay:
    """One interview request's salary with what its cell is made of."""

    company_id: uuid.UUID
    salary: int
    currency: str
    sent_at: datetime | None
    job_title: str
    seniority: str | None  # the job's, as posted
    parsed: dict[str, Any] | None  # the job's parsed text (a level read from it)
    country: str


def request_pay(session: Session) -> Iterator[RequestPay]:
    """Every interview request's salary but withdrawn ones, with its job's title, level and
    country, streamed in chunks."""
    query = (
        sa.select(
            InterviewRequest.company_id,
            InterviewRequest.salary,
            InterviewRequest.currency,
            InterviewRequest.created_at,
            Job.title,
            Job.seniority,
            Job.parsed,
            Job.country,
        )
        .join(Job, Job.id == InterviewRequest.job_id)
        .where(InterviewRequest.status != RequestStatus.WITHDRAWN)
        .execution_options(yield_per=1000)
    )
    for company, salary, currency, sent_at, title, seniority, parsed, country in session.execute(
        query
    ):
        yield RequestPay(
            company,
            salary,
            currency,
            sent_at,
            title,
            seniority.value if seniority else None,
            parsed,
            country or "",
        )
