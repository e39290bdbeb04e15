"""The fairness suite's heaviest tests (whole marketplaces audited, models trained) run on
SQLite only: the rest of the suite exercises the same queries on PostgreSQL, and both halves
together pushed the suite past the time CI allows."""

from __future__ import annotations

import pytest
from fastapi import FastAPI


@pytest.fixture
def sqlite_only(app: FastAPI) -> None:
    if app.state.engine.dialect.name != "sqlite":
        pytest.skip("heavy fairness test: run on SQLite only (suite time)")
