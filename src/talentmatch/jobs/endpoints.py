from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy.orm import Session

from talentmatch.accounts.dependencies import CurrentUser, Employer
from talentmatch.accounts.models import User
from talentmatch.companies.repository import CompanyRepository
from talentmatch.deps import SessionDep, UnderstandingDep
from talentmatch.jobs import listing, service
from talentmatch.jobs.models import JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.schemas import JobCreate, JobListing, JobPublic, JobUpdate
from talentmatch.kit.pagination import Page, PageDep

router = APIRouter(prefix="/api/jobs", tags=["jobs"])


def _company_of(session: Session, user: User) -> uuid.UUID | None:
    return CompanyRepository(session).company_id_of(user.id)


@router.post("", status_code=status.HTTP_201_CREATED)
def post_job(
    body: JobCreate, employer: Employer, session: SessionDep, understanding: UnderstandingDep
) -> JobPublic:
    """Post a job. Skills, level, salary, place and remote policy left out are read from the
    description; correct them with PATCH."""
    job = service.create_job(
        session,
        understanding,
        company_id=employer.company_id,
        author=employer.user,
        fields=body.model_dump(),
        provided=body.model_fields_set,
    )
    return service.to_public(job, JobRepository(session).company_name(job.company_id))


@router.get("")
def list_jobs(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    company_id: uuid.UUID | None = None,
    job_status: Annotated[list[JobStatus] | None, Query(alias="status")] = None,
) -> Page[JobPublic]:
    """Open jobs; a company's own members also see its drafts and closed jobs."""
    own_company = _company_of(session, user)
    statuses = job_status or [JobStatus.OPEN]
    if company_id is None or company_id != own_company:
        statuses = [s for s in statuses if s is JobStatus.OPEN]
    rows, total = JobRepository(session).page(
        company_id=company_id, statuses=statuses, limit=page.limit, offset=page.offset
    )
    items = [service.to_public(job, name) for job, name in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{job_id}")
def get_job(job_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> JobPublic:
    job = service.visible_job(session, job_id, company_id=_company_of(session, user))
    return service.to_public(job, JobRepository(session).company_name(job.company_id))


@router.get("/{job_id}/listing")
def get_listing(job_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> JobListing:
    """The job as a candidate reads it, with the company's profile: open jobs for everyone;
    a closed job also for a candidate it sent a request (``your_requests``)."""
    return listing.listing(session, job_id, user)


@router.patch("/{job_id}")
def update_job(
    job_id: uuid.UUID,
    body: JobUpdate,
    employer: Employer,
    session: SessionDep,
    understanding: UnderstandingDep,
) -> JobPublic:
    job = service.own_job(session, job_id, employer.company_id)
    service.update_job(session, understanding, job, body.model_dump(exclude_unset=True))
    return service.to_public(job, JobRepository(session).company_name(job.company_id))
