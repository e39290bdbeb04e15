"""Making accounts, whatever the role: a confirmed sign-up, the CLI's `users create`, the demo.

Accounts make the user (and a candidate's empty profile); an employer's company is made by
companies, which imports accounts and never the reverse. This module joins the two."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.service import create_user, spend_sign_up
from talentmatch.companies.service import create_employer
from talentmatch.kit.security import PasswordHasher


def create_account(
    session: Session,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str | None = None,
    password_hash: str | None = None,
    full_name: str,
    role: Role,
    company_name: str | None = None,
    company_domain: str | None = None,
    join_company_id: uuid.UUID | None = None,
) -> User:
    """An account of any role; an employer founds ``company_name`` or joins
    ``join_company_id``."""
    if role is Role.EMPLOYER:
        return create_employer(
            session,
            hasher,
            email=email,
            password=password,
            password_hash=password_hash,
            full_name=full_name,
            company_name=company_name,
            company_domain=company_domain,
            join_company_id=join_company_id,
        )
    return create_user(
        session,
        hasher,
        email=email,
        password=password,
        password_hash=password_hash,
        full_name=full_name,
        role=role,
    )


def confirm_sign_up(session: Session, hasher: PasswordHasher, token: str) -> User:
    """Make the account of a confirmed sign-up (its link is spent, and every other one sent to
    the address with it)."""
    pending = spend_sign_up(session, token)
    return create_account(
        session,
        hasher,
        email=pending.email,
        password_hash=pending.password_hash,
        full_name=pending.full_name,
        role=pending.role,
        company_name=pending.company_name,
        company_domain=pending.company_domain,
    )
