from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from talentmatch.accounts import service
from talentmatch.accounts.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentPrincipal,
    CurrentUser,
)
from talentmatch.accounts.schemas import (
    LoginRequest,
    LoginResponse,
    MeResponse,
    PasswordForgot,
    PasswordResetRequest,
    SignupRequest,
    TokenResponse,
    UserPublic,
)
from talentmatch.candidates.models import CandidateProfile
from talentmatch.companies.models import CompanyMember
from talentmatch.deps import HasherDep, SessionDep, SettingsDep

router = APIRouter(prefix="/api/auth", tags=["accounts"])


def set_session_cookies(response: Response, new: service.NewSession, *, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        new.token,
        max_age=new.max_age_seconds,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    # Readable by the page's script, which echoes it in X-CSRF-Token (double submit).
    response.set_cookie(
        CSRF_COOKIE, new.csrf_token, max_age=new.max_age_seconds, samesite="lax", secure=secure
    )


@router.post("/signup", status_code=status.HTTP_201_CREATED)
def signup(body: SignupRequest, session: SessionDep, hasher: HasherDep) -> UserPublic:
    return UserPublic.model_validate(service.sign_up(session, hasher, body))


@router.post("/login")
def login(
    body: LoginRequest,
    response: Response,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
) -> LoginResponse:
    """Log in for the browser: sets an HttpOnly session cookie and returns the CSRF token."""
    user = service.authenticate(session, hasher, str(body.email), body.password)
    new = service.start_session(session, settings, user)
    set_session_cookies(response, new, secure=settings.cookie_secure)
    return LoginResponse(user=UserPublic.model_validate(user), csrf_token=new.csrf_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, response: Response, session: SessionDep) -> None:
    if principal.session_token:
        service.end_session(session, principal.session_token)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE)


@router.post("/token")
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    hasher: HasherDep,
) -> TokenResponse:
    """OAuth2 password flow: exchange e-mail and password for an API bearer token."""
    user = service.authenticate(session, hasher, form.username, form.password)
    return TokenResponse(access_token=service.issue_api_token(session, user))


@router.post("/password/forgot", status_code=status.HTTP_202_ACCEPTED)
def forgot_password(
    body: PasswordForgot, session: SessionDep, settings: SettingsDep
) -> dict[str, str]:
    """E-mail a reset link if an account uses this address; the answer is the same either way."""
    service.request_password_reset(session, settings, str(body.email))
    return {"detail": "if an account uses this e-mail, a reset link is on its way"}


@router.post("/password/reset", status_code=status.HTTP_204_NO_CONTENT)
def reset_password(body: PasswordResetRequest, session: SessionDep, hasher: HasherDep) -> None:
    """Set a new password with the token from the reset e-mail; every session ends."""
    service.reset_password(session, hasher, body.token, body.password)


me_router = APIRouter(prefix="/api", tags=["accounts"])


@me_router.get("/me")
def me(user: CurrentUser, session: SessionDep) -> MeResponse:
    result = MeResponse.model_validate(user, from_attributes=True)
    member = session.scalar(sa.select(CompanyMember).where(CompanyMember.user_id == user.id))
    if member is not None:
        result.company_id, result.company_role = member.company_id, member.role.value
    profile_id = session.scalar(
        sa.select(CandidateProfile.id).where(CandidateProfile.user_id == user.id)
    )
    result.candidate_profile_id = profile_id
    return result
