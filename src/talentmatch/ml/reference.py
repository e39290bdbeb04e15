"""Loading the tables shipped inside the package: reference data derived from public sources and
the project's own word tables (see NOTICE for sources)."""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_table(name: str) -> Any:
    """A table from ``talentmatch/reference/`` (JSON, gzip-compressed when it ends in ``.gz``),
    read once per process."""
    data = resources.files("talentmatch.reference").joinpath(name).read_bytes()
    return json.loads(gzip.decompress(data) if name.endswith(".gz") else data)
