"""Yearly salary estimates by job title, experience level and country.

Cells of the aijobs.net survey (title x level x country) give empirical percentiles; a ridge
regression in log space (level + title + country + year effects) estimates every cell, including
those with no rows, and the two are blended by how many rows a cell has. For the US, the BLS
OEWS national percentiles of the title's O*NET-SOC occupation are shown as a second source.
All figures are yearly, in US dollars.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from talentmatch.ml.occupations import OccupationMatch, TitleNormalizer, normalize_title
from talentmatch.ml.reference import load_table

LEVELS = ("EN", "MI", "SE", "EX")
LEVEL_NAMES = {"EN": "entry", "MI": "mid", "SE": "senior", "EX": "executive"}
# Rows a cell needs before its own median counts as much as the model's estimate.
CELL_PRIOR_ROWS = 8


def is_held_out_salary_row(row: dict[str, str]) -> bool:
    """The fifth of survey rows that the shipped table leaves out, for benchmarks."""
    key = "|".join(
        row.get(k, "")
        for k in (
            "work_year",
            "experience_level",
            "job_title",
            "salary_in_usd",
            "employee_residence",
            "company_location",
            "company_size",
        )
    )
    return zlib.crc32(key.encode()) % 5 == 0


def title_key(title: str) -> str:
    """Survey titles and queries compared without seniority words or abbreviations."""
    return normalize_title(title) or title.strip().lower()


@dataclass
class SalaryEstimate:
    currency: str
    p25: int
    p50: int
    p75: int
    n: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    title_matched: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "p25": self.p25,
            "p50": self.p50,
            "p75": self.p75,
            "n": self.n,
            "sources": self.sources,
            "title_matched": self.title_matched,
        }


class SalaryEstimator:
    """Estimate yearly pay for ``(title, level, country)``; never blank.

    Examples
    --------
    >>> estimator = SalaryEstimator.load()
    >>> estimate = estimator.estimate("Senior Data Scientist", level="SE", country="US")
    >>> estimate.currency, estimate.p25 < estimate.p50 < estimate.p75
    ('USD', True)
    """

    def __init__(self, table: dict[str, Any], normalizer: TitleNormalizer | None = None) -> None:
        self.table = table
        self.normalizer = normalizer
        model = table["model"]
        self._intercept: float = model["intercept"]
        self._level: dict[str, float] = model["level"]
        self._title: dict[str, float] = model["title"]
        self._country: dict[str, float] = model["country"]
        self._other_country: float = model["other_country"]
        self._spread: dict[str, list[float]] = model["spread"]
        self._level_share: dict[str, float] = model["level_share"]
        self._latest_year: float = model["latest_year_effect"]
        self._titles = list(self._title)
        self._title_codes: dict[str, str] = table["title_codes"]
        self._code_effect: dict[str, float] = table["code_effect"]

    @classmethod
    def load(cls, normalizer: TitleNormalizer | None = None) -> SalaryEstimator:
        return cls(load_table("salaries.json.gz"), normalizer)

    def _occupation(self, title: str) -> OccupationMatch | None:
        if self.normalizer is None:
            return None
        matches = self.normalizer.normalize(title, top=1)
        return matches[0] if matches else None

    def _match_title(
        self, title: str, occupation: OccupationMatch | None
    ) -> tuple[str | None, float]:
        key = title_key(title)
        if key in self._title:
            return key, self._title[key]
        found = process.extractOne(key, self._titles, scorer=fuzz.token_sort_ratio, score_cutoff=85)
        if found:
            return found[0], self._title[found[0]]
        if occupation is not None and occupation.code in self._code_effect:
            return None, self._code_effect[occupation.code]
        return None, 0.0

    def estimate(
        self, title: str, *, level: str | None = None, country: str | None = None
    ) -> SalaryEstimate:
        level = (level or "").upper() or None
        if level is not None and level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}")
        country = (country or "").upper() or None
        occupation = self._occupation(title)
        matched, title_effect = self._match_title(title, occupation)
        country_effect = (
            self._country.get(country, self._other_country)
            if country
            else self._country.get("US", 0.0)
        )
        if level is None:
            level_effect = sum(self._level[lv] * self._level_share[lv] for lv in LEVELS)
            spread = [
                sum(self._spread[lv][i] * self._level_share[lv] for lv in LEVELS) for i in (0, 1)
            ]
        else:
            level_effect, spread = self._level[level], self._spread[level]
        log_p50 = self._intercept + level_effect + title_effect + country_effect + self._latest_year
        cell = (
            self.table["cells"].get(f"{matched}|{level or '*'}|{country or '*'}")
            if matched
            else None
        )
        n = 0
        sources: list[dict[str, Any]] = []
        if cell:
            n, c25, c50, c75 = cell
            weight = n / (n + CELL_PRIOR_ROWS)
            log_p50 = weight * math.log(c50) + (1 - weight) * log_p50
            low = weight * math.log(c25 / c50) + (1 - weight) * spread[0]
            high = weight * math.log(c75 / c50) + (1 - weight) * spread[1]
        else:
            low, high = spread
        sources.append(
            {
                "name": "aijobs.net salary survey (CC0)",
                "rows": n,
                "method": "cell percentiles blended with a model"
                if n
                else "model: level, title and country effects",
            }
        )
        if country in (None, "US") and occupation is not None:
            oews = self.table["oews"].get(occupation.code[:7].replace("-", ""))
            if oews:
                sources.append(
                    {
                        "name": "BLS OEWS May 2025, national (public domain)",
                        "occupation": occupation.title,
                        "p25": oews[0],
                        "p50": oews[1],
                        "p75": oews[2],
                        "employment": oews[3],
                    }
                )
        p50 = math.exp(log_p50)
        return SalaryEstimate(
            "USD",
            _round(p50 * math.exp(low)),
            _round(p50),
            _round(p50 * math.exp(high)),
            n,
            sources,
            matched,
        )


def _round(value: float) -> int:
    return int(round(value / 100.0) * 100)
