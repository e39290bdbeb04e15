"""Rate limits on the doors worth knocking on (log-in, sign-up, password reset, uploads,
messages) and the progressive lockout of failed log-ins; see :mod:`talentmatch.kit.ratelimit`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Request

from talentmatch.accounts.dependencies import OptionalPrincipal
from talentmatch.config import Settings
from talentmatch.kit.ratelimit import Backoff, Lockout, RateLimiter, limits_from

Rule = Literal["login", "signup", "signup_email", "reset", "reset_email", "uploads", "messages"]


class Throttle:
    """The app's limits, built once from settings (``app.state.throttle``)."""

    def __init__(self, settings: Settings) -> None:
        self.limiter = RateLimiter(
            settings.redis_url or "memory://", key_prefix=settings.rate_limit_prefix
        )
        self.rules = {
            "login": limits_from(settings.rate_limit_login),
            "signup": limits_from(settings.rate_limit_signup),
            "reset": limits_from(settings.rate_limit_reset),
            "reset_email": limits_from(settings.rate_limit_reset_email),
            "signup_email": limits_from(settings.rate_limit_signup_email),
            "uploads": limits_from(settings.rate_limit_uploads),
            "messages": limits_from(settings.rate_limit_messages),
        }
        window = settings.login_failure_window_minutes * 60
        first, most = settings.login_lockout_seconds, settings.login_lockout_max_seconds
        self.account_logins = Lockout(
            self.limiter,
            "login-account",
            Backoff(settings.login_failures_per_account, window, first, most),
        )
        self.address_logins = Lockout(
            self.limiter,
            "login-address",
            Backoff(settings.login_failures_per_address, window, first, most),
        )

    def hit(self, rule: Rule, identifier: str) -> None:
        """Count one request; raises ``RateLimited`` past the rule's limits."""
        self.limiter.hit(self.rules[rule], rule, identifier)

    def check_login(self, email: str, address: str) -> None:
        """Refuse any log-in (even with the right password) while either is locked out."""
        self.account_logins.check(_account_key(email))
        self.address_logins.check(address)

    def login_failed(self, email: str, address: str) -> None:
        self.account_logins.failed(_account_key(email))
        self.address_logins.failed(address)

    def login_succeeded(self, email: str) -> None:
        self.account_logins.succeeded(_account_key(email))


def _account_key(email: str) -> str:
    return email.strip().lower()


def client_address(request: Request) -> str:
    """The client's address (behind a proxy: run uvicorn with ``--proxy-headers``)."""
    return request.client.host if request.client else "unknown"


def get_throttle(request: Request) -> Throttle:
    throttle: Throttle = request.app.state.throttle
    return throttle


ThrottleDep = Annotated[Throttle, Depends(get_throttle)]


def per_address(rule: Rule) -> Any:
    """A route dependency: count the request against ``rule`` for the client's address."""

    def limit(request: Request, throttle: ThrottleDep) -> None:
        throttle.hit(rule, client_address(request))

    return Depends(limit)


def per_account(rule: Rule) -> Any:
    """A route dependency: count the request against ``rule`` for the logged-in account (the
    client's address when nobody is logged in; the route then refuses it anyway)."""

    def limit(request: Request, throttle: ThrottleDep, principal: OptionalPrincipal) -> None:
        who = f"user:{principal.user.id}" if principal else f"address:{client_address(request)}"
        throttle.hit(rule, who)

    return Depends(limit)


LOGIN_LIMIT = per_address("login")
SIGNUP_LIMIT = per_address("signup")
RESET_LIMIT = per_address("reset")
UPLOAD_LIMIT = per_account("uploads")
MESSAGE_LIMIT = per_account("messages")
