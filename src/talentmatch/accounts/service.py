"""Sign-up, log-in, sessions and API tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentmatch.accounts.models import ApiToken, AuthSession, Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates.models import CandidateProfile
from talentmatch.companies.models import Company, CompanyMember, MemberRole
from talentmatch.config import Settings
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import Conflict, InvalidInput, NotAuthenticated
from talentmatch.kit.security import PasswordHasher, new_token, token_digest


@dataclass(frozen=True)
class NewSession:
    user: User
    token: str
    csrf_token: str
    max_age_seconds: int


def create_user(
    session: Session,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    full_name: str,
    role: Role,
    company_name: str | None = None,
    company_domain: str | None = None,
    join_company_id: uuid.UUID | None = None,
) -> User:
    """Create an account.

    A candidate gets an empty draft profile. An employer either joins ``join_company_id`` as a
    member (an accepted invitation) or founds a new company named ``company_name`` as its admin.
    """
    if role is Role.EMPLOYER and not (company_name or join_company_id):
        raise InvalidInput("an employer account needs a company name", field="company_name")
    repo = UserRepository(session)
    if repo.get_by_email(email) is not None:
        raise Conflict("an account with this e-mail already exists", field="email")
    user = User(
        email=email.lower(),
        password_hash=hasher.hash(password),
        full_name=full_name,
        role=role,
    )
    try:
        with session.begin_nested():
            repo.add(user)
    except IntegrityError as exc:  # a concurrent sign-up with the same e-mail won the race
        raise Conflict("an account with this e-mail already exists", field="email") from exc
    if role is Role.CANDIDATE:
        session.add(CandidateProfile(user_id=user.id))
    elif join_company_id is not None:
        session.add(
            CompanyMember(company_id=join_company_id, user_id=user.id, role=MemberRole.MEMBER)
        )
    elif role is Role.EMPLOYER:
        assert company_name is not None
        company = Company(name=company_name, domain=company_domain or None)
        session.add(company)
        session.flush()
        session.add(CompanyMember(company_id=company.id, user_id=user.id, role=MemberRole.ADMIN))
    session.flush()
    return user


def authenticate(session: Session, hasher: PasswordHasher, email: str, password: str) -> User:
    if "\x00" in email:  # the OAuth2 form is not a validated body; no account has such an e-mail
        raise NotAuthenticated("wrong e-mail or password")
    user = UserRepository(session).get_by_email(email)
    if user is None or not user.is_active:
        hasher.verify_against_nothing(password)
        raise NotAuthenticated("wrong e-mail or password")
    if not hasher.verify(user.password_hash, password):
        raise NotAuthenticated("wrong e-mail or password")
    return user


def start_session(session: Session, settings: Settings, user: User) -> NewSession:
    token, csrf = new_token(), new_token()
    lifetime = timedelta(days=settings.session_days)
    session.add(
        AuthSession(
            user_id=user.id,
            token_digest=token_digest(token),
            csrf_token=csrf,
            expires_at=utcnow() + lifetime,
        )
    )
    session.flush()
    return NewSession(user, token, csrf, int(lifetime.total_seconds()))


def end_session(session: Session, token: str) -> None:
    UserRepository(session).delete_session(token_digest(token))


def issue_api_token(session: Session, user: User, name: str = "api") -> str:
    token = new_token()
    session.add(ApiToken(user_id=user.id, name=name, token_digest=token_digest(token)))
    session.flush()
    return token
