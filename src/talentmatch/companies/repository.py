from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.companies.models import Company, CompanyMember, Invitation
from talentmatch.db import Base
from talentmatch.interviews.models import InterviewRequest
from talentmatch.jobs.models import Job, JobStatus


@dataclass(frozen=True)
class CompanyCounts:
    company: Company
    members: int
    open_jobs: int
    requests: int


class CompanyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, company_id: uuid.UUID) -> Company | None:
        return self.session.get(Company, company_id)

    def members(self, company_id: uuid.UUID) -> list[tuple[CompanyMember, User]]:
        rows = self.session.execute(
            sa.select(CompanyMember, User)
            .join(User, User.id == CompanyMember.user_id)
            .where(CompanyMember.company_id == company_id)
            .order_by(CompanyMember.created_at)
        ).all()
        return [(member, user) for member, user in rows]

    def member_user_ids(self, company_id: uuid.UUID) -> list[uuid.UUID]:
        return list(
            self.session.scalars(
                sa.select(CompanyMember.user_id).where(CompanyMember.company_id == company_id)
            )
        )

    def company_id_of(self, user_id: uuid.UUID) -> uuid.UUID | None:
        """The company an employer account belongs to, if any."""
        return self.session.scalar(
            sa.select(CompanyMember.company_id).where(CompanyMember.user_id == user_id)
        )

    def invitation_by_digest(self, digest: str) -> Invitation | None:
        return self.session.scalar(sa.select(Invitation).where(Invitation.token_digest == digest))

    def page_with_counts(self, *, limit: int, offset: int) -> tuple[list[CompanyCounts], int]:
        """Companies with their member, open-job and request counts, newest first."""

        def count(model: type[Base], *where: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
            return (
                sa.select(sa.func.count())
                .select_from(model)
                .where(*where)
                .correlate(Company)
                .scalar_subquery()
            )

        query = sa.select(
            Company,
            count(CompanyMember, CompanyMember.company_id == Company.id),
            count(Job, Job.company_id == Company.id, Job.status == JobStatus.OPEN),
            count(InterviewRequest, InterviewRequest.company_id == Company.id),
        ).order_by(Company.created_at.desc(), Company.id)
        total = self.session.scalar(sa.select(sa.func.count()).select_from(Company)) or 0
        rows = self.session.execute(query.limit(limit).offset(offset)).all()
        return [CompanyCounts(c, m, j, r) for c, m, j, r in rows], total
