"""Password hashing and opaque tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher as Argon2Hasher
from argon2.exceptions import InvalidHashError, VerificationError

from talentmatch.config import Settings


class PasswordHasher:
    """argon2id with cost parameters from settings."""

    def __init__(self, settings: Settings) -> None:
        self._hasher = Argon2Hasher(
            time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_cost_kib
        )
        self._dummy_hash: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify_against_nothing(self, password: str) -> None:
        """Spend the time a real verification takes, so unknown e-mails cannot be told apart."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(new_token())
        self.verify(self._dummy_hash, password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def new_token() -> str:
    """An unguessable token for sessions, API access and invitations."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Tokens are stored only as digests, so a leaked table grants nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
