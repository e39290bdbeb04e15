"""Migration 0019: companies made before the profile get empty offices, stack and benefits and
no size; the way back drops only the new columns. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from talentmatch.db import alembic_config, upgrade_database


def test_existing_companies_get_an_empty_profile(engine: sa.Engine) -> None:
    upgrade_database(engine, "0018")
    now = datetime.now(UTC)
    company_id = uuid.uuid4()
    with engine.begin() as connection:
        companies = sa.table(
            "companies",
            sa.column("id", sa.Uuid()),
            sa.column("name"),
            sa.column("description"),
            sa.column("location"),
            sa.column("created_at", sa.DateTime(timezone=True)),
            sa.column("updated_at", sa.DateTime(timezone=True)),
        )
        connection.execute(
            companies.insert().values(
                id=company_id,
                name="Acme",
                description="Analytics",
                location="Berlin",
                created_at=now,
                updated_at=now,
            )
        )
    upgrade_database(engine, "0019")
    with engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT name, size_band, locations, stack, benefits FROM companies")
        ).one()
    name, size_band, *lists = stored
    assert (name, size_band) == ("Acme", None)
    # SQLite hands JSON back as text, PostgreSQL's JSONB as lists.
    assert [json.loads(v) if isinstance(v, str) else v for v in lists] == [[], [], []]
    with engine.begin() as connection, pytest.raises(sa.exc.IntegrityError):
        connection.execute(sa.text("UPDATE companies SET size_band = 'huge'"))
    command.downgrade(alembic_config(engine), "0018")
    names = {c["name"] for c in sa.inspect(engine).get_columns("companies")}
    assert not names & {"size_band", "locations", "stack", "benefits"}
    assert {"name", "location", "description"} <= names
