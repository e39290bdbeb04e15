"""The one seniority vocabulary (``reference/seniority.json``): the levels in order, their ranks,
the salary survey's experience levels (EN/MI/SE/EX) and their words, the level a job is filed
under, and the level a title states. The resume and job parsers, matching, salary benchmarks
and the jobs' ``Seniority`` enum all read it.

>>> LEVELS[:3], RANKS["lead"], SURVEY_LEVEL["staff"], JOB_LEVEL["executive"]
(('intern', 'junior', 'mid'), 4, 'SE', 'lead')
>>> survey_code("Entry"), survey_code("mi"), survey_name("EX"), parse_level(" Senior ")
('EN', 'MI', 'executive', 'senior')
>>> level_of_title("Sr. Data Engineer", None), level_of_title("Engineer", 3.0)
('senior', 'mid')
"""

from __future__ import annotations

import re

from talentmatch.ml.reference import load_table

_VOCABULARY = load_table("seniority.json")

LEVELS: tuple[str, ...] = tuple(row["level"] for row in _VOCABULARY["levels"])
RANKS: dict[str, int] = {row["level"]: row["rank"] for row in _VOCABULARY["levels"]}
# Each level -> the survey's experience level it falls under.
SURVEY_LEVEL: dict[str, str] = {row["level"]: row["survey"] for row in _VOCABULARY["levels"]}
SURVEY_NAMES: dict[str, str] = dict(_VOCABULARY["survey_levels"])
SURVEY_CODES: tuple[str, ...] = tuple(SURVEY_NAMES)
_SURVEY_BY_NAME = {name: code for code, name in SURVEY_NAMES.items()}
# Each level -> the level a job is filed under, and those levels in order (the stored values of
# ``talentmatch.jobs.models.Seniority``).
JOB_LEVEL: dict[str, str] = {row["level"]: row["job"] for row in _VOCABULARY["levels"]}
JOB_LEVELS: tuple[str, ...] = tuple(dict.fromkeys(JOB_LEVEL.values()))
EXECUTIVE_WORDS: tuple[str, ...] = tuple(_VOCABULARY["title_phrases"]["executive"])
_TITLE_WORDS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (level, frozenset(words)) for level, words in _VOCABULARY["title_words"]
)
# A title that states no level: its years of experience say it (under 2: junior, under 5: mid).
_BY_YEARS = ((2.0, "junior"), (5.0, "mid"))
_OTHERWISE = "senior"


def parse_level(text: str | None) -> str | None:
    """A level word as written ("Senior", " lead ") -> the level; anything else -> ``None``."""
    level = (text or "").strip().lower()
    return level if level in RANKS else None


def survey_code(level: str | None) -> str | None:
    """A survey level's word or code (``"senior"``, ``"se"``, ``"SE"``) -> ``"SE"``; empty ->
    ``None``; anything else raises ``ValueError``."""
    text = (level or "").strip()
    if not text:
        return None
    code = _SURVEY_BY_NAME.get(text.lower(), text.upper())
    if code not in SURVEY_NAMES:
        raise ValueError(f"level must be one of {', '.join(SURVEY_NAMES.values())}")
    return code


def survey_name(code: str | None) -> str | None:
    """``"SE"`` -> ``"senior"``; ``None`` stays ``None``."""
    return SURVEY_NAMES.get(code) if code else None


def level_of_title(title: str | None, years: float | None) -> str | None:
    """The level a title states, else the one its years suggest."""
    lowered = (title or "").lower()
    words = set(re.findall(r"[a-z]+", lowered))
    if any(w in lowered for w in EXECUTIVE_WORDS):
        return "executive"
    for level, cues in _TITLE_WORDS:
        if words & cues:
            return level
    if years is None:
        return None
    return next((level for below, level in _BY_YEARS if years < below), _OTHERWISE)
