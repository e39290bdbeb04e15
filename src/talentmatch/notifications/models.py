from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.db import Base, RecordMixin


class OutboxEmail(RecordMixin, Base):
    """Every e-mail the product sends, kept so an operator can read it when no mail server is
    configured (and as a record when one is)."""

    __tablename__ = "outbox_emails"

    to_address: Mapped[str] = mapped_column(sa.String(320), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(40))
    delivered_at: Mapped[datetime | None]
    delivery_error: Mapped[str] = mapped_column(sa.Text, default="")
    # One attached text file (an iCalendar invite): its name, MIME type and text; "" if none.
    attachment_name: Mapped[str] = mapped_column(sa.String(200), default="")
    attachment_type: Mapped[str] = mapped_column(sa.String(100), default="")
    attachment: Mapped[str] = mapped_column(sa.Text, default="")
