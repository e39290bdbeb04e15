"""Upgrading a database that holds data loses none of it: on SQLite a migration that rebuilds
a table (batch mode) must not cascade-delete the rows that reference it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from talentmatch.config import Settings
from talentmatch.db import alembic_config, create_engine, upgrade_database


def _insert(connection: sa.Connection, table: str, row: dict[str, object]) -> None:
    columns = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    connection.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)


def test_upgrading_keeps_a_companys_members(tmp_path: Path) -> None:
    # The product's own engine: foreign keys enforced, as in a running deployment.
    engine = create_engine(Settings(database_url=f"sqlite:///{tmp_path / 'old.db'}"))
    try:
        upgrade_database(engine, "0018")
        now = datetime.now(UTC)
        company, user = uuid.uuid4().hex, uuid.uuid4().hex
        with engine.begin() as connection:
            _insert(
                connection,
                "companies",
                {
                    "id": company,
                    "name": "Northwind",
                    "description": "",
                    "location": "",
                    "created_at": now,
                    "updated_at": now,
                },
            )
            _insert(
                connection,
                "users",
                {
                    "id": user,
                    "email": "admin@northwind.example",
                    "password_hash": "!",
                    "full_name": "Ada",
                    "role": "employer",
                    "is_active": True,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            _insert(
                connection,
                "company_members",
                {
                    "id": uuid.uuid4().hex,
                    "company_id": company,
                    "user_id": user,
                    "role": "admin",
                    "created_at": now,
                    "updated_at": now,
                },
            )
        upgrade_database(engine)
        with engine.connect() as connection:
            members = connection.execute(sa.text("SELECT company_id FROM company_members"))
            assert [row[0] for row in members] == [company]
            assert connection.execute(sa.text("SELECT count(*) FROM companies")).scalar() == 1
            # The connection the app goes on using still enforces foreign keys.
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_going_back_past_vetting_is_refused_once_an_operator_has_decided(tmp_path: Path) -> None:
    # Coming forward again would approve every company, the rejected ones too.
    engine = create_engine(Settings(database_url=f"sqlite:///{tmp_path / 'vetted.db'}"))
    try:
        upgrade_database(engine)
        now = datetime.now(UTC)
        company, operator = uuid.uuid4().hex, uuid.uuid4().hex
        with engine.begin() as connection:
            _insert(
                connection,
                "companies",
                {
                    "id": company,
                    "name": "Shady",
                    "description": "",
                    "location": "",
                    "created_at": now,
                    "updated_at": now,
                },
            )
            _insert(
                connection,
                "users",
                {
                    "id": operator,
                    "email": "olive@example.org",
                    "password_hash": "!",
                    "full_name": "Olive",
                    "role": "operator",
                    "is_active": True,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            _insert(
                connection,
                "company_vetting_decisions",
                {
                    "id": uuid.uuid4().hex,
                    "company_id": company,
                    "status": "rejected",
                    "reason": "not who they say",
                    "decided_by_user_id": operator,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        with pytest.raises(RuntimeError, match="vetting decision"):
            command.downgrade(alembic_config(engine), "0020")
        with engine.connect() as connection:
            kept = connection.execute(sa.text("SELECT status FROM company_vetting_decisions"))
            assert [row[0] for row in kept] == ["rejected"]
    finally:
        engine.dispose()
