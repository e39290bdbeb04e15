"""Jobs: a company's members post and edit them; open jobs are visible to every user."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.jobs.models import Job, JobStatus, RemotePolicy, Seniority
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.schemas import JobPublic
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import InvalidInput, NotFound
from talentmatch.ml.jobs import ParsedJob
from talentmatch.ml.seniority import JOB_LEVEL
from talentmatch.understanding import Understanding

# Every level the parser reads -> the one a job is filed under ("executive" -> "lead").
_SENIORITY = {level: Seniority(job_level) for level, job_level in JOB_LEVEL.items()}


def to_public(job: Job, company_name: str) -> JobPublic:
    result = JobPublic.model_validate(job)
    result.company_name = company_name
    return result


def create_job(
    session: Session,
    understanding: Understanding,
    *,
    company_id: uuid.UUID,
    author: User,
    fields: dict[str, Any],
    provided: set[str],
) -> Job:
    """Post a job; what the employer did not give (``provided``) is filled from its text."""
    job = new_job(
        understanding, company_id=company_id, author=author, fields=fields, provided=provided
    )
    session.add(job)
    session.flush()
    return job


def new_job(
    understanding: Understanding,
    *,
    company_id: uuid.UUID,
    author: User,
    fields: dict[str, Any],
    provided: set[str],
) -> Job:
    """The job :func:`create_job` posts, filled from its text but not yet added to a session
    (bulk imports parse a batch first and write each job in a transaction of its own)."""
    if fields.get("status") is JobStatus.CLOSED:
        raise InvalidInput("a new job is draft or open", field="status")
    job = Job(company_id=company_id, created_by_user_id=author.id, **fields)
    fill_from_text(understanding, job, provided)
    return job


def fill_from_text(understanding: Understanding, job: Job, provided: set[str]) -> None:
    """Parse the job's title and description; fill what the employer did not give."""
    parsed = understanding.read_job(job.title, job.description)
    job.parsed = parsed.as_dict()
    for name, value in parsed_fields(parsed).items():
        if name not in provided and value:
            setattr(job, name, value)


def parsed_fields(parsed: ParsedJob) -> dict[str, Any]:
    """Job columns as the parser read them from the title and description."""
    values: dict[str, Any] = {
        "required_skills": [s.name for s in parsed.required_skills][:100],
        "nice_to_have_skills": [s.name for s in parsed.nice_to_have_skills][:100],
        "seniority": _SENIORITY.get(parsed.seniority or ""),
        "location": (parsed.location or "")[:200],
        "country": parsed.country or "",
        "remote_policy": RemotePolicy(parsed.remote_policy) if parsed.remote_policy else None,
    }
    if parsed.salary is not None:
        values.update(
            salary_min=parsed.salary.minimum,
            salary_max=parsed.salary.maximum,
            currency=parsed.salary.currency,
        )
    return values


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


def update_job(
    session: Session, understanding: Understanding, job: Job, changes: dict[str, Any]
) -> Job:
    """Apply the employer's corrections. A new title or description is parsed again (the
    structure is kept for matching) without overwriting fields the employer set."""
    salary_min = changes.get("salary_min", job.salary_min)
    salary_max = changes.get("salary_max", job.salary_max)
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise InvalidInput("the lowest salary of the band is above its highest", field="salary_min")
    new_status = changes.get("status")
    if new_status is not None and new_status is not job.status:
        if job.status is JobStatus.CLOSED:
            raise InvalidInput("a closed job stays closed; post a new one", field="status")
        job.closed_at = utcnow() if new_status is JobStatus.CLOSED else None
    for field, value in changes.items():
        setattr(job, field, value)
    if "title" in changes or "description" in changes:
        job.parsed = understanding.read_job(job.title, job.description).as_dict()
    session.flush()
    return job
