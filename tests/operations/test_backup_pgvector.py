"""A restore into PostgreSQL with pgvector fills the vector column the app searches (the
column is added at run time, so the archive does not hold it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentmatch.app import create_app
from talentmatch.db import create_engine, upgrade_database
from talentmatch.matching.pgvector import enable_pgvector
from talentmatch.operations.backup import backup, restore
from tests.conftest import make_settings
from tests.operations.test_backup import build_marketplace
from tests.pgvector import pgvector_database


@pytest.fixture
def pgvector_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pgvector_database(tmp_path_factory) as url:
        yield url


def test_restored_vectors_are_searchable_with_pgvector(pgvector_url: str, tmp_path: Path) -> None:
    source = create_app(make_settings(f"sqlite:///{tmp_path / 'source.db'}"))
    with TestClient(source) as client:
        build_marketplace(client, source)
    archive = tmp_path / "vectors.zip"
    backup(source.state.engine, archive)
    source.state.engine.dispose()

    target = create_engine(make_settings(pgvector_url))
    try:
        upgrade_database(target)
        assert enable_pgvector(target)  # as the app does on start: the column exists, empty
        restore(target, archive)
        with target.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT text_vector, embedding::text AS embedding FROM match_vectors")
            ).all()
    finally:
        target.dispose()
    assert len(rows) == 1
    stored = np.frombuffer(rows[0].text_vector, np.float32)
    searched = np.array([float(x) for x in rows[0].embedding.strip("[]").split(",")])
    np.testing.assert_allclose(searched, stored, rtol=1e-6)
