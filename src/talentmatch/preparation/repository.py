"""Queries for practice history and the interviews a candidate is preparing for."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.companies.models import Company
from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.interviews.stages import CLOSED
from talentmatch.jobs.models import Job
from talentmatch.preparation.models import PracticeCard, PracticeReview

# Accepted requests still worth preparing for.


class PracticeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def cards(self, profile_id: uuid.UUID) -> Sequence[PracticeCard]:
        return self.session.scalars(
            sa.select(PracticeCard).where(PracticeCard.profile_id == profile_id)
        ).all()

    def card(self, profile_id: uuid.UUID, question_id: str) -> PracticeCard | None:
        return self.session.scalar(
            sa.select(PracticeCard).where(
                PracticeCard.profile_id == profile_id, PracticeCard.question_id == question_id
            )
        )

    def reviews_since(self, profile_id: uuid.UUID, since: datetime) -> int:
        return (
            self.session.scalar(
                sa.select(sa.func.count())
                .select_from(PracticeReview)
                .where(PracticeReview.profile_id == profile_id, PracticeReview.created_at >= since)
            )
            or 0
        )

    def upcoming_interviews(self, profile_id: uuid.UUID) -> list[tuple[InterviewRequest, Job, str]]:
        """Accepted requests whose loop is not over, newest first, with job and company name."""
        rows = self.session.execute(
            sa.select(InterviewRequest, Job, Company.name)
            .join(Job, Job.id == InterviewRequest.job_id)
            .join(Company, Company.id == InterviewRequest.company_id)
            .where(
                InterviewRequest.candidate_profile_id == profile_id,
                InterviewRequest.status == RequestStatus.ACCEPTED,
                sa.or_(InterviewRequest.stage.is_(None), InterviewRequest.stage.not_in(CLOSED)),
            )
            .order_by(InterviewRequest.created_at.desc())
        ).all()
        return [(request, job, name) for request, job, name in rows]
