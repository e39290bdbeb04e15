from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.companies.models import (
    Company,
    CompanyAlias,
    CompanyMember,
    HideExemption,
    Invitation,
    VettingDecision,
    VettingStatus,
)
from talentmatch.db import Base
from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.kit.company_names import domain_key, keys_for_company, name_key
from talentmatch.kit.queries import chunked


@dataclass(frozen=True)
class CompanyCounts:
    company: Company
    members: int
    open_jobs: int
    requests: int


class CompanyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_ids(self, company_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Company]:
        """The companies of ``company_ids`` by id, in chunked ``IN`` lists."""
        found: dict[uuid.UUID, Company] = {}
        for chunk in chunked(company_ids):
            query = sa.select(Company).where(Company.id.in_(chunk))
            found.update((c.id, c) for c in self.session.scalars(query))
        return found

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

    def members_among(self, company_ids: Sequence[uuid.UUID]) -> list[tuple[CompanyMember, User]]:
        """The members of each of ``company_ids``, oldest first."""
        rows = self.session.execute(
            sa.select(CompanyMember, User)
            .join(User, User.id == CompanyMember.user_id)
            .where(CompanyMember.company_id.in_(company_ids))
            .order_by(CompanyMember.created_at)
        ).all()
        return [(member, user) for member, user in rows]

    def member_user_ids(self, company_id: uuid.UUID) -> list[uuid.UUID]:
        return list(
            self.session.scalars(
                sa.select(CompanyMember.user_id).where(CompanyMember.company_id == company_id)
            )
        )

    def member(self, company_id: uuid.UUID, user_id: uuid.UUID) -> CompanyMember | None:
        return self.session.scalar(
            sa.select(CompanyMember).where(
                CompanyMember.company_id == company_id, CompanyMember.user_id == user_id
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

    # ------------------------------------------------------------------ identity and hiding

    def identity_keys(self, company: Company) -> set[str]:
        """Keys of every name and domain the company has, had, or has asked to take."""
        keys = keys_for_company(company.name, company.domain)
        values = [
            (kind, value)
            for kind, value in self.session.execute(
                sa.select(CompanyAlias.kind, CompanyAlias.value).where(
                    CompanyAlias.company_id == company.id
                )
            )
        ]
        pending = company.pending_identity or {}
        values += [(kind, value) for kind, value in pending.items() if value]
        for kind, value in values:
            key = domain_key(value) if kind == "domain" else name_key(value)
            if key:
                keys.add(key)
        return keys

    def add_alias(self, company_id: uuid.UUID, kind: str, value: str) -> None:
        exists = self.session.scalar(
            sa.select(CompanyAlias.id).where(
                CompanyAlias.company_id == company_id,
                CompanyAlias.kind == kind,
                CompanyAlias.value == value,
            )
        )
        if exists is None:
            self.session.add(CompanyAlias(company_id=company_id, kind=kind, value=value))

    def exempt_keys(self, company_id: uuid.UUID) -> set[str]:
        return set(
            self.session.scalars(
                sa.select(HideExemption.key).where(HideExemption.company_id == company_id)
            )
        )

    def add_exemption(
        self, company_id: uuid.UUID, key: str, decided_by: uuid.UUID | None
    ) -> HideExemption:
        exemption = HideExemption(company_id=company_id, key=key, decided_by_user_id=decided_by)
        self.session.add(exemption)
        return exemption

    def has_sent_requests(self, company_id: uuid.UUID) -> bool:
        found = self.session.scalar(
            sa.select(InterviewRequest.id).where(InterviewRequest.company_id == company_id).limit(1)
        )
        return found is not None

    def lock_unanswered_requests(self, company_id: uuid.UUID) -> Sequence[InterviewRequest]:
        """The company's requests still waiting for the candidate, held until commit."""
        return self.session.scalars(
            sa.select(InterviewRequest)
            .where(
                InterviewRequest.company_id == company_id,
                InterviewRequest.status == RequestStatus.SENT,
            )
            .with_for_update()
        ).all()

    def with_pending_identity(self) -> list[Company]:
        return list(
            self.session.scalars(
                sa.select(Company)
                .where(Company.pending_since.is_not(None))
                .order_by(Company.pending_since, Company.id)
            )
        )

    def member_for_user(self, user_id: uuid.UUID) -> CompanyMember | None:
        """The employer account's membership (its company and role), if it has one."""
        return self.session.scalar(sa.select(CompanyMember).where(CompanyMember.user_id == user_id))


class VettingRepository:
    """Operators' vetting decisions: every one is kept, the latest counts."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self, company_id: uuid.UUID) -> VettingDecision | None:
        return self.session.scalar(
            sa.select(VettingDecision)
            .where(VettingDecision.company_id == company_id)
            .order_by(VettingDecision.created_at.desc())
            .limit(1)
        )

    def latest_among(self, company_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, VettingDecision]:
        """Each company's latest decision (companies without one are left out: pending)."""
        if not company_ids:
            return {}
        rows = self.session.scalars(
            sa.select(VettingDecision)
            .where(VettingDecision.company_id.in_(company_ids))
            .order_by(VettingDecision.created_at)
        )
        return {row.company_id: row for row in rows}

    def companies_in(
        self, status: VettingStatus, *, limit: int, offset: int
    ) -> tuple[list[Company], int]:
        """A page of the companies whose latest decision is ``status`` (none: pending) and
        their count: pending ones oldest first (the order they signed up in), decided ones
        latest decision first."""
        decided = (
            sa.select(
                VettingDecision.company_id, sa.func.max(VettingDecision.created_at).label("at")
            )
            .group_by(VettingDecision.company_id)
            .subquery()
        )
        query = sa.select(Company).outerjoin(decided, decided.c.company_id == Company.id)
        if status is VettingStatus.PENDING:
            query = query.where(decided.c.company_id.is_(None)).order_by(
                Company.created_at, Company.id
            )
        else:
            latest = (
                sa.select(VettingDecision.status)
                .where(
                    VettingDecision.company_id == Company.id,
                    VettingDecision.created_at == decided.c.at,
                )
                .limit(1)
            )
            query = query.where(latest.scalar_subquery() == status).order_by(
                decided.c.at.desc(), Company.id
            )
        total = self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        companies = list(self.session.scalars(query.limit(limit).offset(offset)))
        return companies, total
