from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.companies.models import Company
from talentmatch.interviews.models import InterviewRequest
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.kit.queries import among, chunked


class JobRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_ids(self, job_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Job]:
        """The jobs of ``job_ids`` by id, in chunked ``IN`` lists."""
        found: dict[uuid.UUID, Job] = {}
        for chunk in chunked(job_ids):
            found.update(
                (j.id, j)
                for j in self.session.scalars(
                    sa.select(Job).where(among(self.session, Job.id, chunk))
                )
            )
        return found

    def get(self, job_id: uuid.UUID) -> Job | None:
        return self.session.get(Job, job_id)

    def page(
        self,
        *,
        company_id: uuid.UUID | None,
        statuses: Sequence[JobStatus],
        limit: int,
        offset: int,
    ) -> tuple[list[tuple[Job, str]], int]:
        where: list[sa.ColumnElement[bool]] = [Job.status.in_(statuses)]
        if company_id is not None:
            where.append(Job.company_id == company_id)
        # Counted on jobs alone (every job has its company): an index range, not a join.
        total = self.session.scalar(sa.select(sa.func.count(Job.id)).where(*where)) or 0
        query = sa.select(Job, Company.name).join(Company, Company.id == Job.company_id)
        # The order of ix_jobs_status_created_at read backwards (for one status), so a page
        # stops after offset + limit rows instead of sorting them all.
        order = (Job.created_at.desc(), Job.id.desc())
        rows = self.session.execute(
            query.where(*where).order_by(*order).limit(limit).offset(offset)
        ).all()
        return [(job, name) for job, name in rows], total

    def open_stamps_among(self, job_ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, datetime]]:
        """``(id, updated_at)`` of the open jobs of ``job_ids`` (a retrieval shortlist), in
        shortlist order: enough to tell whether a remembered post is current."""
        found: dict[uuid.UUID, datetime] = {}
        for chunk in chunked(job_ids):
            # The status is read, not searched: the shortlist drives the query, by primary key.
            query = sa.select(Job.id, Job.updated_at, Job.status).where(
                among(self.session, Job.id, chunk)
            )
            found.update(
                (job_id, at)
                for job_id, at, status in self.session.execute(query)
                if status is JobStatus.OPEN
            )
        return [(job_id, found[job_id]) for job_id in job_ids if job_id in found]

    def open_jobs(self) -> Sequence[Job]:
        return self.session.scalars(sa.select(Job).where(Job.status == JobStatus.OPEN)).all()

    def company_names(self, company_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        rows = self.session.execute(
            sa.select(Company.id, Company.name).where(among(self.session, Company.id, company_ids))
        ).all()
        return {company_id: name for company_id, name in rows}

    def company_name(self, company_id: uuid.UUID) -> str:
        return self.session.scalar(sa.select(Company.name).where(Company.id == company_id)) or ""

    def of_companies(self, company_ids: Sequence[uuid.UUID]) -> Sequence[Job]:
        """Every job of ``company_ids``, whatever its status, newest first."""
        return self.session.scalars(
            sa.select(Job).where(Job.company_id.in_(company_ids)).order_by(Job.created_at.desc())
        ).all()

    def requests_to_user(self, job_id: uuid.UUID, user_id: uuid.UUID) -> list[uuid.UUID]:
        """The interview requests this job sent the candidate profile of ``user_id``, newest
        first."""
        query = (
            sa.select(InterviewRequest.id)
            .join(CandidateProfile, CandidateProfile.id == InterviewRequest.candidate_profile_id)
            .where(InterviewRequest.job_id == job_id, CandidateProfile.user_id == user_id)
            .order_by(InterviewRequest.created_at.desc())
        )
        return list(self.session.scalars(query))
