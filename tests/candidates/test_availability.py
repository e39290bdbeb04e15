"""When a candidate can start: set on the wish list (empty: now), shown on the card companies
read, and filterable in the pool ("can start by"). Migration 0024 adds the column."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient

from talentmatch.db import alembic_config, upgrade_database
from tests.builders import employer, live_candidate


def _today() -> date:
    return datetime.now(UTC).date()


def _headlines(actor: object, **params: str) -> set[str]:
    response = actor.get("/api/candidates", params=params)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.text
    return {c["headline"] for c in response.json()["items"]}


def test_the_pool_filters_by_start_day(client: TestClient, app: FastAPI) -> None:
    in_a_month = _today() + timedelta(days=30)
    live_candidate(client, app, name="Ada Lovelace", headline="Starts now")
    live_candidate(
        client,
        app,
        name="Bob Byte",
        headline="Starts in a month",
        available_from=in_a_month.isoformat(),
    )
    # A day that has passed is now.
    live_candidate(
        client,
        app,
        name="Cy Coder",
        headline="Gave a past day",
        available_from=(_today() - timedelta(days=3)).isoformat(),
    )
    rita = employer(client)
    everyone = {"Starts now", "Starts in a month", "Gave a past day"}
    assert _headlines(rita) == everyone
    next_week = (_today() + timedelta(days=7)).isoformat()
    assert _headlines(rita, available_by=next_week) == {"Starts now", "Gave a past day"}
    assert _headlines(rita, available_by=in_a_month.isoformat()) == everyone
    assert rita.get("/api/candidates", params={"available_by": "soon"}).status_code == 422

    # A refused filter searches nothing, rather than listing everyone under it.
    refused = rita.get("/pool", params={"available_by": "2027-02-30"})
    assert "Enter a real date as YYYY-MM-DD." in refused.text
    assert "Correct the filters marked above" in refused.text
    assert "Starts now" not in refused.text

    page = rita.get("/pool", params={"available_by": next_week})
    assert page.status_code == 200
    assert "Starts in a month" not in page.text and "Starts now" in page.text
    later = rita.get("/pool").text
    assert f"can start {in_a_month.isoformat()}" in later
    assert later.count("· can start now") == 2


def test_the_candidate_sets_and_clears_the_day(client: TestClient, app: FastAPI) -> None:
    day = (_today() + timedelta(days=60)).isoformat()
    ada = live_candidate(client, app, available_from=day)
    assert ada.get("/api/candidates/me").json()["available_from"] == day
    assert f'value="{day}"' in ada.get("/me/wishlist").text
    cleared = ada.patch("/api/candidates/me", json={"available_from": None})
    assert cleared.status_code == 200 and cleared.json()["available_from"] is None
    too_far = (_today() + timedelta(days=3 * 365)).isoformat()
    refused = ada.patch("/api/candidates/me", json={"available_from": too_far})
    assert refused.status_code == 422
    assert "two years" in refused.text


def test_the_pool_form_offers_each_choice_once(client: TestClient, app: FastAPI) -> None:
    rita = employer(client)
    html = rita.get("/pool").text
    # The blank choice is "any way"; "any" is not offered a second time.
    assert html.count('<option value="any"') == 0 and "Any way" in html
    # Amounts are read in USD unless another currency is chosen, and the box says so.
    assert '<option value="USD" selected>' in html
    assert '<option value="EUR" selected>' in rita.get("/pool", params={"currency": "EUR"}).text


def test_migration_adds_and_drops_the_column(engine: sa.Engine) -> None:
    upgrade_database(engine, "0024")
    columns = {c["name"] for c in sa.inspect(engine).get_columns("candidate_profiles")}
    assert "available_from" in columns
    command.downgrade(alembic_config(engine), "0023")
    columns = {c["name"] for c in sa.inspect(engine).get_columns("candidate_profiles")}
    assert "available_from" not in columns and "min_salary" in columns
