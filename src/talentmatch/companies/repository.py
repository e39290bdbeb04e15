from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.companies.models import Company, CompanyMember, Invitation


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
