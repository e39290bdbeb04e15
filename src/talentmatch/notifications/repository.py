from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.candidates.models import CandidateProfile, ProfileStatus
from talentmatch.notifications.models import Notification, NotificationPreference, OutboxEmail


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, email_id: uuid.UUID) -> OutboxEmail | None:
        return self.session.get(OutboxEmail, email_id)

    def page(self, *, to: str | None, limit: int, offset: int) -> tuple[Sequence[OutboxEmail], int]:
        """Newest first; ``to`` matches the stored (lower-case) address exactly."""
        query = sa.select(OutboxEmail)
        if to:
            query = query.where(OutboxEmail.to_address == to.lower())
        total = self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(OutboxEmail.created_at.desc(), OutboxEmail.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def undelivered_ids(self, limit: int) -> Sequence[uuid.UUID]:
        """Oldest first, so that a backlog goes out in the order it was written."""
        return self.session.scalars(
            sa.select(OutboxEmail.id)
            .where(OutboxEmail.delivered_at.is_(None))
            .order_by(OutboxEmail.created_at, OutboxEmail.id)
            .limit(limit)
        ).all()

    def claim_undelivered(self, email_id: uuid.UUID) -> OutboxEmail | None:
        """The e-mail if nobody delivered it yet; on PostgreSQL its row stays locked until the
        transaction ends, and a row another deliverer holds is skipped (None)."""
        return self.session.scalar(
            sa.select(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.delivered_at.is_(None))
            .with_for_update(skip_locked=True)
        )


class NotificationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, notification_id: uuid.UUID) -> Notification | None:
        return self.session.get(Notification, notification_id)

    def has_once_key(self, user_id: uuid.UUID, once_key: str) -> bool:
        return (
            self.session.scalar(
                sa.select(Notification.id).where(
                    Notification.user_id == user_id, Notification.once_key == once_key
                )
            )
            is not None
        )

    def unread_count(self, user_id: uuid.UUID) -> int:
        """One count over the (user_id, read_at) index."""
        return (
            self.session.scalar(
                sa.select(sa.func.count())
                .select_from(Notification)
                .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            )
            or 0
        )

    def page(
        self, user_id: uuid.UUID, *, unread_only: bool, limit: int, offset: int
    ) -> tuple[Sequence[Notification], int]:
        query = sa.select(Notification).where(Notification.user_id == user_id)
        if unread_only:
            query = query.where(Notification.read_at.is_(None))
        total = self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def mark_all_read(self, user_id: uuid.UUID, now: datetime) -> int:
        """One UPDATE for all of the user's unread notifications; how many it marked."""
        result = self.session.execute(
            sa.update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=now, updated_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class NotificationPreferenceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: uuid.UUID, kind: str) -> NotificationPreference | None:
        return self.session.get(NotificationPreference, (user_id, kind))

    def email_choices(self, user_id: uuid.UUID) -> dict[str, bool]:
        """Kind -> e-mail on, for the kinds the user chose; a kind not here is on."""
        rows = self.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.email).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
        return {kind: email for kind, email in rows}


class RenewalDue(NamedTuple):
    profile_id: uuid.UUID
    live_until: datetime | None
    owner: User


class ReminderRepository:
    """Lookups for reminders about other domains' records (candidates' live periods)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def live_profiles_ending(self, after: datetime, until: datetime) -> list[RenewalDue]:
        """Live profiles whose live period ends in (after, until], soonest first, with owner."""
        rows = self.session.execute(
            sa.select(CandidateProfile.id, CandidateProfile.live_until, User)
            .join(User, User.id == CandidateProfile.user_id)
            .where(
                CandidateProfile.status == ProfileStatus.LIVE,
                CandidateProfile.live_until > after,
                CandidateProfile.live_until <= until,
            )
            .order_by(CandidateProfile.live_until)
        ).all()
        return [RenewalDue(profile_id, live_until, owner) for profile_id, live_until, owner in rows]
