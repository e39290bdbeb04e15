"""The one seniority vocabulary, and the word tables the library reads from reference/."""

from __future__ import annotations

import json
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest

from talentmatch.jobs.models import Seniority
from talentmatch.ml import seniority
from talentmatch.ml.matching import seniority_fit
from talentmatch.ml.salary import LEVELS, level_code, level_name


def test_the_jobs_enum_is_the_vocabularys_job_levels() -> None:
    assert tuple(s.value for s in Seniority) == seniority.JOB_LEVELS
    assert set(seniority.JOB_LEVEL.values()) <= set(seniority.JOB_LEVELS)
    assert seniority.JOB_LEVEL["executive"] == "lead"


def test_every_level_has_a_rank_a_survey_level_and_a_job_level() -> None:
    for level in seniority.LEVELS:
        assert isinstance(seniority.RANKS[level], int)
        assert seniority.SURVEY_LEVEL[level] in LEVELS
        assert seniority.JOB_LEVEL[level] in seniority.JOB_LEVELS
    assert LEVELS == ("EN", "MI", "SE", "EX")
    # Levels the survey orders the same way are ranked in that order.
    order = {code: i for i, code in enumerate(LEVELS)}
    for a in seniority.LEVELS:
        for b in seniority.LEVELS:
            if seniority.RANKS[a] < seniority.RANKS[b]:
                assert order[seniority.SURVEY_LEVEL[a]] <= order[seniority.SURVEY_LEVEL[b]]


def test_survey_codes_and_words() -> None:
    assert [level_code(w) for w in ("entry", "MID", " senior ", "ex", "")] == [
        "EN",
        "MI",
        "SE",
        "EX",
        None,
    ]
    assert level_name("EN") == "entry" and level_name(None) is None
    with pytest.raises(ValueError, match="entry, mid, senior, executive"):
        level_code("junior")


@pytest.mark.parametrize(
    ("text", "level"), [("Senior", "senior"), (" lead ", "lead"), ("sr", None), (None, None)]
)
def test_parse_level(text: str | None, level: str | None) -> None:
    assert seniority.parse_level(text) == level


def test_matching_reads_the_ranks() -> None:
    assert seniority_fit("staff", "lead") == 1.0
    assert seniority_fit("junior", "senior") == pytest.approx(1 - 2 / 3)
    assert seniority_fit("junior", "wizard") == 0.5


def test_the_word_tables_ship_in_the_wheel() -> None:
    """Every JSON file under reference/ loads and is named by the package data."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["talentmatch"]
    names = [
        f.name
        for f in resources.files("talentmatch.reference").iterdir()
        if f.name.endswith(".json")
    ]
    assert {"careers.json", "seniority.json", "resume_words.json"} <= set(names)
    for name in names:
        assert any(fnmatch(f"reference/{name}", p) for p in patterns), name
        table = json.loads(resources.files("talentmatch.reference").joinpath(name).read_text())
        assert isinstance(table, dict)
