from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import ApiToken, AuthSession, PasswordReset, PendingSignup, User


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: uuid.UUID) -> User | None:
        return self.session.get(User, user_id)

    def get_by_email(self, email: str) -> User | None:
        return self.session.scalar(sa.select(User).where(User.email == email.lower()))

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user

    def user_for_session(self, digest: str, now: datetime) -> tuple[User, AuthSession] | None:
        row = self.session.execute(
            sa.select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.token_digest == digest, AuthSession.expires_at > now, User.is_active)
        ).first()
        return (row[0], row[1]) if row else None

    def user_for_api_token(self, digest: str, now: datetime) -> tuple[User, ApiToken] | None:
        row = self.session.execute(
            sa.select(User, ApiToken)
            .join(ApiToken, ApiToken.user_id == User.id)
            .where(
                ApiToken.token_digest == digest,
                sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
                User.is_active,
            )
        ).first()
        return (row[0], row[1]) if row else None

    def record_token_use(self, token_id: uuid.UUID, now: datetime, *, every: timedelta) -> None:
        """Set the token's last use to ``now`` unless it was recorded less than ``every`` ago."""
        self.session.execute(
            sa.update(ApiToken)
            .where(
                ApiToken.id == token_id,
                sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - every),
            )
            .values(last_used_at=now)
        )

    def delete_session(self, digest: str) -> None:
        self.session.execute(sa.delete(AuthSession).where(AuthSession.token_digest == digest))

    def delete_sessions_of(self, user_id: uuid.UUID) -> None:
        self.session.execute(sa.delete(AuthSession).where(AuthSession.user_id == user_id))

    def delete_tokens_of(self, user_id: uuid.UUID) -> None:
        self.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user_id))

    def delete_session_of(self, user_id: uuid.UUID, session_id: uuid.UUID) -> bool:
        """Delete one of the user's sessions; ``False`` when they have no such session."""
        result = self.session.execute(
            sa.delete(AuthSession).where(
                AuthSession.id == session_id, AuthSession.user_id == user_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    def delete_token_of(self, user_id: uuid.UUID, token_id: uuid.UUID) -> bool:
        """Delete one of the user's API tokens; ``False`` when they have no such token."""
        result = self.session.execute(
            sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def live_sessions_of(self, user_id: uuid.UUID, now: datetime) -> Sequence[AuthSession]:
        return self.session.scalars(
            sa.select(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.expires_at > now)
            .order_by(AuthSession.created_at.desc(), AuthSession.id)
        ).all()

    def live_tokens_of(self, user_id: uuid.UUID, now: datetime) -> Sequence[ApiToken]:
        return self.session.scalars(
            sa.select(ApiToken)
            .where(
                ApiToken.user_id == user_id,
                sa.or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            )
            .order_by(ApiToken.created_at.desc(), ApiToken.id)
        ).all()

    def spend_password_resets_of(self, user_id: uuid.UUID, now: datetime) -> None:
        self.session.execute(
            sa.update(PasswordReset)
            .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )

    def pending_signup(self, digest: str) -> PendingSignup | None:
        return self.session.scalar(
            sa.select(PendingSignup).where(PendingSignup.token_digest == digest)
        )

    def forget_expired_signups(self, now: datetime) -> None:
        """Sign-ups nobody confirmed in time hold a name and an address: keep them no longer."""
        self.session.execute(sa.delete(PendingSignup).where(PendingSignup.expires_at <= now))

    def spend_pending_signups(self, email: str, when: datetime) -> None:
        """Every other confirmation link for this address stops working."""
        self.session.execute(
            sa.update(PendingSignup)
            .where(PendingSignup.email == email.lower(), PendingSignup.used_at.is_(None))
            .values(used_at=when)
        )

    def password_reset(self, digest: str) -> PasswordReset | None:
        return self.session.scalar(
            sa.select(PasswordReset).where(PasswordReset.token_digest == digest)
        )

    def page(self, *, search: str | None, limit: int, offset: int) -> tuple[Sequence[User], int]:
        query = sa.select(User)
        if search:
            like = f"%{search.lower()}%"
            query = query.where(
                sa.or_(
                    sa.func.lower(User.email).like(like), sa.func.lower(User.full_name).like(like)
                )
            )
        total = self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(User.created_at.desc(), User.id).limit(limit).offset(offset)
        ).all()
        return rows, total

    def emails_taken(self, emails: Sequence[str]) -> set[str]:
        """Which of ``emails`` (as stored: lower case) already have an account."""
        return set(self.session.scalars(sa.select(User.email).where(User.email.in_(emails))))
