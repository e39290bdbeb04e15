"""An API token's last use is recorded off the request path, at most once a minute."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.accounts.models import ApiToken
from talentmatch.kit.clock import as_utc, utcnow
from tests.builders import candidate


def last_used(app: FastAPI) -> list[object]:
    app.state.token_use.flush()
    with app.state.session_factory() as session:
        return list(session.scalars(sa.select(ApiToken.last_used_at)))


def test_a_read_records_the_tokens_use_once_a_minute(client: TestClient, app: FastAPI) -> None:
    ada = candidate(client)  # logs in with a new token and reads /api/me
    [first] = last_used(app)
    assert first is not None and as_utc(first) > utcnow() - timedelta(minutes=1)
    assert ada.get("/api/candidates/me").status_code == 200
    assert last_used(app) == [first]  # within the minute: not written again
    with app.state.session_factory.begin() as session:
        session.execute(sa.update(ApiToken).values(last_used_at=utcnow() - timedelta(hours=2)))
    assert ada.get("/api/candidates/me").status_code == 200
    [again] = last_used(app)
    assert again is not None and as_utc(again) > utcnow() - timedelta(minutes=1)
