"""Rate limits (429 with Retry-After) and the progressive lockout of failed log-ins. Each test
builds its own app with tight limits; the suite's shared app has generous ones."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.config import Settings
from talentmatch.db import unit_of_work
from talentmatch.notifications.models import OutboxEmail
from tests.builders import PASSWORD, candidate, unique_email
from tests.conftest import make_settings

REDIS_URL = os.environ.get("TALENTMATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

AppFactory = Callable[..., TestClient]


@pytest.fixture
def tight(database_url: str, clean_database: None) -> Iterator[AppFactory]:
    """Builds apps on the test database with the given limits (others stay generous)."""
    clients: list[TestClient] = []

    def build(**limits: object) -> TestClient:
        client = TestClient(create_app(make_settings(database_url, **limits)))
        client.__enter__()  # the lifespan: migrations, and shutdown at the end
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


def _token(client: TestClient, email: str, password: str) -> Any:
    return client.post("/api/auth/token", data={"username": email, "password": password})


def _retry_after(response: Any) -> int:
    value = response.headers["Retry-After"]
    assert value.isdigit(), value
    return int(value)


class TestLoginLockout:
    def test_fifty_wrong_passwords_then_the_right_one_is_refused(self, tight: AppFactory) -> None:
        client = tight(login_failures_per_account=5, login_lockout_seconds=300)
        ada = candidate(client)
        answers = [_token(client, ada.email, f"wrong-guess-{n:04d}") for n in range(50)]
        assert [a.status_code for a in answers[:5]] == [401] * 5
        assert {a.status_code for a in answers[5:]} == {429}
        right = _token(client, ada.email, PASSWORD)
        assert right.status_code == 429
        assert right.json()["code"] == "rate_limited"
        assert 0 < _retry_after(right) <= 300
        # The browser log-in is locked too, and so is the page.
        api = client.post("/api/auth/login", json={"email": ada.email, "password": PASSWORD})
        assert api.status_code == 429

    def test_another_account_is_not_locked_by_it(self, tight: AppFactory) -> None:
        client = tight(login_failures_per_account=3)
        ada, bob = candidate(client), candidate(client, name="Bob")
        for n in range(5):
            _token(client, ada.email, f"wrong-guess-{n}")
        assert _token(client, ada.email, PASSWORD).status_code == 429
        assert _token(client, bob.email, PASSWORD).status_code == 200

    def test_one_address_guessing_many_accounts_is_locked_out(self, tight: AppFactory) -> None:
        client = tight(login_failures_per_address=6)
        ada = candidate(client)
        for _ in range(6):
            assert _token(client, unique_email("nobody"), "wrong-guess").status_code == 401
        assert _token(client, ada.email, PASSWORD).status_code == 429

    def test_each_further_lockout_lasts_twice_as_long(self, tight: AppFactory) -> None:
        client = tight(login_failures_per_account=2, login_lockout_seconds=1)
        ada = candidate(client)
        codes = [_token(client, ada.email, "wrong-guess").status_code for _ in range(3)]
        assert codes == [401, 401, 429]
        first = _token(client, ada.email, PASSWORD)
        assert _retry_after(first) == 1
        time.sleep(1.2)  # the first lockout is over
        codes = [_token(client, ada.email, "wrong-guess").status_code for _ in range(3)]
        assert codes == [401, 401, 429]
        assert _retry_after(_token(client, ada.email, PASSWORD)) == 2

    def test_a_success_forgets_earlier_failures(self, tight: AppFactory) -> None:
        client = tight(login_failures_per_account=3)
        ada = candidate(client)
        for _ in range(4):
            assert _token(client, ada.email, "wrong-guess").status_code == 401
            assert _token(client, ada.email, "wrong-guess").status_code == 401
            assert _token(client, ada.email, PASSWORD).status_code == 200

    def test_the_login_page_shows_a_429_page(self, tight: AppFactory) -> None:
        client = tight(login_failures_per_account=2)
        ada = candidate(client)
        assert client.get("/login").status_code == 200
        csrf = client.cookies.get("tm_csrf")
        form = {"email": ada.email, "password": "wrong-guess", "csrf_token": csrf}
        assert client.post("/login", data=form).status_code == 422
        assert client.post("/login", data=form).status_code == 422
        right = client.post("/login", data={**form, "password": PASSWORD})
        assert right.status_code == 429
        assert right.headers["content-type"].startswith("text/html")
        assert "Too many attempts" in right.text
        assert _retry_after(right) > 0


class TestRequestLimits:
    def test_thirteen_reset_requests_send_only_the_first_three(
        self, tight: AppFactory, app: FastAPI
    ) -> None:
        client = tight(rate_limit_reset_email="3/15minutes;10/day")
        ada = candidate(client)
        answers = [
            client.post("/api/auth/password/forgot", json={"email": ada.email}) for _ in range(13)
        ]
        assert [a.status_code for a in answers[:3]] == [202] * 3
        assert {a.status_code for a in answers[3:]} == {429}
        assert _retry_after(answers[-1]) > 0
        with unit_of_work(app.state.session_factory) as session:
            sent = session.scalar(
                sa.select(sa.func.count())
                .select_from(OutboxEmail)
                .where(OutboxEmail.to_address == ada.email, OutboxEmail.kind == "password_reset")
            )
        assert sent == 3

    def test_reset_requests_per_address(self, tight: AppFactory) -> None:
        client = tight(rate_limit_reset="4/minute")
        codes = [
            client.post("/api/auth/password/forgot", json={"email": unique_email("x")}).status_code
            for _ in range(5)
        ]
        assert codes == [202] * 4 + [429]
        page = client.post("/password/forgot", data={"email": unique_email("x")})
        assert page.status_code == 429
        assert "Too many attempts" in page.text

    def test_sign_ups_per_address(self, tight: AppFactory) -> None:
        client = tight(rate_limit_signup="2/minute")
        candidate(client)
        candidate(client)
        body = {"email": unique_email("c"), "password": PASSWORD, "full_name": "C"}
        third = client.post("/api/auth/signup", json={**body, "role": "candidate"})
        assert third.status_code == 429
        assert 0 < _retry_after(third) <= 60

    def test_sign_up_e_mails_per_e_mail_address_whether_or_not_it_has_an_account(
        self, tight: AppFactory
    ) -> None:
        client = tight(rate_limit_signup_email="2/15minutes")
        ada = candidate(client)  # one sign-up e-mail to her address
        again = {"email": ada.email, "password": PASSWORD, "full_name": "A", "role": "candidate"}
        assert client.post("/api/auth/signup", json=again).status_code == 202
        assert client.post("/api/auth/signup", json=again).status_code == 429
        fresh = {**again, "email": unique_email("fresh")}
        codes = [client.post("/api/auth/signup", json=fresh).status_code for _ in range(3)]
        assert codes == [202, 202, 429]

    def test_log_ins_per_address(self, tight: AppFactory) -> None:
        client = tight(rate_limit_login="3/minute")
        ada = candidate(client)  # one token request
        assert _token(client, ada.email, PASSWORD).status_code == 200
        login = {"email": ada.email, "password": PASSWORD}
        assert client.post("/api/auth/login", json=login).status_code == 200
        assert client.post("/api/auth/login", json=login).status_code == 429

    def test_resume_uploads_per_account(self, tight: AppFactory) -> None:
        client = tight(rate_limit_uploads="1/minute")
        ada = candidate(client)
        upload = {"file": ("cv.txt", b"Ada Lovelace\nPython engineer", "text/plain")}
        assert ada.put("/api/candidates/me/resume", files=upload).status_code == 200
        again = ada.put("/api/candidates/me/resume", files=upload)
        assert again.status_code == 429
        bob = candidate(client, name="Bob")  # another account has its own count
        assert bob.put("/api/candidates/me/resume", files=upload).status_code == 200

    def test_messages_per_account(self, tight: AppFactory) -> None:
        client = tight(rate_limit_messages="1/minute")
        ada = candidate(client)
        url = f"/api/interview-requests/{uuid.uuid4()}/messages"
        assert ada.post(url, json={"body": "hello"}).status_code == 404
        assert ada.post(url, json={"body": "hello"}).status_code == 429


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required but unreachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}")
    return REDIS_URL


class TestRedis:
    def test_two_app_instances_share_a_limit(self, tight: AppFactory, redis_url: str) -> None:
        shared = {
            "redis_url": redis_url,
            "rate_limit_prefix": f"talentmatch-test-{uuid.uuid4().hex}",
            "rate_limit_signup": "2/minute",
            "login_failures_per_account": 3,
        }
        first, second = tight(**shared), tight(**shared)
        ada = candidate(first)
        candidate(second)
        body = {"email": unique_email("c"), "password": PASSWORD, "full_name": "C"}
        assert first.post("/api/auth/signup", json={**body, "role": "candidate"}).status_code == 429
        # A lockout earned on one instance holds on the other.
        for _ in range(3):
            assert _token(first, ada.email, "wrong-guess").status_code == 401
        assert _token(second, ada.email, PASSWORD).status_code == 429

    def test_a_separate_prefix_counts_separately(self, tight: AppFactory, redis_url: str) -> None:
        limits = {"redis_url": redis_url, "rate_limit_signup": "1/minute"}
        first = tight(**limits, rate_limit_prefix=f"talentmatch-test-{uuid.uuid4().hex}")
        second = tight(**limits, rate_limit_prefix=f"talentmatch-test-{uuid.uuid4().hex}")
        candidate(first)
        candidate(second)


class TestSettings:
    def test_cookies_are_secure_in_production_unless_set(self) -> None:
        production = {"environment": "production", "secret_key": "a-private-secret"}
        assert Settings(**production).cookie_secure is True  # type: ignore[arg-type]
        assert Settings(**production, cookie_secure=False).cookie_secure is False  # type: ignore[arg-type]
        assert Settings(environment="development").cookie_secure is False
        assert Settings(environment="test").cookie_secure is False

    def test_a_malformed_limit_is_refused_at_start_up(self) -> None:
        with pytest.raises(ValueError, match="rate_limit_login"):
            Settings(rate_limit_login="lots")
