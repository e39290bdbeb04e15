"""Pages everyone uses: home, sign up, log in and out, password reset, the account's security
page, and ``/dashboard`` (each role's home). The operator's pages live in ``operators``."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmatch import onboarding
from talentmatch.accounts import service
from talentmatch.accounts.dependencies import (
    CSRF_COOKIE,
    CSRF_FORM_FIELD,
    SESSION_COOKIE,
    CurrentPrincipal,
)
from talentmatch.accounts.endpoints import set_session_cookies
from talentmatch.accounts.models import Role
from talentmatch.accounts.repository import UserRepository
from talentmatch.accounts.schemas import LoginRequest, Password, PasswordForgot, SignupRequest
from talentmatch.accounts.throttle import (
    LOGIN_LIMIT,
    RESET_LIMIT,
    SIGNUP_LIMIT,
    ThrottleDep,
    client_address,
)
from talentmatch.config import Settings
from talentmatch.demo import loader as demo_loader
from talentmatch.deps import HasherDep, SessionDep, SettingsDep
from talentmatch.kit.errors import Forbidden
from talentmatch.kit.fields import InputModel
from talentmatch.kit.security import new_token, token_digest, tokens_equal
from talentmatch.web.core import (
    FormDep,
    FormErrors,
    ViewerDep,
    attempt,
    redirect,
    render,
    safe_next,
    text,
    validate,
)

router = APIRouter(include_in_schema=False)

HOME_BY_ROLE = {
    Role.CANDIDATE: "/me/profile",
    Role.EMPLOYER: "/employer",
    Role.OPERATOR: "/review",
}


class ResetForm(InputModel):
    password: Password
    password_again: str


class PasswordChangeForm(InputModel):
    current_password: str
    new_password: Password
    new_password_again: str


def with_login_csrf(
    request: Request, settings: Settings, page: Callable[[str], Response]
) -> Response:
    """A page whose form logs in: rendered with the browser's CSRF token (a new one set as a
    cookie when it has none), which :func:`check_login_csrf` then asks the form for."""
    csrf = request.cookies.get(CSRF_COOKIE) or new_token()
    response = page(csrf)
    if request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, samesite="lax", secure=settings.cookie_secure)
    return response


async def check_login_csrf(request: Request) -> None:
    """Login CSRF (double submit): the form's token must match the cookie the login page set,
    so another site cannot log a browser into an account of its choosing."""
    form = await request.form()
    sent = form.get(CSRF_FORM_FIELD)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not sent or not cookie or not tokens_equal(sent, cookie):
        raise Forbidden("this log-in form is out of date or came from another site: reload it")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, principal: ViewerDep, session: SessionDep) -> Response:
    # The demo's logins are shown only where the demo marketplace was loaded: on any other
    # deployment they would be noise at best, and an invitation to try them at worst.
    demo = UserRepository(session).get_by_email(demo_loader.OPERATOR_EMAIL) is not None
    logins = (
        [
            demo_loader.CANDIDATE_EMAIL,
            demo_loader.EMPLOYER_EMAIL,
            demo_loader.HIDDEN_EMPLOYER_EMAIL,
            demo_loader.OPERATOR_EMAIL,
        ]
        if demo
        else []
    )
    return render(
        request,
        "home.html",
        {"demo_logins": logins, "demo_password": demo_loader.DEMO_PASSWORD if demo else ""},
        principal=principal,
    )


@router.get("/dashboard")
def dashboard(principal: CurrentPrincipal) -> RedirectResponse:
    return redirect(HOME_BY_ROLE[principal.user.role])


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request, principal: ViewerDep, role: str = "candidate") -> Response:
    form = {"role": role if role in ("candidate", "employer") else "candidate"}
    return render(request, "accounts/signup.html", {"form": form}, principal=principal)


@router.post("/signup", response_class=HTMLResponse, dependencies=[SIGNUP_LIMIT])
def signup(
    request: Request,
    data: FormDep,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> Response:
    def act() -> str:
        body = validate(
            SignupRequest,
            {
                "email": text(data, "email"),
                "password": text(data, "password"),
                "full_name": text(data, "full_name"),
                "role": text(data, "role") or "candidate",
                "company_name": text(data, "company_name") or None,
                "company_domain": text(data, "company_domain") or None,
            },
        )
        service.sign_up(session, hasher, settings, throttle, body)
        return str(body.email)

    email, errors = attempt(session, act)
    if email is None:
        form = {k: v for k, v in data.items() if k != "password"}
        return render(
            request,
            "accounts/signup.html",
            {"form": form, "errors": errors},
            status_code=422,
        )
    context = {"message": service.signup_sent_message(email, settings)}
    return render(request, "accounts/signup_sent.html", context)


@router.get("/signup/confirm/{token}", response_class=HTMLResponse)
def confirm_signup_page(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    """The link in the e-mail shows a button rather than acting at once, so a mail scanner
    that opens links makes no account and starts no session. The button logs in, so its form
    carries the log-in CSRF token: another site cannot log a browser into its own account."""
    pending, errors = attempt(session, lambda: service.check_sign_up(session, token))
    context = {
        "token": token,
        "errors": errors,
        "full_name": pending.full_name if pending else "",
        "email": pending.email if pending else "",
    }
    return with_login_csrf(
        request,
        settings,
        lambda csrf: render(
            request,
            "accounts/signup_confirm.html",
            {**context, "csrf_token": csrf},
            status_code=400 if errors else 200,
        ),
    )


@router.post(
    "/signup/confirm/{token}",
    response_class=HTMLResponse,
    dependencies=[Depends(check_login_csrf)],
)
def confirm_signup(
    request: Request, token: str, session: SessionDep, hasher: HasherDep, settings: SettingsDep
) -> Response:
    def act() -> service.NewSession:
        user = onboarding.confirm_sign_up(session, hasher, token)
        return service.start_session(session, settings, user)

    new, errors = attempt(session, act)
    if new is None:
        context = {"token": token, "errors": errors, "full_name": "", "email": ""}
        return render(request, "accounts/signup_confirm.html", context, status_code=400)
    first = "/me/profile" if new.user.role is Role.CANDIDATE else "/jobs/new"
    response = redirect(first, f"Welcome, {new.user.full_name}: your account is ready.")
    set_session_cookies(response, new, secure=settings.cookie_secure)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, principal: ViewerDep, settings: SettingsDep, next: str | None = None
) -> Response:
    if principal is not None:
        return redirect(safe_next(next, HOME_BY_ROLE[principal.user.role]))
    return with_login_csrf(
        request,
        settings,
        lambda csrf: render(
            request, "accounts/login.html", {"next": safe_next(next, ""), "csrf_token": csrf}
        ),
    )


@router.post(
    "/login",
    response_class=HTMLResponse,
    dependencies=[Depends(check_login_csrf), LOGIN_LIMIT],
)
def login(
    request: Request,
    data: FormDep,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> Response:
    def act() -> service.NewSession:
        body = validate(
            LoginRequest, {"email": text(data, "email"), "password": text(data, "password")}
        )
        user = service.log_in(
            session,
            hasher,
            throttle,
            email=str(body.email),
            password=body.password,
            address=client_address(request),
        )
        return service.start_session(session, settings, user)

    new, errors = attempt(session, act)
    target = safe_next(text(data, "next"), "")
    if new is None:
        context = {"form": {"email": text(data, "email")}, "errors": errors, "next": target}
        return render(request, "accounts/login.html", context, status_code=422)
    response = redirect(target or HOME_BY_ROLE[new.user.role])
    set_session_cookies(response, new, secure=settings.cookie_secure)
    return response


@router.post("/logout")
def logout(principal: CurrentPrincipal, session: SessionDep) -> RedirectResponse:
    if principal.session_token:
        service.end_session(session, principal.session_token)
    response = redirect("/", "You are logged out.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/password/forgot", response_class=HTMLResponse)
def forgot_page(request: Request, principal: ViewerDep) -> Response:
    return render(request, "accounts/forgot.html", principal=principal)


@router.post("/password/forgot", response_class=HTMLResponse, dependencies=[RESET_LIMIT])
def forgot(
    request: Request,
    data: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    throttle: ThrottleDep,
) -> Response:
    def act() -> None:
        body = validate(PasswordForgot, {"email": text(data, "email")})
        service.request_password_reset(session, settings, throttle, str(body.email))

    _, errors = attempt(session, act)
    if errors:
        context = {"form": {"email": text(data, "email")}, "errors": errors}
        return render(request, "accounts/forgot.html", context, status_code=422)
    return redirect(
        "/login",
        "If an account uses that e-mail, a reset link is on its way (valid for "
        f"{settings.password_reset_minutes} minutes).",
    )


@router.get("/password/reset/{token}", response_class=HTMLResponse)
def reset_page(request: Request, token: str, session: SessionDep) -> Response:
    _, errors = attempt(session, lambda: service.check_password_reset(session, token))
    status_code = 400 if errors else 200
    return render(
        request, "accounts/reset.html", {"token": token, "errors": errors}, status_code=status_code
    )


@router.post("/password/reset/{token}", response_class=HTMLResponse, dependencies=[RESET_LIMIT])
def reset(
    request: Request, token: str, data: FormDep, session: SessionDep, hasher: HasherDep
) -> Response:
    def act() -> None:
        body = validate(
            ResetForm,
            {"password": text(data, "password"), "password_again": text(data, "password_again")},
        )
        if body.password != body.password_again:
            raise FormErrors({"password_again": "the two passwords differ"})
        service.reset_password(session, hasher, token, body.password)

    _, errors = attempt(session, act)
    if errors:
        return render(
            request, "accounts/reset.html", {"token": token, "errors": errors}, status_code=422
        )
    return redirect("/login", "Your password is changed: log in with the new one.")


# ------------------------------------------------------------------------ security


def _security_page(
    request: Request,
    principal: CurrentPrincipal,
    session: SessionDep,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    current = token_digest(principal.session_token) if principal.session_token else None
    sessions = [
        {
            "id": s.id,
            "created_at": s.created_at,
            "expires_at": s.expires_at,
            "current": s.token_digest == current,
        }
        for s in service.live_sessions(session, principal.user)
    ]
    context = {
        "sessions": sessions,
        "tokens": service.live_api_tokens(session, principal.user),
        "errors": errors or {},
    }
    return render(
        request, "accounts/security.html", context, principal=principal, status_code=status_code
    )


@router.get("/account/security", response_class=HTMLResponse)
def security_page(request: Request, principal: CurrentPrincipal, session: SessionDep) -> Response:
    return _security_page(request, principal, session)


@router.post("/account/security/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    principal: CurrentPrincipal,
    data: FormDep,
    session: SessionDep,
    settings: SettingsDep,
    hasher: HasherDep,
    throttle: ThrottleDep,
) -> Response:
    def act() -> service.PasswordChanged:
        body = validate(
            PasswordChangeForm,
            {
                "current_password": text(data, "current_password"),
                "new_password": text(data, "new_password"),
                "new_password_again": text(data, "new_password_again"),
            },
        )
        if body.new_password != body.new_password_again:
            raise FormErrors({"new_password_again": "the two passwords differ"})
        return service.change_password(
            session,
            settings,
            hasher,
            throttle,
            principal.user,
            current_password=body.current_password,
            new_password=body.new_password,
            address=client_address(request),
            by_session=True,
        )

    changed, errors = attempt(session, act)
    if changed is None or changed.new_session is None:
        return _security_page(request, principal, session, errors, status_code=422)
    response = redirect(
        "/account/security",
        "Your password is changed. Every other session has ended and every API token is revoked.",
    )
    set_session_cookies(response, changed.new_session, secure=settings.cookie_secure)
    return response


@router.post("/account/security/sessions/{session_id}/end")
def end_session(
    session_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> RedirectResponse:
    current = principal.session_token
    ends_this_one = any(
        s.id == session_id and current is not None and s.token_digest == token_digest(current)
        for s in service.live_sessions(session, principal.user)
    )
    service.end_session_by_id(session, principal.user, session_id)
    if ends_this_one:
        response = redirect("/", "You are logged out.")
        response.delete_cookie(SESSION_COOKIE, path="/")
        response.delete_cookie(CSRF_COOKIE)
        return response
    return redirect("/account/security", "The session has ended.")


@router.post("/account/security/tokens/{token_id}/revoke")
def revoke_token(
    token_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> RedirectResponse:
    service.revoke_api_token(session, principal.user, token_id)
    return redirect("/account/security", "The API token is revoked.")
