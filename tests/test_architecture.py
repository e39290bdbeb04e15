"""The import graph holds the house's layering: the contracts in pyproject.toml
([tool.importlinter], checked by import-linter) and no import cycle between modules, counting
imports inside functions (they only hide a cycle), not those under ``TYPE_CHECKING``."""

from __future__ import annotations

import graphlib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_hold() -> None:
    # Prints each broken contract with the import chain that breaks it.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_module_imports_itself_back() -> None:
    graph = grimp.build_graph("talentmatch", exclude_type_checking_imports=True, cache_dir=None)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as exc:
        cycle = " -> ".join(exc.args[1])
        raise AssertionError(f"import cycle: {cycle}") from None
