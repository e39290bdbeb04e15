from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from talentmatch.accounts.dependencies import CurrentUser, Operator
from talentmatch.deps import SessionDep
from talentmatch.kit.fields import InputModel
from talentmatch.kit.pagination import Page, PageDep
from talentmatch.notifications import service
from talentmatch.notifications.service import outbox_page

router = APIRouter(prefix="/api", tags=["operators"])


class OutboxEmailPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    to_address: str
    subject: str
    body: str
    kind: str
    created_at: datetime
    delivered_at: datetime | None


@router.get("/outbox")
def outbox(
    _operator: Operator,
    session: SessionDep,
    page: PageDep,
    to: Annotated[str | None, Query(max_length=320)] = None,
) -> Page[OutboxEmailPublic]:
    """E-mails the marketplace sent (password resets, invitations, interview requests)."""
    rows, total = outbox_page(session, to=to, limit=page.limit, offset=page.offset)
    items = [OutboxEmailPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


# ------------------------------------------------------------------ notification centre


class NotificationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page[NotificationPublic]):
    unread: int = Field(description="the person's unread notifications, whatever the filter")


class ReadAll(BaseModel):
    marked: int


class EmailPreference(BaseModel):
    kind: str
    label: str
    email: bool


class EmailPreferences(BaseModel):
    preferences: list[EmailPreference]


class EmailPreferencesUpdate(InputModel):
    """Kinds to change, each to e-mail on (true) or off (false); kinds not named keep theirs."""

    email: dict[str, bool] = Field(max_length=50)


mine = APIRouter(prefix="/notifications", tags=["notifications"])


@mine.get("")
def my_notifications(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    unread: bool = False,
) -> NotificationPage:
    """Your notifications, newest first; ``unread=true`` for the unread ones only."""
    rows, total = service.notifications_page(
        session, user.id, unread_only=unread, limit=page.limit, offset=page.offset
    )
    return NotificationPage(
        items=[NotificationPublic.model_validate(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
        unread=service.unread_count(session, user.id),
    )


@mine.post("/read-all")
def read_all(user: CurrentUser, session: SessionDep) -> ReadAll:
    return ReadAll(marked=service.mark_all_read(session, user.id))


@mine.get("/preferences")
def preferences(user: CurrentUser, session: SessionDep) -> EmailPreferences:
    """Which events you get an e-mail for (in the app you see them all)."""
    return _preferences(service.email_preferences(session, user))


@mine.put("/preferences")
def update_preferences(
    body: EmailPreferencesUpdate, user: CurrentUser, session: SessionDep
) -> EmailPreferences:
    return _preferences(service.set_email_preferences(session, user, body.email))


@mine.post("/{notification_id}/read")
def read_one(
    notification_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> NotificationPublic:
    """Mark one of yours read (anyone else's is 404)."""
    return NotificationPublic.model_validate(service.mark_read(session, user.id, notification_id))


def _preferences(chosen: dict[str, bool]) -> EmailPreferences:
    return EmailPreferences(
        preferences=[
            EmailPreference(kind=kind, label=service.KINDS[kind].label, email=email)
            for kind, email in chosen.items()
        ]
    )


router.include_router(mine)
