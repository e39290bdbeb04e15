"""A job as anyone signed in reads it (the candidate's view of a request's or a match's job).

Who may read which job:

* an open job: everyone signed in. Job ads are public everywhere else too (and ``GET
  /api/jobs`` lists every open job already), so a narrower rule for the page would hide
  nothing; a candidate reading a job of a company they hide from tells that company nothing
  (no view is recorded);
* a closed job: its own company, and a candidate it sent a request (the request keeps its
  context after the job closes);
* a draft: its own company only.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.companies.repository import CompanyRepository
from talentmatch.companies.schemas import CompanyProfile
from talentmatch.companies.service import get_company
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.schemas import JobListing
from talentmatch.kit.errors import NotFound

_OF_JOB = set(JobListing.model_fields) - {"company", "your_requests"}


def requests_of_reader(session: Session, job_id: uuid.UUID, reader: User) -> list[uuid.UUID]:
    """The interview requests this job sent the reader (a candidate), newest first."""
    if reader.role is not Role.CANDIDATE:
        return []
    return JobRepository(session).requests_to_user(job_id, reader.id)


def readable_job(session: Session, job_id: uuid.UUID, reader: User) -> tuple[Job, list[uuid.UUID]]:
    """The job and the reader's requests for it; :class:`NotFound` when the reader may not
    read it (the same answer as for a job that does not exist)."""
    job = JobRepository(session).get(job_id)
    if job is None:
        raise NotFound("job")
    requests = requests_of_reader(session, job_id, reader)
    if job.status is JobStatus.OPEN or (job.status is JobStatus.CLOSED and requests):
        return job, requests
    if CompanyRepository(session).company_id_of(reader.id) == job.company_id:
        return job, requests
    raise NotFound("job")


def listing(session: Session, job_id: uuid.UUID, reader: User) -> JobListing:
    job, requests = readable_job(session, job_id, reader)
    company = CompanyProfile.model_validate(get_company(session, job.company_id))
    return JobListing.model_validate(
        {
            **{name: getattr(job, name) for name in JobListing.model_fields if name in _OF_JOB},
            "company": company,
            "your_requests": requests,
        }
    )
