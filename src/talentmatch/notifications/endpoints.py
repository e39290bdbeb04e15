from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from talentmatch.accounts.auth import Operator
from talentmatch.deps import SessionDep
from talentmatch.kit.pagination import Page, PageDep
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
