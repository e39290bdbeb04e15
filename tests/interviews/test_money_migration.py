"""Migration 0015: a request sent before total compensation keeps its salary as the base, with
no bonus and no equity, and the way back drops only the new columns."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from talentmatch.db import alembic_config, upgrade_database


def test_existing_requests_keep_their_salary_as_the_base(tmp_path: Path) -> None:
    # A plain engine: foreign keys are not enforced, so one row stands alone.
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'money.db'}")
    try:
        upgrade_database(engine, "0014")
        now = datetime.now(UTC)
        row = {
            "id": uuid.uuid4().hex,
            "job_id": uuid.uuid4().hex,
            "company_id": uuid.uuid4().hex,
            "candidate_profile_id": uuid.uuid4().hex,
            "sender_user_id": uuid.uuid4().hex,
            "salary": 143_000,
            "currency": "PLN",
            "message": "",
            "status": "sent",
            "decline_reason": "",
            "expires_at": now,
            "created_at": now,
            "updated_at": now,
        }
        with engine.begin() as connection:
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            connection.execute(
                sa.text(f"INSERT INTO interview_requests ({columns}) VALUES ({values})"), row
            )
        upgrade_database(engine, "0015")
        with engine.connect() as connection:
            stored = connection.execute(
                sa.text(
                    "SELECT salary, currency, bonus_percent, equity_per_year, equity_vesting "
                    "FROM interview_requests"
                )
            ).one()
        assert tuple(stored) == (143_000, "PLN", None, None, None)
        command.downgrade(alembic_config(engine), "0014")
        names = {c["name"] for c in sa.inspect(engine).get_columns("interview_requests")}
        assert "bonus_percent" not in names and "salary" in names
    finally:
        engine.dispose()
