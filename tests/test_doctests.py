"""The examples in docstrings are run: a newcomer copies them, so they must stay true."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil

import pytest

import talentmatch


def modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(talentmatch.__path__, "talentmatch."):
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py"):
            with open(origin, encoding="utf-8") as source:
                if ">>> " in source.read():
                    names.append(info.name)
    return sorted(names)


MODULES = modules_with_examples()


def test_there_are_examples_to_run() -> None:
    assert len(MODULES) >= 10, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_a_module_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
