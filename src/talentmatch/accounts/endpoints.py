from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from talentmatch import onboarding
from talentmatch.accounts import service
from talentmatch.accounts.dependencies import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentPrincipal,
    CurrentUser,
)
from talentmatch.accounts.schemas import (
    ApiTokenInfo,
    LoginRequest,
    LoginResponse,
    MeResponse,
    PasswordChange,
    PasswordChangedResponse,
    PasswordForgot,
    PasswordResetRequest,
    SessionInfo,
    SignupAccepted,
    SignupConfirm,
    SignupRequest,
    TokenResponse,
    UserPublic,
)
from talentmatch.accounts.throttle import (
    LOGIN_LIMIT,
    RESET_LIMIT,
    SIGNUP_LIMIT,
    ThrottleDep,
    client_address,
)
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.repository import CompanyRepository
from talentmatch.deps import HasherDep, SessionDep, SettingsDep
from talentmatch.kit.security import token_digest

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


@router.post("/signup", status_code=status.HTTP_202_ACCEPTED, dependencies=[SIGNUP_LIMIT])
def signup(
    body: SignupRequest,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> SignupAccepted:
    """Start a sign-up: a link that confirms the address and makes the account goes to it by
    e-mail. The answer is the same whether or not the address already has an account."""
    service.sign_up(session, hasher, settings, throttle, body)
    return SignupAccepted(detail=service.signup_sent_message(str(body.email), settings))


@router.post("/signup/confirm", status_code=status.HTTP_201_CREATED)
def confirm_signup(body: SignupConfirm, session: SessionDep, hasher: HasherDep) -> UserPublic:
    """Make the account with the token from the confirmation e-mail; then log in."""
    return UserPublic.model_validate(onboarding.confirm_sign_up(session, hasher, body.token))


@router.post("/login", dependencies=[LOGIN_LIMIT])
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> LoginResponse:
    """Log in for the browser: sets an HttpOnly session cookie and returns the CSRF token."""
    user = service.log_in(
        session,
        hasher,
        throttle,
        email=str(body.email),
        password=body.password,
        address=client_address(request),
    )
    new = service.start_session(session, settings, user)
    set_session_cookies(response, new, secure=settings.cookie_secure)
    return LoginResponse(user=UserPublic.model_validate(user), csrf_token=new.csrf_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, response: Response, session: SessionDep) -> None:
    """End the browser session, or revoke the bearer token the request came with."""
    if principal.session_token:
        service.end_session(session, principal.session_token)
    if principal.api_token_id:
        service.revoke_api_token(session, principal.user, principal.api_token_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE)


@router.post("/token", dependencies=[LOGIN_LIMIT])
def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> TokenResponse:
    """OAuth2 password flow: exchange e-mail and password for an API bearer token, valid for
    ``TALENTMATCH_API_TOKEN_DAYS``."""
    user = service.log_in(
        session,
        hasher,
        throttle,
        email=form.username,
        password=form.password,
        address=client_address(request),
    )
    return TokenResponse(access_token=service.issue_api_token(session, settings, user))


@router.post("/password/forgot", status_code=status.HTTP_202_ACCEPTED, dependencies=[RESET_LIMIT])
def forgot_password(
    body: PasswordForgot, session: SessionDep, settings: SettingsDep, throttle: ThrottleDep
) -> dict[str, str]:
    """E-mail a reset link if an account uses this address; the answer is the same either way."""
    service.request_password_reset(session, settings, throttle, str(body.email))
    return {"detail": "if an account uses this e-mail, a reset link is on its way"}


@router.post("/password/reset", status_code=status.HTTP_204_NO_CONTENT, dependencies=[RESET_LIMIT])
def reset_password(body: PasswordResetRequest, session: SessionDep, hasher: HasherDep) -> None:
    """Set a new password with the token from the reset e-mail; every session ends, every API
    token is revoked and every other reset link of the account is spent."""
    service.reset_password(session, hasher, body.token, body.password)


me_router = APIRouter(prefix="/api", tags=["accounts"])


@me_router.get("/me")
def me(user: CurrentUser, session: SessionDep) -> MeResponse:
    result = MeResponse.model_validate(user, from_attributes=True)
    member = CompanyRepository(session).member_for_user(user.id)
    if member is not None:
        result.company_id, result.company_role = member.company_id, member.role.value
    profile = CandidateRepository(session).for_user(user.id)
    result.candidate_profile_id = profile.id if profile is not None else None
    return result


@me_router.post("/me/password")
def change_password(
    body: PasswordChange,
    principal: CurrentPrincipal,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
    throttle: ThrottleDep,
) -> PasswordChangedResponse:
    """Change the password: every other session ends and every API token is revoked. The
    caller stays logged in with a fresh session cookie, or a fresh token in ``access_token``."""
    changed = service.change_password(
        session,
        settings,
        hasher,
        throttle,
        principal.user,
        current_password=body.current_password,
        new_password=body.new_password,
        address=client_address(request),
        by_session=principal.session_token is not None,
    )
    if changed.new_session is not None:
        set_session_cookies(response, changed.new_session, secure=settings.cookie_secure)
        return PasswordChangedResponse(csrf_token=changed.new_session.csrf_token)
    return PasswordChangedResponse(access_token=changed.api_token)


@me_router.get("/me/tokens")
def my_tokens(user: CurrentUser, session: SessionDep) -> list[ApiTokenInfo]:
    """The account's unexpired API tokens (never the tokens themselves)."""
    return [ApiTokenInfo.model_validate(t) for t in service.live_api_tokens(session, user)]


@me_router.delete("/me/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_my_token(token_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    service.revoke_api_token(session, user, token_id)


@me_router.get("/me/sessions")
def my_sessions(principal: CurrentPrincipal, session: SessionDep) -> list[SessionInfo]:
    """The account's browser sessions; ``current`` marks the one this request came with."""
    current = token_digest(principal.session_token) if principal.session_token else None
    return [
        SessionInfo(
            id=s.id,
            created_at=s.created_at,
            expires_at=s.expires_at,
            current=s.token_digest == current,
        )
        for s in service.live_sessions(session, principal.user)
    ]


@me_router.delete("/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def end_my_session(session_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    """End one browser session (logging this one out, if it is the current one)."""
    service.end_session_by_id(session, user, session_id)
