"""The notification centre's pages: the bell's count in the bar, /notifications (mark read,
mark all read) and /account/notifications (which events also come by e-mail)."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from talentmatch.accounts.dependencies import CurrentPrincipal
from talentmatch.db import unit_of_work
from talentmatch.deps import SessionDep
from talentmatch.notifications import service
from talentmatch.web.core import FormDep, redirect, render, safe_next, templates

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
PAGE_SIZE = 30


def unread_notifications(request: Request, user_id: uuid.UUID | None) -> int:
    """The bell's count: one count over the (user_id, read_at) index, in a read-only unit of
    its own (a page's template has no session)."""
    if user_id is None:
        return 0
    try:
        with unit_of_work(request.app.state.session_factory, writes=False) as session:
            return service.unread_count(session, user_id)
    except SQLAlchemyError:  # the bell never breaks a page (an error page least of all)
        log.warning("could not count unread notifications", exc_info=True)
        return 0


templates.env.globals["unread_notifications"] = unread_notifications


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(
    request: Request,
    principal: CurrentPrincipal,
    session: SessionDep,
    unread: bool = False,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    user_id = principal.user.id
    rows, total = service.notifications_page(
        session, user_id, unread_only=unread, limit=PAGE_SIZE, offset=offset
    )
    context = {
        "notifications": rows,
        "total": total,
        "unread_only": unread,
        "offset": offset,
        "page_size": PAGE_SIZE,
        "unread_total": service.unread_count(session, user_id),
    }
    return render(request, "notifications/list.html", context, principal=principal)


@router.post("/notifications/read-all")
def read_all(principal: CurrentPrincipal, session: SessionDep) -> RedirectResponse:
    marked = service.mark_all_read(session, principal.user.id)
    plural = "" if marked == 1 else "s"
    return redirect("/notifications", f"{marked} notification{plural} marked read.")


@router.post("/notifications/{notification_id}/read")
def read_one(
    notification_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep, data: FormDep
) -> RedirectResponse:
    """Mark it read, then open what it is about (``open``) or go back to the list."""
    notification = service.mark_read(session, principal.user.id, notification_id)
    if data.get("open") and notification.link:
        return redirect(safe_next(notification.link, "/notifications"))
    return redirect("/notifications", "Marked read.")


@router.get("/account/notifications", response_class=HTMLResponse)
def preferences_page(
    request: Request, principal: CurrentPrincipal, session: SessionDep
) -> Response:
    chosen = service.email_preferences(session, principal.user)
    context = {
        "preferences": [(kind, service.KINDS[kind].label, on) for kind, on in chosen.items()]
    }
    return render(request, "notifications/preferences.html", context, principal=principal)


@router.post("/account/notifications")
def save_preferences(
    principal: CurrentPrincipal, session: SessionDep, data: FormDep
) -> RedirectResponse:
    # A checkbox that is not ticked is not sent: every kind not in the form is "off".
    kinds = service.kinds_for(principal.user.role)
    service.set_email_preferences(
        session, principal.user, {kind: f"email_{kind}" in data for kind in kinds}
    )
    return redirect("/account/notifications", "Your e-mail choices are saved.")
