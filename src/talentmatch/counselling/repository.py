"""Queries of the counselling domain: the roadmap steps a candidate marked done, the open jobs
the market's demand is read from, and the interview requests' salaries a benchmark blends in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.counselling.models import RoadmapProgress
from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.jobs.models import Job, JobStatus, Seniority


class RoadmapRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def done_skills(self, profile_id: uuid.UUID, role_id: str) -> Sequence[str]:
        """The skills of the role's roadmap the candidate marked done."""
        return self.session.scalars(
            sa.select(RoadmapProgress.skill_id).where(
                RoadmapProgress.profile_id == profile_id, RoadmapProgress.role_id == role_id
            )
        ).all()

    def step(self, profile_id: uuid.UUID, role_id: str, skill_id: str) -> RoadmapProgress | None:
        return self.session.scalar(
            sa.select(RoadmapProgress).where(
                RoadmapProgress.profile_id == profile_id,
                RoadmapProgress.role_id == role_id,
                RoadmapProgress.skill_id == skill_id,
            )
        )


class OpenJobText(NamedTuple):
    required_skills: list[str] | None
    nice_to_have_skills: list[str] | None
    title: str
    description: str


class OfferRow(NamedTuple):
    """An interview request's salary with what its job's title and level are read from."""

    salary: int
    currency: str
    created_at: datetime | None
    company_id: uuid.UUID
    job_title: str
    seniority: Seniority | None
    parsed: dict[str, Any] | None


class MarketRepository:
    """The marketplace as counselling reads it: what open jobs ask for, what companies offer."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open_job_texts(self) -> list[OpenJobText]:
        """Skills, title and description of every open job. Columns only, unlike
        JobRepository.open_jobs: every open job is read, and whole rows carry their parse."""
        rows = self.session.execute(
            sa.select(
                Job.required_skills, Job.nice_to_have_skills, Job.title, Job.description
            ).where(Job.status == JobStatus.OPEN)
        ).all()
        return [OpenJobText(*row) for row in rows]

    def offers(
        self,
        *,
        title_word: str | None,
        country: str | None = None,
        exclude: uuid.UUID | None = None,
    ) -> list[OfferRow]:
        """Salaries of the requests that are not withdrawn, for jobs whose title contains
        ``title_word`` (a coarse filter: the caller compares the whole title), in ``country``
        and other than the request ``exclude`` when given."""
        query = (
            sa.select(
                InterviewRequest.salary,
                InterviewRequest.currency,
                InterviewRequest.created_at,
                InterviewRequest.company_id,
                Job.title,
                Job.seniority,
                Job.parsed,
            )
            .join(Job, Job.id == InterviewRequest.job_id)
            .where(InterviewRequest.status != RequestStatus.WITHDRAWN)
        )
        if title_word:
            query = query.where(sa.func.lower(Job.title).contains(title_word, autoescape=True))
        if country:
            query = query.where(Job.country == country)
        if exclude is not None:
            query = query.where(InterviewRequest.id != exclude)
        return [OfferRow(*row) for row in self.session.execute(query)]
