"""Migration 0022: the notification tables match the models; e-mails already in the outbox get
an empty HTML body (their HTML part is made from the text when sent); the way back drops the
tables and the column and keeps the e-mails. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from talentmatch.db import Base, alembic_config, upgrade_database
from talentmatch.tables import import_models

TABLES = ("notifications", "notification_preferences")


def test_notification_tables_come_and_go_and_the_outbox_stays(engine: sa.Engine) -> None:
    upgrade_database(engine, "0021")
    now = datetime.now(UTC)
    outbox = sa.table(
        "outbox_emails",
        sa.column("id", sa.Uuid()),
        sa.column("to_address"),
        sa.column("subject"),
        sa.column("body"),
        sa.column("kind"),
        sa.column("delivery_error"),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    with engine.begin() as connection:
        connection.execute(
            outbox.insert(),
            {
                "id": uuid.uuid4(),
                "to_address": "ada@example.org",
                "subject": "Reset your password",
                "body": "Follow the link.",
                "kind": "password_reset",
                "delivery_error": "",
                "created_at": now,
                "updated_at": now,
            },
        )
    upgrade_database(engine, "0022")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT html_body FROM outbox_emails")).all() == [("",)]
        import_models()
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        mine = [d for d in differences if any(t in str(d) for t in TABLES) or "html_body" in str(d)]
        assert mine == []
    inspector = sa.inspect(engine)
    assert {i["name"] for i in inspector.get_indexes("notifications")} >= {
        "ix_notifications_user_id_read_at",
        "ix_notifications_user_id_created_at",
    }

    command.downgrade(alembic_config(engine), "0021")
    inspector = sa.inspect(engine)
    assert not set(TABLES) & set(inspector.get_table_names())
    assert "html_body" not in {c["name"] for c in inspector.get_columns("outbox_emails")}
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM outbox_emails")).scalar() == 1
