"""Company profile, members and invitations; only a company's admins change them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.accounts.service import create_user
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.models import Company, CompanyMember, Invitation, MemberRole
from talentmatch.companies.repository import CompanyRepository
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from talentmatch.kit.security import PasswordHasher, new_token, token_digest
from talentmatch.notifications.service import queue_email

INVITATION_DAYS = 7
# Who a company is, for hiding: changes to these of a company that has sent requests wait for
# an operator.
IDENTITY_FIELDS = ("name", "domain")


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
    identity = {
        field: changes.pop(field)
        for field in IDENTITY_FIELDS
        if field in changes and changes[field] != getattr(company, field)
    }
    for field, value in changes.items():
        setattr(company, field, value)
    if identity:
        if CompanyRepository(session).has_sent_requests(company_id):
            # A company candidates already know by name changes it only with an operator's
            # word; meanwhile hiding already covers the new name (identity_keys).
            company.pending_identity = {
                k: v for k, v in identity.items() if isinstance(v, str | None)
            }
            company.pending_since = utcnow()
        else:
            _take_identity(session, company, identity)
    session.flush()
    return company


def _take_identity(session: Session, company: Company, identity: dict[str, object]) -> None:
    """Rename the company, keeping its old name and domain as aliases."""
    repo = CompanyRepository(session)
    repo.add_alias(company.id, "name", company.name)
    if company.domain:
        repo.add_alias(company.id, "domain", company.domain)
    if isinstance(identity.get("name"), str):
        company.name = str(identity["name"])
    if "domain" in identity:
        domain = identity["domain"]
        company.domain = domain if isinstance(domain, str) else None
    company.pending_identity = None
    company.pending_since = None


def decide_identity_change(session: Session, company_id: uuid.UUID, *, approve: bool) -> Company:
    """An operator approves or refuses a company's pending rename or domain change."""
    company = get_company(session, company_id)
    if company.pending_identity is None:
        raise Conflict("this company has no rename or domain change waiting")
    if approve:
        _take_identity(session, company, dict(company.pending_identity))
    else:
        company.pending_identity = None
        company.pending_since = None
    session.flush()
    return company


@dataclass(frozen=True)
class Resemblance:
    """A hidden-company key that resembles (or is) one of the company's names."""

    key: str
    candidates: int
    exact: bool  # one of the company's own names: cannot be ruled out
    ruled_out: bool


def hidden_resemblances(session: Session, company_id: uuid.UUID) -> list[Resemblance]:
    """Which candidates' hidden-company entries name this company, for an operator to check."""
    company = get_company(session, company_id)
    repo = CompanyRepository(session)
    own = repo.identity_keys(company)
    exempt = repo.exempt_keys(company_id)
    candidates = CandidateRepository(session)
    matched = candidates.keys_hiding_from(company) | (exempt - own)
    counts = candidates.hiding_counts(matched)
    return [
        Resemblance(key, counts.get(key, 0), key in own, key in exempt and key not in own)
        for key in sorted(matched)
    ]


def rule_out_resemblance(
    session: Session, company_id: uuid.UUID, key: str, *, operator: User
) -> None:
    """An operator says the hidden key ``key`` does not name this company."""
    repo = CompanyRepository(session)
    company = get_company(session, company_id)
    if key in repo.identity_keys(company):
        raise Conflict("that is one of the company's own names: it stays hidden", field="key")
    if key in repo.exempt_keys(company_id):
        raise Conflict("already ruled out", field="key")
    repo.add_exemption(company_id, key, operator.id)
    session.flush()


def invite(
    session: Session,
    company_id: uuid.UUID,
    *,
    inviter: User,
    is_admin: bool,
    email: str,
    public_url: str,
) -> NewInvitation:
    """Invite a colleague: the invitation link goes to them by e-mail (the outbox).

    The inviter is told the same whether or not the address has an account already (so the
    form cannot be used to find out who has one); such an address is told by e-mail that it
    cannot join as a new account."""
    if not is_admin:
        raise Forbidden("only a company admin can invite colleagues")
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
    existing = UserRepository(session).get_by_email(email)
    if existing is not None:
        body = (
            f"{inviter.full_name} invited this address to hire with {company.name} on "
            "talentmatch, but it already has a talentmatch account, and an account belongs to "
            f"one company or to one candidate. To join {company.name}, reply to "
            f"{inviter.full_name} with another address to invite.\n"
        )
    else:
        body = (
            f"{inviter.full_name} invites you to hire with {company.name} on talentmatch.\n\n"
            f"Accept within {INVITATION_DAYS} days: "
            f"{public_url.rstrip('/')}/invitations/{token}\n"
        )
    queue_email(
        session,
        to=invitation.email,
        subject=f"{inviter.full_name} invites you to {company.name} on talentmatch",
        body=body,
        kind="invitation",
    )
    session.flush()
    return NewInvitation(invitation, token)


def create_employer(
    session: Session,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str | None = None,
    password_hash: str | None = None,
    full_name: str,
    company_name: str | None = None,
    company_domain: str | None = None,
    join_company_id: uuid.UUID | None = None,
) -> User:
    """An employer's account with its company: a member of ``join_company_id`` (an accepted
    invitation), else the admin of a new company named ``company_name``."""
    if not (company_name or join_company_id):
        raise InvalidInput("an employer account needs a company name", field="company_name")
    user = create_user(
        session,
        hasher,
        email=email,
        password=password,
        password_hash=password_hash,
        full_name=full_name,
        role=Role.EMPLOYER,
    )
    if join_company_id is not None:
        session.add(
            CompanyMember(company_id=join_company_id, user_id=user.id, role=MemberRole.MEMBER)
        )
    else:
        company = Company(name=company_name, domain=company_domain or None)
        session.add(company)
        session.flush()
        session.add(CompanyMember(company_id=company.id, user_id=user.id, role=MemberRole.ADMIN))
    session.flush()
    return user


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
    user = create_employer(
        session,
        hasher,
        email=invitation.email,
        password=password,
        full_name=full_name,
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
    user = UserRepository(session).get(user_id)
    session.delete(target)
    if user is not None:
        user.is_active = False  # an employer account without a company cannot act
