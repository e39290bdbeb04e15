from __future__ import annotations

import uuid
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
    # The same e-mail as HTML (sent as multipart/alternative with the text); "" if text only.
    html_body: Mapped[str] = mapped_column(sa.Text, default="")


class Notification(RecordMixin, Base):
    """One event told to one person in the app (the bell and /notifications)."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's unread count and the newest-first list are one index range each.
        sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
        sa.Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        # A reminder is told once (per request, per profile live period): NULL keys never clash.
        sa.UniqueConstraint("user_id", "once_key", name="uq_notifications_user_id_once_key"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    read_at: Mapped[datetime | None]
    once_key: Mapped[str | None] = mapped_column(sa.String(200))


class NotificationPreference(Base):
    """A person's choice to get (or not) the e-mail for one kind of event; no row: e-mail on."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    email: Mapped[bool] = mapped_column(default=True)
