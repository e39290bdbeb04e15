"""The operator's back-office pages: users, companies and the e-mail outbox."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from talentmatch.accounts.dependencies import CurrentPrincipal, Operator
from talentmatch.deps import SessionDep
from talentmatch.kit.pagination import PageDep
from talentmatch.operators import service
from talentmatch.web.core import render

router = APIRouter(include_in_schema=False)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    users, total = service.users(
        session, search=q.strip() or None, limit=page.limit, offset=page.offset
    )
    context = {"users": users, "total": total, "page": page, "q": q}
    return render(request, "admin/users.html", context, principal=principal)


@router.get("/admin/companies", response_class=HTMLResponse)
def companies_page(
    request: Request,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
) -> Response:
    rows, total = service.companies(session, limit=page.limit, offset=page.offset)
    context = {"rows": rows, "total": total, "page": page}
    return render(request, "admin/companies.html", context, principal=principal)


@router.get("/admin/outbox", response_class=HTMLResponse)
def outbox(
    request: Request,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
    to: Annotated[str, Query(max_length=320)] = "",
) -> Response:
    emails, total = service.outbox(
        session, to=to.strip() or None, limit=page.limit, offset=page.offset
    )
    context = {"emails": emails, "total": total, "page": page, "to": to}
    return render(request, "admin/outbox.html", context, principal=principal)


@router.get("/admin/outbox/{email_id}", response_class=HTMLResponse)
def outbox_email(
    request: Request,
    email_id: uuid.UUID,
    principal: CurrentPrincipal,
    _operator: Operator,
    session: SessionDep,
) -> Response:
    email = service.outbox_email(session, email_id)
    return render(request, "admin/email.html", {"email": email}, principal=principal)
