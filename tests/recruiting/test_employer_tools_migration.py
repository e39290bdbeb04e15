"""Migration 0023: the employer tools' tables match the models, and the way back drops them
and keeps the rest. On SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from talentmatch.db import Base, alembic_config, upgrade_database
from talentmatch.tables import import_models

TABLES = {
    "shortlists",
    "shortlist_entries",
    "candidate_notes",
    "saved_searches",
    "search_alerts",
    "scorecards",
}


def test_up_matches_the_models_and_down_drops_the_tables(engine: sa.Engine) -> None:
    upgrade_database(engine, "0022")
    assert not TABLES & set(sa.inspect(engine).get_table_names())
    upgrade_database(engine, "0023")
    assert set(sa.inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as connection:
        import_models()
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert [d for d in differences if any(t in str(d) for t in TABLES)] == []
    # A rating outside strong no (1) .. strong yes (4) is refused by the database.
    checks = sa.inspect(engine).get_check_constraints("scorecards")
    assert any("rating" in (c.get("name") or "") for c in checks), checks
    command.downgrade(alembic_config(engine), "0022")
    names = set(sa.inspect(engine).get_table_names())
    assert not TABLES & names
    assert "candidate_profiles" in names
