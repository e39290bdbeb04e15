"""E-mail: written to the outbox inside the caller's transaction; delivered by SMTP later
(``talentmatch outbox deliver``) when a mail server is configured."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.config import Settings
from talentmatch.kit.clock import utcnow
from talentmatch.notifications.models import OutboxEmail


def queue_email(session: Session, *, to: str, subject: str, body: str, kind: str) -> OutboxEmail:
    email = OutboxEmail(to_address=to, subject=subject, body=body, kind=kind)
    session.add(email)
    session.flush()
    return email


def outbox_page(
    session: Session, *, to: str | None, limit: int, offset: int
) -> tuple[Sequence[OutboxEmail], int]:
    query = sa.select(OutboxEmail)
    if to:
        query = query.where(OutboxEmail.to_address == to.lower())
    total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(OutboxEmail.created_at.desc(), OutboxEmail.id).limit(limit).offset(offset)
    ).all()
    return rows, total


def deliver_pending(session: Session, settings: Settings) -> tuple[int, int]:
    """Send undelivered e-mails through the configured SMTP server: (sent, failed)."""
    if not settings.smtp_host:
        return 0, 0
    pending = session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.delivered_at.is_(None)).order_by("created_at")
    ).all()
    sent = failed = 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        for email in pending:
            message = EmailMessage()
            message["From"], message["To"] = settings.mail_from, email.to_address
            message["Subject"] = email.subject
            message.set_content(email.body)
            try:
                smtp.send_message(message)
            except smtplib.SMTPException as exc:
                email.delivery_error, failed = str(exc)[:2000], failed + 1
                continue
            email.delivered_at, email.delivery_error, sent = utcnow(), "", sent + 1
    session.flush()
    return sent, failed
