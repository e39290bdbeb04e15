"""Who is asking: bearer tokens for the API, cookie sessions (with CSRF) for the browser."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from talentmatch.accounts.models import Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates.models import CandidateProfile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.models import MemberRole
from talentmatch.companies.repository import CompanyRepository
from talentmatch.deps import SessionDep
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import Forbidden, NotAuthenticated
from talentmatch.kit.security import token_digest, tokens_equal

SESSION_COOKIE = "tm_session"
CSRF_COOKIE = "tm_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


@dataclass(frozen=True)
class Principal:
    user: User
    session_token: str | None  # set when authenticated by the browser cookie
    api_token_id: uuid.UUID | None = None  # set when authenticated by a bearer token


async def _csrf_token_sent(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FORM_FIELD)
        return value if isinstance(value, str) else None
    return None


async def optional_principal(
    request: Request,
    session: SessionDep,
    bearer: Annotated[str | None, Depends(bearer_scheme)],
) -> Principal | None:
    repo = UserRepository(session)
    now = utcnow()
    if bearer:
        found = repo.user_for_api_token(token_digest(bearer), now)
        if found is None:
            raise NotAuthenticated("invalid or expired API token")
        user, api_token = found
        # Off the request's transaction: a read with a token must not become a writer.
        request.app.state.token_use.used(api_token.id, api_token.last_used_at, now)
        return Principal(user, None, api_token.id)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    found_session = repo.user_for_session(token_digest(cookie), now)
    if found_session is None:
        return None
    user, auth_session = found_session
    if request.method not in SAFE_METHODS:
        sent = await _csrf_token_sent(request)
        if not sent or not tokens_equal(sent, auth_session.csrf_token):
            raise Forbidden("missing or wrong CSRF token")
    return Principal(user, cookie)


async def require_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise NotAuthenticated("log in first")
    return principal


async def require_user(principal: Annotated[Principal, Depends(require_principal)]) -> User:
    return principal.user


CurrentPrincipal = Annotated[Principal, Depends(require_principal)]
OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentUser = Annotated[User, Depends(require_user)]


@dataclass(frozen=True)
class EmployerContext:
    user: User
    company_id: uuid.UUID
    member_role: MemberRole

    @property
    def is_admin(self) -> bool:
        return self.member_role is MemberRole.ADMIN


@dataclass(frozen=True)
class CandidateContext:
    user: User
    profile: CandidateProfile


def require_employer(user: CurrentUser, session: SessionDep) -> EmployerContext:
    if user.role is not Role.EMPLOYER:
        raise Forbidden("only employer accounts can do this")
    member = CompanyRepository(session).member_for_user(user.id)
    if member is None:
        raise Forbidden("this employer account belongs to no company")
    return EmployerContext(user, member.company_id, member.role)


def require_candidate(user: CurrentUser, session: SessionDep) -> CandidateContext:
    if user.role is not Role.CANDIDATE:
        raise Forbidden("only candidate accounts can do this")
    profile = CandidateRepository(session).for_user(user.id)
    if profile is None:  # made with every candidate account; absent only if data was edited by hand
        profile = CandidateProfile(user_id=user.id)
        session.add(profile)
        session.flush()
    return CandidateContext(user, profile)


def require_operator(user: CurrentUser) -> User:
    if user.role is not Role.OPERATOR:
        raise Forbidden("only operators can do this")
    return user


Employer = Annotated[EmployerContext, Depends(require_employer)]
Candidate = Annotated[CandidateContext, Depends(require_candidate)]
Operator = Annotated[User, Depends(require_operator)]
