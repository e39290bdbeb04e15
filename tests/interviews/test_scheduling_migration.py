"""Migration 0020, on SQLite and PostgreSQL: e-mails written before it keep working (no
attachment), the new tables match the models, and the way back removes only what it added."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from talentmatch.db import Base, alembic_config, upgrade_database
from talentmatch.tables import import_models
from tests.conftest import fresh_postgres_database

NEW_TABLES = {"interview_slots", "offers"}


def _check(url: str) -> None:
    engine = sa.create_engine(url)
    try:
        upgrade_database(engine, "0019")
        now = datetime.now(UTC)
        email = {
            "id": uuid.uuid4(),
            "to_address": "ada@example.com",
            "subject": "Welcome",
            "body": "Hello",
            "kind": "signup_confirm",
            "delivery_error": "",
            "created_at": now,
            "updated_at": now,
        }
        types = {"id": sa.Uuid(), "created_at": sa.DateTime(timezone=True)}
        types["updated_at"] = types["created_at"]
        outbox = sa.table(
            "outbox_emails", *(sa.column(name, types.get(name, sa.String())) for name in email)
        )
        with engine.begin() as connection:
            connection.execute(sa.insert(outbox).values(email))
        upgrade_database(engine, "0020")
        with engine.connect() as connection:
            stored = connection.execute(
                sa.text("SELECT attachment_name, attachment_type, attachment FROM outbox_emails")
            ).one()
            assert tuple(stored) == ("", "", "")
            # The schema the migration built is the one the models describe.
            import_models()
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            ours = [d for d in differences if NEW_TABLES & set(str(d).split("'"))]
            assert ours == []
        command.downgrade(alembic_config(engine), "0019")
        inspector = sa.inspect(engine)
        assert NEW_TABLES.isdisjoint(inspector.get_table_names())
        names = {c["name"] for c in inspector.get_columns("outbox_emails")}
        assert "attachment" not in names and "subject" in names
    finally:
        engine.dispose()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_scheduling_migration(dialect: str, tmp_path: Path) -> None:
    if dialect == "sqlite":
        _check(f"sqlite:///{tmp_path / 'scheduling.db'}")
        return
    with fresh_postgres_database() as url:
        _check(url)
