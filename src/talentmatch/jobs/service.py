"""Jobs: a company's members post and edit them; open jobs are visible to every user."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.schemas import JobPublic
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import InvalidInput, NotFound


def to_public(job: Job, company_name: str) -> JobPublic:
    result = JobPublic.model_validate(job)
    result.company_name = company_name
    return result


def create_job(
    session: Session, *, company_id: uuid.UUID, author: User, fields: dict[str, Any]
) -> Job:
    if fields.get("status") is JobStatus.CLOSED:
        raise InvalidInput("a new job is draft or open", field="status")
    job = Job(company_id=company_id, created_by_user_id=author.id, **fields)
    session.add(job)
    session.flush()
    return job


def visible_job(session: Session, job_id: uuid.UUID, *, company_id: uuid.UUID | None) -> Job:
    """Open jobs for everyone; drafts and closed jobs only for their own company."""
    job = JobRepository(session).get(job_id)
    if job is None or (job.status is not JobStatus.OPEN and job.company_id != company_id):
        raise NotFound("job")
    return job


def own_job(session: Session, job_id: uuid.UUID, company_id: uuid.UUID) -> Job:
    job = JobRepository(session).get(job_id)
    if job is None or job.company_id != company_id:
        raise NotFound("job")
    return job


def update_job(session: Session, job: Job, changes: dict[str, Any]) -> Job:
    salary_min = changes.get("salary_min", job.salary_min)
    salary_max = changes.get("salary_max", job.salary_max)
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise InvalidInput("salary_min must not exceed salary_max", field="salary_min")
    new_status = changes.get("status")
    if new_status is not None and new_status is not job.status:
        if job.status is JobStatus.CLOSED:
            raise InvalidInput("a closed job stays closed; post a new one", field="status")
        job.closed_at = utcnow() if new_status is JobStatus.CLOSED else None
    for field, value in changes.items():
        setattr(job, field, value)
    session.flush()
    return job
