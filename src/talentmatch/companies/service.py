"""Company profile, members and invitations; only a company's admins change them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.accounts.service import create_user
from talentmatch.companies.models import Company, Invitation, MemberRole
from talentmatch.companies.repository import CompanyRepository
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from talentmatch.kit.security import PasswordHasher, new_token, token_digest
from talentmatch.notifications.service import queue_email

INVITATION_DAYS = 7


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str


def get_company(session: Session, company_id: uuid.UUID) -> Company:
    company = CompanyRepository(session).get(company_id)
    if company is None:
        raise NotFound("company")
    return company


def update_company(
    session: Session, company_id: uuid.UUID, *, is_admin: bool, changes: dict[str, object]
) -> Company:
    if not is_admin:
        raise Forbidden("only a company admin can edit the company")
    company = get_company(session, company_id)
    for field, value in changes.items():
        setattr(company, field, value)
    session.flush()
    return company


def invite(
    session: Session,
    company_id: uuid.UUID,
    *,
    inviter: User,
    is_admin: bool,
    email: str,
    public_url: str,
) -> NewInvitation:
    """Invite a colleague: the invitation link goes to them by e-mail (the outbox)."""
    if not is_admin:
        raise Forbidden("only a company admin can invite colleagues")
    if UserRepository(session).get_by_email(email) is not None:
        raise Conflict("an account with this e-mail already exists", field="email")
    token = new_token()
    invitation = Invitation(
        company_id=company_id,
        email=email.lower(),
        token_digest=token_digest(token),
        invited_by_user_id=inviter.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    session.add(invitation)
    company = get_company(session, company_id)
    queue_email(
        session,
        to=invitation.email,
        subject=f"{inviter.full_name} invites you to {company.name} on talentmatch",
        body=(
            f"{inviter.full_name} invites you to hire with {company.name} on talentmatch.\n\n"
            f"Accept within {INVITATION_DAYS} days: "
            f"{public_url.rstrip('/')}/invitations/{token}\n"
        ),
        kind="invitation",
    )
    session.flush()
    return NewInvitation(invitation, token)


def accept_invitation(
    session: Session, hasher: PasswordHasher, *, token: str, full_name: str, password: str
) -> User:
    invitation = CompanyRepository(session).invitation_by_digest(token_digest(token))
    if invitation is None:
        raise NotFound("invitation")
    if invitation.accepted_at is not None:
        raise Conflict("this invitation has already been used")
    if as_utc(invitation.expires_at) <= utcnow():
        raise InvalidInput("this invitation has expired; ask for a new one", field="token")
    user = create_user(
        session,
        hasher,
        email=invitation.email,
        password=password,
        full_name=full_name,
        role=Role.EMPLOYER,
        join_company_id=invitation.company_id,
    )
    invitation.accepted_at = utcnow()
    session.flush()
    return user


def remove_member(
    session: Session, company_id: uuid.UUID, *, is_admin: bool, user_id: uuid.UUID
) -> None:
    if not is_admin:
        raise Forbidden("only a company admin can remove colleagues")
    members = CompanyRepository(session).members(company_id)
    target = next((m for m, _ in members if m.user_id == user_id), None)
    if target is None:
        raise NotFound("member")
    admins = [m for m, _ in members if m.role is MemberRole.ADMIN]
    if target.role is MemberRole.ADMIN and len(admins) == 1:
        raise Conflict("a company keeps at least one admin")
    user = session.get(User, user_id)
    session.delete(target)
    if user is not None:
        user.is_active = False  # an employer account without a company cannot act
