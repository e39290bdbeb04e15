"""Queries of the insights domain (the pay data; the funnel's live in service.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.jobs.models import Job


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
