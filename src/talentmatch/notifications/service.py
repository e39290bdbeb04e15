"""Notifications and e-mail.

:func:`notify` tells one person about an event: a row in their notification centre, always, and
the e-mail (text and HTML, rendered from ``web/templates/email``) unless they turned e-mail off
for that kind; both in the caller's transaction. E-mails are written to the outbox and
delivered by SMTP later (the background task ``deliver_outbox``, woken when a transaction that
wrote an e-mail commits, and ``talentmatch outbox deliver``) when a mail server is configured."""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cache
from pathlib import Path

import jinja2
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.accounts.models import Role, User
from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import InvalidInput, NotFound
from talentmatch.notifications.models import Notification, NotificationPreference, OutboxEmail
from talentmatch.notifications.repository import (
    NotificationPreferenceRepository,
    NotificationRepository,
    OutboxRepository,
)


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
    html: str | None = None,
) -> OutboxEmail:
    """Write an e-mail to the outbox. Without ``html`` its HTML part is made from the text when
    it is sent (so a redaction of the text, when someone deletes their account, is all)."""
    email = OutboxEmail(to_address=to, subject=subject, body=body, kind=kind, html_body=html or "")
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
    return OutboxRepository(session).page(to=to, limit=limit, offset=offset)


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
        pending = OutboxRepository(session).undelivered_ids(DELIVERY_BATCH)
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
        email = OutboxRepository(session).claim_undelivered(email_id)
        if email is None:
            return None
        error = _send(smtp, settings, email)
        if postgres:
            _record_delivery(email, error)
    if not postgres:
        with unit_of_work(session_factory) as session:
            stored = OutboxRepository(session).get(email_id)
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
    # multipart/alternative: mail readers show the HTML, others the text.
    html = email.html_body or _email_templates().get_template("plain.html").render(
        subject=email.subject, body=email.body
    )
    message.add_alternative(html, subtype="html")
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


# ------------------------------------------------------------------------- notifications


@dataclass(frozen=True)
class Kind:
    """A kind of event a person is told about; ``roles``: who can get it (the preferences
    form shows these)."""

    label: str
    roles: tuple[Role, ...]


_CANDIDATE, _EMPLOYER = (Role.CANDIDATE,), (Role.EMPLOYER,)
KINDS: dict[str, Kind] = {
    "profile_reviewed": Kind("Your profile is approved or rejected", _CANDIDATE),
    "profile_renewal": Kind("Your profile's live period ends soon", _CANDIDATE),
    "interview_request": Kind("A company sends you an interview request", _CANDIDATE),
    "interview_request_reminder": Kind("An interview request is about to expire", _CANDIDATE),
    "request_answered": Kind("A candidate accepts or declines your request", _EMPLOYER),
    "message": Kind("A new message about an interview request", _CANDIDATE + _EMPLOYER),
    "stage": Kind("Your application moves to another hiring stage", _CANDIDATE),
    "interview_times": Kind("A company proposes interview times", _CANDIDATE),
    "interview_invite": Kind("An interview is booked", _CANDIDATE + _EMPLOYER),
    "offer": Kind("You receive a job offer", _CANDIDATE),
    "offer_answered": Kind("A candidate answers your offer", _EMPLOYER),
}


def kinds_for(role: Role | None) -> dict[str, Kind]:
    return {name: kind for name, kind in KINDS.items() if role in kind.roles}


@cache
def _email_templates() -> jinja2.Environment:
    folder = Path(__file__).resolve().parent.parent / "web" / "templates" / "email"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def _configured_public_url() -> str:
    return Settings().public_url


def _absolute(settings: Settings | None, link: str) -> str:
    """The link as a full address for an e-mail (callers without settings read the
    configuration the process runs with)."""
    base = (settings.public_url if settings else _configured_public_url()).rstrip("/")
    return f"{base}{link}" if link.startswith("/") else link


def email_wanted(session: Session, user_id: uuid.UUID, kind: str) -> bool:
    chosen = NotificationPreferenceRepository(session).get(user_id, kind)
    return chosen is None or chosen.email


def notify(
    session: Session,
    settings: Settings | None,
    *,
    user: User,
    kind: str,
    title: str,
    body: str,
    link: str = "",
    subject: str | None = None,
    attachment: Attachment | None = None,
    once_key: str | None = None,
) -> Notification | None:
    """Tell ``user`` about an event, in the caller's transaction: the notification always, the
    e-mail (``subject``, default the title) unless they turned e-mails of this ``kind`` off.
    With ``once_key``, a second call with the same key tells nothing and returns None."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if once_key is not None and NotificationRepository(session).has_once_key(user.id, once_key):
        return None
    notification = Notification(
        user_id=user.id, kind=kind, title=title, body=body, link=link, once_key=once_key
    )
    session.add(notification)
    session.flush()
    if email_wanted(session, user.id, kind):
        values = {
            "title": title,
            "body": body,
            "url": _absolute(settings, link) if link else "",
            "preferences_url": _absolute(settings, "/account/notifications"),
            "kind_label": KINDS[kind].label,
        }
        templates = _email_templates()
        queue_email(
            session,
            to=user.email,
            subject=subject or title,
            body=templates.get_template("notification.txt").render(values),
            html=templates.get_template("notification.html").render(values),
            kind=kind,
            attachment=attachment,
        )
    return notification


def unread_count(session: Session, user_id: uuid.UUID) -> int:
    return NotificationRepository(session).unread_count(user_id)


def notifications_page(
    session: Session, user_id: uuid.UUID, *, unread_only: bool, limit: int, offset: int
) -> tuple[Sequence[Notification], int]:
    return NotificationRepository(session).page(
        user_id, unread_only=unread_only, limit=limit, offset=offset
    )


def mark_read(session: Session, user_id: uuid.UUID, notification_id: uuid.UUID) -> Notification:
    """Only the owner reads theirs: anybody else's is "not found"."""
    notification = NotificationRepository(session).get(notification_id)
    if notification is None or notification.user_id != user_id:
        raise NotFound("notification")
    if notification.read_at is None:
        notification.read_at = utcnow()
        session.flush()
    return notification


def mark_all_read(session: Session, user_id: uuid.UUID) -> int:
    return NotificationRepository(session).mark_all_read(user_id, utcnow())


def email_preferences(session: Session, user: User) -> dict[str, bool]:
    """Every kind this person can get, and whether its e-mail is on."""
    chosen = NotificationPreferenceRepository(session).email_choices(user.id)
    return {kind: chosen.get(kind, True) for kind in kinds_for(user.role)}


def set_email_preferences(
    session: Session, user: User, choices: dict[str, bool]
) -> dict[str, bool]:
    known = kinds_for(user.role)
    preferences = NotificationPreferenceRepository(session)
    for kind, email in choices.items():
        if kind not in known:
            raise InvalidInput(f"unknown notification kind {kind!r}", field="email")
        stored = preferences.get(user.id, kind)
        if stored is None:
            session.add(NotificationPreference(user_id=user.id, kind=kind, email=email))
        else:
            stored.email = email
    session.flush()
    return email_preferences(session, user)
