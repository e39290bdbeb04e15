"""What the operator's back-office pages read; the queries are the owning domains'."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.companies.repository import CompanyCounts, CompanyRepository
from talentmatch.kit.errors import NotFound
from talentmatch.notifications.models import OutboxEmail
from talentmatch.notifications.repository import OutboxRepository
from talentmatch.notifications.service import outbox_page


def users(
    session: Session, *, search: str | None, limit: int, offset: int
) -> tuple[Sequence[User], int]:
    return UserRepository(session).page(search=search, limit=limit, offset=offset)


def companies(session: Session, *, limit: int, offset: int) -> tuple[list[CompanyCounts], int]:
    return CompanyRepository(session).page_with_counts(limit=limit, offset=offset)


def outbox(
    session: Session, *, to: str | None, limit: int, offset: int
) -> tuple[Sequence[OutboxEmail], int]:
    return outbox_page(session, to=to, limit=limit, offset=offset)


def outbox_email(session: Session, email_id: uuid.UUID) -> OutboxEmail:
    email = OutboxRepository(session).get(email_id)
    if email is None:
        raise NotFound("e-mail")
    return email
