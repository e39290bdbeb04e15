"""Rate limits and progressive lockouts on the ``limits`` library: counted in this process's
memory, or in Redis when several server processes must share them."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many attempts: answered 429 with a ``Retry-After`` header."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        wait = (
            f"{self.retry_after} seconds"
            if self.retry_after < 120
            else f"{math.ceil(self.retry_after / 60)} minutes"
        )
        self.message = f"too many attempts: try again in {wait}"
        super().__init__(self.message)


def limits_from(text: str) -> list[RateLimitItem]:
    """``"10/minute;100/hour"`` as ``limits`` items."""
    return parse_many(text)


class RateLimiter:
    """Moving-window counters keyed by a rule and identifiers (an address, an account).

    Should the store fail (Redis down), requests are let through and the failure logged: the
    limits guard against abuse, and must not take the whole site down with them.
    """

    def __init__(self, storage_uri: str = "memory://", *, key_prefix: str = "talentmatch") -> None:
        options: dict[str, str | bool] = {"wrap_exceptions": True}
        if storage_uri.startswith(("redis", "rediss", "valkey")):
            options["key_prefix"] = key_prefix
        storage = storage_from_string(storage_uri, **options)
        if not isinstance(storage, Storage):  # an "async+" URI: this app counts synchronously
            raise ValueError(f"not a synchronous rate limit store: {storage_uri}")
        self.storage = storage
        self.window = MovingWindowRateLimiter(self.storage)

    def hit(self, items: Sequence[RateLimitItem], *identifiers: str) -> None:
        """Count one attempt against every item; raise :class:`RateLimited` when one is spent."""
        try:
            for item in items:
                if not self.window.hit(item, *identifiers):
                    reset = self.window.get_window_stats(item, *identifiers).reset_time
                    raise RateLimited(reset - time.time())
        except StorageError:
            log.warning("rate limit store unavailable: request let through", exc_info=True)


@dataclass(frozen=True)
class Backoff:
    """After ``failures`` failures within ``window_seconds``, a lockout of ``first_seconds``,
    doubled with each further lockout up to ``max_seconds``. The doubling starts over a day
    after the first lockout."""

    failures: int
    window_seconds: int
    first_seconds: int
    max_seconds: int


class Lockout:
    """Progressive lockout, e.g. of log-ins for an account or a client address."""

    def __init__(self, limiter: RateLimiter, name: str, backoff: Backoff) -> None:
        self.limiter, self.name, self.backoff = limiter, name, backoff
        self._failures = limits_from(f"{backoff.failures}/{backoff.window_seconds}seconds")[0]

    def _key(self, kind: str, identifier: str) -> str:
        return f"lockout/{self.name}/{kind}/{identifier}"

    def check(self, identifier: str) -> None:
        """Raise :class:`RateLimited` while ``identifier`` is locked out."""
        storage = self.limiter.storage
        key = self._key("until", identifier)
        try:
            if storage.get(key) > 0:
                raise RateLimited(storage.get_expiry(key) - time.time())
        except StorageError:
            log.warning("lockout store unavailable: request let through", exc_info=True)

    def failed(self, identifier: str) -> None:
        """Count a failure; the one that reaches the threshold starts a lockout."""
        storage, window = self.limiter.storage, self.limiter.window
        try:
            window.hit(self._failures, self.name, identifier)
            if window.test(self._failures, self.name, identifier):
                return
            window.clear(self._failures, self.name, identifier)
            backoff = self.backoff
            # How many lockouts so far, forgotten a day after the first.
            level = storage.incr(self._key("level", identifier), max(86400, backoff.max_seconds))
            seconds = min(backoff.first_seconds * 2 ** min(level - 1, 30), backoff.max_seconds)
            storage.clear(self._key("until", identifier))
            storage.incr(self._key("until", identifier), seconds)
        except StorageError:
            log.warning("lockout store unavailable: failure not counted", exc_info=True)

    def succeeded(self, identifier: str) -> None:
        """Forget the failures (not the lockouts so far) after a success."""
        try:
            self.limiter.window.clear(self._failures, self.name, identifier)
        except StorageError:
            log.warning("lockout store unavailable", exc_info=True)
