"""The "Your data" page: download everything, see which companies looked, delete the account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from talentmatch.accounts.dependencies import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentPrincipal,
    Principal,
)
from talentmatch.accounts.models import Role
from talentmatch.deps import HasherDep, SessionDep
from talentmatch.privacy import service
from talentmatch.web.core import FormDep, FormErrors, attempt, redirect, render, text

router = APIRouter(include_in_schema=False)

VIEWS_SHOWN = 200


def _data_page(
    request: Request,
    principal: Principal,
    session: SessionDep,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    user = principal.user
    context: dict[str, Any] = {
        "is_candidate": user.role is Role.CANDIDATE,
        "views": service.profile_views_for_page(session, user, VIEWS_SHOWN),
        "views_shown": VIEWS_SHOWN,
        "errors": errors or {},
    }
    return render(
        request, "privacy/data.html", context, principal=principal, status_code=status_code
    )


@router.get("/me/data", response_class=HTMLResponse)
def data_page(request: Request, principal: CurrentPrincipal, session: SessionDep) -> Response:
    return _data_page(request, principal, session)


@router.post("/me/data/delete", response_class=HTMLResponse)
def delete_account(
    request: Request,
    principal: CurrentPrincipal,
    session: SessionDep,
    hasher: HasherDep,
    data: FormDep,
) -> Response:
    def act() -> None:
        if text(data, "confirm") != "yes":
            raise FormErrors({"confirm": "tick the box to confirm that you want this"})
        password = text(data, "password")
        if not password:
            raise FormErrors({"password": "enter your password"})
        service.erase(session, hasher, principal.user, password)

    _, errors = attempt(session, act)
    if errors:
        return _data_page(request, principal, session, errors=errors, status_code=422)
    response = redirect("/", "Your account and your data are deleted.")
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE)
    return response
