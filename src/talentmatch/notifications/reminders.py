"""Reminders told ahead of time: a live profile whose live period ends soon (once per period).
The reminder before an interview request expires is ``interviews.service.remind_expiring``."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from talentmatch.config import Settings
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.notifications.repository import ReminderRepository
from talentmatch.notifications.service import notify

# How long before a live period ends its candidate is told (a week to find the minute to
# renew; a shorter live period gets a quarter of its length).
RENEWAL_NOTICE = timedelta(days=7)


def renewal_notice(settings: Settings) -> timedelta:
    return min(RENEWAL_NOTICE, timedelta(days=settings.profile_live_days) / 4)


def remind_renewals(session: Session, settings: Settings) -> int:
    """Tell each candidate whose live profile leaves the marketplace within the notice, once
    per live period (renewing starts a new one). Returns how many were told."""
    now = utcnow()
    due = ReminderRepository(session).live_profiles_ending(now, now + renewal_notice(settings))
    told = 0
    for profile_id, live_until, owner in due:
        if live_until is None:  # the query asks for a date; this tells the type checker
            continue
        ends = as_utc(live_until)
        notification = notify(
            session,
            settings,
            user=owner,
            kind="profile_renewal",
            title=f"Your profile leaves the marketplace on {ends:%Y-%m-%d}",
            body=(
                f"Companies can find your profile until {ends:%Y-%m-%d at %H:%M} UTC. Renew it "
                f"for another {settings.profile_live_days} days on your profile page if you are "
                "still looking; no new review is needed."
            ),
            link="/me/profile",
            once_key=f"profile_renewal:{profile_id}:{ends:%Y%m%dT%H%M%S}",
        )
        told += notification is not None
    return told
