"""E-mail: written to the outbox inside the caller's transaction; delivered by SMTP later (the
background task ``deliver_outbox``, woken when a transaction that wrote an e-mail commits, and
``talentmatch outbox deliver``) when a mail server is configured."""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.kit.clock import utcnow
from talentmatch.notifications.models import OutboxEmail


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an e-mail, e.g. an iCalendar invite (``text/calendar``)."""

    filename: str
    content_type: str
    content: str


def queue_email(
    session: Session,
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    attachment: Attachment | None = None,
) -> OutboxEmail:
    email = OutboxEmail(to_address=to, subject=subject, body=body, kind=kind)
    if attachment is not None:
        email.attachment_name = attachment.filename
        email.attachment_type = attachment.content_type
        email.attachment = attachment.content
    session.add(email)
    session.flush()
    session.info[OUTBOX_WRITTEN] = True  # delivery is woken when this commits
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


def deliver_pending(session_factory: sessionmaker[Session], settings: Settings) -> tuple[int, int]:
    """Send undelivered e-mails through the configured SMTP server: (sent, failed).

    Each e-mail is claimed, sent and marked delivered in a transaction of its own, so that a
    second run (another worker, or a retry after a crash once it was marked) never sends it
    again; on PostgreSQL the claim is a row lock that concurrent deliverers skip. A crash
    between the mail server's "accepted" and the mark can still send it twice: its
    Message-ID is the same each time, so mail software can tell the copies apart.
    Raises ``OSError`` or ``smtplib.SMTPException`` when the server cannot be reached (the
    task is retried later); a message the server refuses is kept with its error.
    """
    if not settings.smtp_host:
        return 0, 0
    with unit_of_work(session_factory, writes=False) as session:
        pending = session.scalars(
            sa.select(OutboxEmail.id)
            .where(OutboxEmail.delivered_at.is_(None))
            .order_by(OutboxEmail.created_at, OutboxEmail.id)
            .limit(DELIVERY_BATCH)
        ).all()
    if not pending:
        return 0, 0
    sent = failed = 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        for email_id in pending:
            outcome = _deliver_one(session_factory, settings, smtp, email_id)
            sent, failed = sent + (outcome is True), failed + (outcome is False)
    return sent, failed


DELIVERY_BATCH = 500
# Set on a session whose transaction wrote an e-mail: when it commits, delivery is woken.
OUTBOX_WRITTEN = "talentmatch_outbox_written"


def _deliver_one(
    session_factory: sessionmaker[Session],
    settings: Settings,
    smtp: smtplib.SMTP,
    email_id: uuid.UUID,
) -> bool | None:
    """Send one e-mail unless it was delivered meanwhile (None); True if sent."""
    bind = session_factory.kw["bind"]
    postgres = bind is not None and bind.dialect.name == "postgresql"
    # PostgreSQL: hold the row while sending (others skip it). SQLite: its one write lock is
    # not held for a network call; deliverers there are one thread.
    with unit_of_work(session_factory, writes=postgres) as session:
        email = session.scalar(
            sa.select(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.delivered_at.is_(None))
            .with_for_update(skip_locked=True)
        )
        if email is None:
            return None
        error = _send(smtp, settings, email)
        if postgres:
            _record_delivery(email, error)
    if not postgres:
        with unit_of_work(session_factory) as session:
            stored = session.get(OutboxEmail, email_id)
            if stored is not None:
                _record_delivery(stored, error)
    return not error


def _send(smtp: smtplib.SMTP, settings: Settings, email: OutboxEmail) -> str:
    message = EmailMessage()
    message["From"], message["To"] = settings.mail_from, email.to_address
    message["Subject"] = email.subject
    domain = settings.public_url.split("//")[-1].split("/")[0].split(":")[0] or "talentmatch"
    message["Message-ID"] = f"<{email.id}@{domain}>"
    message.set_content(email.body)
    if email.attachment_name:
        subtype = email.attachment_type.partition("/")[2] or "plain"
        message.add_attachment(email.attachment, subtype=subtype, filename=email.attachment_name)
    try:
        smtp.send_message(message)
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code < 500 and not isinstance(exc, smtplib.SMTPRecipientsRefused):
            raise  # a temporary failure of the server: retry the whole delivery later
        return str(exc)[:2000] or "refused"
    except smtplib.SMTPRecipientsRefused as exc:
        return str(exc)[:2000] or "refused"
    return ""


def _record_delivery(email: OutboxEmail, error: str) -> None:
    if error:
        email.delivery_error = error
    else:
        email.delivered_at, email.delivery_error = utcnow(), ""
