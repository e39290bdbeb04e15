"""Migration 0021: companies that were already there are approved (they keep sending requests);
the table matches the models; the way back drops it and keeps the companies. On SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from talentmatch.db import Base, alembic_config, upgrade_database
from talentmatch.tables import import_models

TABLE = "company_vetting_decisions"


def test_existing_companies_are_approved_and_the_way_back_keeps_them(engine: sa.Engine) -> None:
    upgrade_database(engine, "0020")
    now = datetime.now(UTC)
    ids = [uuid.uuid4(), uuid.uuid4()]
    companies = sa.table(
        "companies",
        sa.column("id", sa.Uuid()),
        sa.column("name"),
        sa.column("description"),
        sa.column("location"),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    with engine.begin() as connection:
        connection.execute(
            companies.insert(),
            [
                {
                    "id": company_id,
                    "name": name,
                    "description": "",
                    "location": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for company_id, name in zip(ids, ["Acme", "Initech"], strict=True)
            ],
        )
    upgrade_database(engine, "0021")
    decisions = sa.table(
        TABLE,
        sa.column("company_id", sa.Uuid()),
        sa.column("status"),
        sa.column("decided_by_user_id", sa.Uuid()),
    )
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(decisions.c.company_id, decisions.c.status, decisions.c.decided_by_user_id)
        ).all()
        assert sorted((str(c), s, d) for c, s, d in rows) == sorted(
            (str(i), "approved", None) for i in ids
        )
        import_models()
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert [d for d in differences if TABLE in str(d)] == []
    with engine.begin() as connection, pytest.raises(sa.exc.IntegrityError):
        connection.execute(sa.text(f"UPDATE {TABLE} SET status = 'maybe'"))
    command.downgrade(alembic_config(engine), "0020")
    inspector = sa.inspect(engine)
    assert TABLE not in inspector.get_table_names()
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM companies")).scalar() == 2
