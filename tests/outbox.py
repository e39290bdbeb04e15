"""Reading the e-mails the app wrote, as the person they went to would."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from talentmatch.notifications.models import OutboxEmail


def last_email(session_factory: sessionmaker[Session], to: str, kind: str) -> OutboxEmail:
    with session_factory() as session:
        email = session.scalar(
            sa.select(OutboxEmail)
            .where(OutboxEmail.to_address == to.lower(), OutboxEmail.kind == kind)
            .order_by(OutboxEmail.created_at.desc())
            .limit(1)
        )
        assert email is not None, f"no {kind} e-mail to {to}"
        session.expunge(email)
        return email


def link_token(body: str, path: str) -> str:
    """The token of the first link to ``path`` (e.g. ``/signup/confirm``) in an e-mail."""
    found = re.search(rf"{re.escape(path)}/([A-Za-z0-9_\-]+)", body)
    assert found, f"no {path} link in: {body}"
    return found.group(1)


def emailed_token(session_factory: sessionmaker[Session], to: str, kind: str, path: str) -> str:
    return link_token(last_email(session_factory, to, kind).body, path)


def emailed_token_at(database_url: str, to: str, kind: str, path: str) -> str:
    """:func:`emailed_token` for a server running in another process."""
    engine = sa.create_engine(database_url)
    try:
        return emailed_token(sessionmaker(engine), to, kind, path)
    finally:
        engine.dispose()
