"""Sign-up, log-in, sessions and API tokens."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentmatch.accounts.models import (
    ApiToken,
    AuthSession,
    PasswordReset,
    PendingSignup,
    Role,
    User,
)
from talentmatch.accounts.repository import UserRepository
from talentmatch.accounts.schemas import SignupRequest
from talentmatch.candidates.models import CandidateProfile
from talentmatch.config import Settings
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from talentmatch.kit.security import PasswordHasher, new_token, token_digest
from talentmatch.notifications.service import queue_email

if TYPE_CHECKING:
    from talentmatch.accounts.throttle import Throttle


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
    password: str | None = None,
    password_hash: str | None = None,
    full_name: str,
    role: Role,
) -> User:
    """Create an account, with ``password`` or an already hashed ``password_hash``. A candidate
    gets an empty draft profile; an employer's company is the companies domain's business
    (``companies.service.create_employer``, or ``talentmatch.onboarding`` for any role)."""
    if (password is None) == (password_hash is None):
        raise ValueError("give exactly one of password and password_hash")
    repo = UserRepository(session)
    if repo.get_by_email(email) is not None:
        raise Conflict("an account with this e-mail already exists", field="email")
    user = User(
        email=email.lower(),
        password_hash=password_hash if password is None else hasher.hash(password),
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
    session.flush()
    return user


def sign_up(
    session: Session,
    hasher: PasswordHasher,
    settings: Settings,
    throttle: Throttle,
    body: SignupRequest,
) -> None:
    """Self-service sign-up for candidates and employers; operators are made by the CLI.

    Nothing is said to the caller about the address: a new one gets a link that confirms it
    and makes the account (:func:`confirm_sign_up`); one that already has an account gets an
    e-mail saying so, with links to log in or reset the password. Both take the same work (the
    password is hashed either way) and give the same answer."""
    if body.role is Role.OPERATOR:
        raise InvalidInput("operator accounts are created by an operator", field="role")
    if body.role is Role.EMPLOYER and not body.company_name:
        raise InvalidInput("an employer account needs a company name", field="company_name")
    email = str(body.email).lower()
    throttle.hit("signup_email", email)
    password_hash = hasher.hash(body.password)
    base = settings.public_url.rstrip("/")
    repo = UserRepository(session)
    repo.forget_expired_signups(utcnow())
    existing = repo.get_by_email(email)
    if existing is not None:
        queue_email(
            session,
            to=existing.email,
            subject="You already have a talentmatch account",
            body=(
                f"Hello {existing.full_name},\n\nSomeone (hopefully you) tried to sign up to "
                "talentmatch with this e-mail address, which already has an account.\n\n"
                f"Log in: {base}/login\nForgot your password? {base}/password/forgot\n\n"
                "If it was not you, ignore this e-mail: nothing changes.\n"
            ),
            kind="signup_existing",
        )
        return
    token = new_token()
    hours = settings.signup_confirm_hours
    session.add(
        PendingSignup(
            email=email,
            password_hash=password_hash,
            full_name=body.full_name,
            role=body.role,
            company_name=body.company_name if body.role is Role.EMPLOYER else None,
            company_domain=(body.company_domain or None) if body.role is Role.EMPLOYER else None,
            token_digest=token_digest(token),
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    queue_email(
        session,
        to=email,
        subject="Confirm your e-mail address for talentmatch",
        body=(
            f"Hello {body.full_name},\n\nOpen this link within {hours} hours to confirm your "
            f"e-mail address and start using talentmatch:\n\n{base}/signup/confirm/{token}\n\n"
            "If you did not sign up, ignore this e-mail: no account is made.\n"
        ),
        kind="signup_confirm",
    )
    session.flush()


def signup_sent_message(email: str, settings: Settings) -> str:
    return (
        f"We sent a link to {email}: open it within {settings.signup_confirm_hours} hours to "
        "confirm the address and finish signing up."
    )


def check_sign_up(session: Session, token: str) -> PendingSignup:
    """The sign-up a confirmation link belongs to, if the link still works."""
    pending = UserRepository(session).pending_signup(token_digest(token))
    if pending is None or pending.used_at is not None or as_utc(pending.expires_at) <= utcnow():
        raise InvalidInput(
            "this confirmation link is invalid, used or expired: sign up again", field="token"
        )
    return pending


def spend_sign_up(session: Session, token: str) -> PendingSignup:
    """The confirmed sign-up whose account is to be made now (``talentmatch.onboarding`` makes
    it). Every other link sent to the address stops working, so a sign-up someone else made
    with it can never be confirmed after this one."""
    pending = check_sign_up(session, token)
    repo = UserRepository(session)
    if repo.get_by_email(pending.email) is not None:
        raise Conflict("this address is already confirmed: log in", field="token")
    repo.spend_pending_signups(pending.email, utcnow())
    session.flush()
    return pending


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


def log_in(
    session: Session,
    hasher: PasswordHasher,
    throttle: Throttle,
    *,
    email: str,
    password: str,
    address: str,
) -> User:
    """:func:`authenticate`, refused while the account or the address is locked out after
    failed attempts (even with the right password), and counting failures toward that."""
    throttle.check_login(email, address)
    try:
        user = authenticate(session, hasher, email, password)
    except NotAuthenticated:
        throttle.login_failed(email, address)
        raise
    throttle.login_succeeded(email)
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


def issue_api_token(session: Session, settings: Settings, user: User, name: str = "api") -> str:
    """A bearer token valid for ``settings.api_token_days``."""
    token = new_token()
    session.add(
        ApiToken(
            user_id=user.id,
            name=name,
            token_digest=token_digest(token),
            expires_at=utcnow() + timedelta(days=settings.api_token_days),
        )
    )
    session.flush()
    return token


def revoke_api_token(session: Session, user: User, token_id: uuid.UUID) -> None:
    if not UserRepository(session).delete_token_of(user.id, token_id):
        raise NotFound("API token")


def end_session_by_id(session: Session, user: User, session_id: uuid.UUID) -> None:
    if not UserRepository(session).delete_session_of(user.id, session_id):
        raise NotFound("session")


def live_sessions(session: Session, user: User) -> Sequence[AuthSession]:
    return UserRepository(session).live_sessions_of(user.id, utcnow())


def live_api_tokens(session: Session, user: User) -> Sequence[ApiToken]:
    return UserRepository(session).live_tokens_of(user.id, utcnow())


def _sign_out_everywhere(repo: UserRepository, user: User) -> None:
    """After a new password: whoever held a session or a token with the old one loses it."""
    repo.delete_sessions_of(user.id)
    repo.delete_tokens_of(user.id)


@dataclass(frozen=True)
class PasswordChanged:
    """What keeps the caller logged in: a fresh session or a fresh token, as they came."""

    new_session: NewSession | None
    api_token: str | None


def change_password(
    session: Session,
    settings: Settings,
    hasher: PasswordHasher,
    throttle: Throttle,
    user: User,
    *,
    current_password: str,
    new_password: str,
    address: str,
    by_session: bool,
) -> PasswordChanged:
    """Set a new password after checking the current one (a wrong one counts as a failed
    log-in); every other session and every API token ends, and the caller gets a new one."""
    throttle.check_login(user.email, address)
    if not hasher.verify(user.password_hash, current_password):
        throttle.login_failed(user.email, address)
        raise InvalidInput("the current password is wrong", field="current_password")
    user.password_hash = hasher.hash(new_password)
    repo = UserRepository(session)
    _sign_out_everywhere(repo, user)
    session.flush()
    if by_session:
        return PasswordChanged(start_session(session, settings, user), None)
    return PasswordChanged(None, issue_api_token(session, settings, user))


def request_password_reset(
    session: Session, settings: Settings, throttle: Throttle, email: str
) -> None:
    """E-mail a one-time reset link to the account, if there is one. The caller answers the
    same either way, so the form does not tell which e-mails have accounts; the limit per
    e-mail address (so nobody floods an inbox) counts known and unknown addresses alike."""
    throttle.hit("reset_email", email.strip().lower())
    user = UserRepository(session).get_by_email(email)
    if user is None or not user.is_active:
        return
    token = new_token()
    minutes = settings.password_reset_minutes
    session.add(
        PasswordReset(
            user_id=user.id,
            token_digest=token_digest(token),
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    link = f"{settings.public_url.rstrip('/')}/password/reset/{token}"
    queue_email(
        session,
        to=user.email,
        subject="Reset your talentmatch password",
        body=(
            f"Hello {user.full_name},\n\nSomeone (hopefully you) asked to reset the password of "
            f"this talentmatch account. Open this link within {minutes} minutes to choose a new "
            f"one:\n\n{link}\n\nIf it was not you, ignore this e-mail: nothing changes.\n"
        ),
        kind="password_reset",
    )
    session.flush()


def _usable_reset(session: Session, token: str) -> PasswordReset:
    reset = UserRepository(session).password_reset(token_digest(token))
    if reset is None or reset.used_at is not None or as_utc(reset.expires_at) <= utcnow():
        raise InvalidInput(
            "this reset link is invalid, used or expired: ask for a new one", field="token"
        )
    return reset


def check_password_reset(session: Session, token: str) -> None:
    _usable_reset(session, token)


def reset_password(session: Session, hasher: PasswordHasher, token: str, password: str) -> User:
    """Set a new password with a reset link: every reset link of the account is spent, every
    session ends and every API token is revoked."""
    reset = _usable_reset(session, token)
    repo = UserRepository(session)
    user = repo.get(reset.user_id)
    if user is None or not user.is_active:
        raise InvalidInput("this account cannot be used", field="token")
    user.password_hash = hasher.hash(password)
    repo.spend_password_resets_of(user.id, utcnow())
    _sign_out_everywhere(repo, user)
    session.flush()
    return user
