"""Yearly salary estimates by job title, experience level and country (and US metro area).

The aijobs.net survey rows are read as a hierarchy of cells. The log of pay is the sum of a
level and a year effect and of random effects for the region, the country, the title's family
(its head noun: engineer, scientist, analyst...), the title, and their interactions with the
level and the country, down to the cell itself (title x level x country). Each effect is its
group's mean residual shrunk toward zero by ``n / (n + k)``, where the strength ``k`` of each
group is learned from the data (method of moments: within-cell variance over the variance
between the group's effects), so a cell with few rows leans on its family, its country and
its region, and a cell with many rows speaks for itself. Older survey years are brought to the
latest year through the year effects. The fit runs at build time
(``scripts/build_reference.py``); estimates are look-ups and sums.

Every estimate says which cell its rows come from: the narrowest of title x level x country,
title family x level x country, level x country, level x region and the level everywhere that
has at least :data:`MIN_BASIS_ROWS` rows, with that n (never an n of 0). For the US, the BLS
OEWS percentiles of the title's O*NET-SOC occupation are a second source, nationally or for the
metro area when a place is given (which also scales the survey's figures by the area's pay
relative to the nation). All figures are yearly, in US dollars.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from talentmatch.ml.occupations import OccupationMatch, TitleNormalizer, normalize_title
from talentmatch.ml.reference import load_table
from talentmatch.ml.seniority import SURVEY_CODES, SURVEY_NAMES, survey_code, survey_name

# The survey's experience levels and their words come from the seniority vocabulary.
LEVELS = SURVEY_CODES
LEVEL_NAMES = SURVEY_NAMES
# Continent codes (the salary table's regions) -> their names.
REGION_NAMES: dict[str, str] = dict(load_table("field_words.json")["continents"])
# A cell needs this many survey rows before an estimate names it as its basis; fewer, and the
# estimate says which wider cell its rows come from.
MIN_BASIS_ROWS = 5
# Rows a cell needs before its own quartile spread counts as much as its level's.
CELL_PRIOR_ROWS = 8
SURVEY_SOURCE = "aijobs.net salary survey (CC0)"
OEWS_SOURCE = "BLS OEWS May 2025"
# The random effects, broadest first (R region, C country, F title family, T title, L level):
# the order of backfitting and of the explanation.
EFFECTS = ("R", "C", "RL", "CL", "F", "FL", "FC", "FLC", "T", "TL", "TC", "TLC")
# The basis ladder: the cell, then its title family, then every title in the country, then the
# region, then the level everywhere.
_BASIS = (
    ("TLC", "title, level and country"),
    ("FLC", "title family, level and country"),
    ("CL", "level and country, all titles"),
    ("RL", "level and region, all titles"),
    ("L", "level, all countries and titles"),
)
_BASIS_ANY_COUNTRY = (
    ("TL", "title and level, all countries"),
    ("FL", "title family and level, all countries"),
    ("L", "level, all countries and titles"),
)


def is_held_out_salary_row(row: Mapping[str, str]) -> bool:
    """The fifth of survey rows that the benchmark holds out of the fit it measures."""
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


def title_family(key: str) -> str:
    """A title's family is its head noun: "machine learning engineer" -> "engineer"."""
    words = key.split()
    return words[-1] if words else ""


# A survey level's word or code -> its code ("senior" -> "SE"), and a code -> its word.
level_code = survey_code
level_name = survey_name


def _labels(key: str, level: str, country: str, region: str) -> dict[str, str]:
    family = title_family(key)
    return {
        "L": level,
        "R": region,
        "C": country,
        "RL": f"{region}|{level}",
        "CL": f"{country}|{level}",
        "F": family,
        "FL": f"{family}|{level}",
        "FC": f"{family}|{country}",
        "FLC": f"{family}|{level}|{country}",
        "T": key,
        "TL": f"{key}|{level}",
        "TC": f"{key}|{country}",
        "TLC": f"{key}|{level}|{country}",
    }


# ------------------------------------------------------------------------------ fitting


def fit_salary_model(
    rows: Sequence[Mapping[str, str]],
    regions: Mapping[str, str],
    *,
    sweeps: int = 4,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Fit the hierarchical model on survey rows (``job_title``, ``experience_level``,
    ``employee_residence``, ``work_year``, ``salary_in_usd``); ``regions`` maps a country to
    its region. Returns the ``model`` part of the salary table (plain JSON data)."""
    log_pay = np.log(np.array([float(r["salary_in_usd"]) for r in rows]))
    labels: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        country = row["employee_residence"]
        found = _labels(
            title_key(row["job_title"]),
            row["experience_level"],
            country,
            regions.get(country, ""),
        )
        for group, label in found.items():
            labels[group].append(label)
        labels["Y"].append(row["work_year"])
    groups = ("L", "Y", *EFFECTS)
    index: dict[str, tuple[np.ndarray, list[str]]] = {}
    for group in groups:
        names = list(dict.fromkeys(labels[group]))
        position = {name: i for i, name in enumerate(names)}
        index[group] = (np.array([position[v] for v in labels[group]]), names)
    mean = float(np.mean(log_pay))
    effects = {group: np.zeros(len(index[group][1])) for group in groups}
    strength: dict[str, float] = {}

    def fitted(skip: str | None) -> np.ndarray:
        total = np.full(len(log_pay), mean)
        for group in groups:
            if group != skip:
                total += effects[group][index[group][0]]
        return total

    for sweep in range(sweeps):
        for group in groups:
            ids, names = index[group]
            residual = log_pay - fitted(group)
            counts = np.bincount(ids, minlength=len(names)).astype(float)
            sums = np.bincount(ids, weights=residual, minlength=len(names))
            if group in ("L", "Y"):  # fixed effects: plain means
                effects[group] = sums / counts
                continue
            within = float(np.var(log_pay - fitted(None)))
            # Method of moments: sum(n m^2) ~ (J - 1) within + (N - sum(n^2) / N) between.
            between = (float(np.sum(counts * (sums / counts) ** 2)) - (len(names) - 1) * within) / (
                len(log_pay) - float(np.sum(counts**2)) / len(log_pay)
            )
            strength[group] = within / max(between, 1e-6)
            effects[group] = sums / (counts + strength[group])
        if progress is not None:
            progress(sweep + 1)
    residual = log_pay - fitted(None)
    level_ids = index["L"][0]
    spread = {}
    for i, level in enumerate(index["L"][1]):
        mine = residual[level_ids == i]
        spread[level] = [round(float(np.quantile(mine, q)), 4) for q in (0.25, 0.75)]
    counts_of = {
        group: Counter(labels[group]) for group in ("L", "TL", "FL", "TLC", "FLC", "CL", "RL")
    }
    # A cell's own spread of pay (log quartiles around its median), where it has the rows.
    cell_values: dict[str, list[float]] = defaultdict(list)
    for label, value in zip(labels["TLC"], log_pay, strict=True):
        cell_values[label].append(float(value))
    cell_spread = {}
    for label, values in cell_values.items():
        if len(values) >= MIN_BASIS_ROWS:
            q25, q50, q75 = np.quantile(values, [0.25, 0.5, 0.75])
            cell_spread[label] = [round(float(q25 - q50), 4), round(float(q75 - q50), 4)]
    years = sorted(index["Y"][1])
    level_total = sum(counts_of["L"].values())
    return {
        "mean": round(mean, 6),
        "level": _rounded(index["L"][1], effects["L"]),
        "year": _rounded(index["Y"][1], effects["Y"]),
        "latest_year": years[-1],
        "effects": {group: _rounded(index[group][1], effects[group]) for group in EFFECTS},
        "strength": {group: round(k, 2) for group, k in strength.items()},
        "counts": {group: dict(c) for group, c in counts_of.items()},
        "spread": spread,
        "cell_spread": cell_spread,
        "level_share": {lv: counts_of["L"][lv] / level_total for lv in LEVELS},
        "rows": len(rows),
    }


def _rounded(names: list[str], values: np.ndarray) -> dict[str, float]:
    return {name: round(float(v), 5) for name, v in zip(names, values, strict=True)}


# ------------------------------------------------------------------------------ estimates


@dataclass
class SalaryEstimate:
    currency: str
    p25: int
    p50: int
    p75: int
    n: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    title_matched: str | None = None
    level: str | None = None
    country: str | None = None
    # The narrowest survey cell with enough rows: {"scope", "label", "n"}.
    basis: dict[str, Any] = field(default_factory=dict)
    # The US metro area the figures were scaled to: {"name", "factor"}.
    area: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "p25": self.p25,
            "p50": self.p50,
            "p75": self.p75,
            "n": self.n,
            "sources": self.sources,
            "title_matched": self.title_matched,
            "level": level_name(self.level),
            "country": self.country,
            "basis": self.basis,
            "area": self.area,
        }


@dataclass(frozen=True)
class Metro:
    code: str
    name: str
    # Occupation (6-digit SOC, or "150000" for all computer and mathematical occupations) ->
    # [p25, p50, p75, employment].
    wages: dict[str, list[int]]


_STATE_SUFFIX = re.compile(r",\s*([A-Z]{2}(?:-[A-Z]{2})*)\s*$")


class SalaryEstimator:
    """Estimate yearly pay for ``(title, level, country)``; never blank, never n = 0.

    Examples
    --------
    >>> estimator = SalaryEstimator.load()
    >>> estimate = estimator.estimate("Senior Data Scientist", level="senior", country="US")
    >>> estimate.currency, estimate.p25 < estimate.p50 < estimate.p75, estimate.n > 0
    ('USD', True, True)
    """

    def __init__(self, table: dict[str, Any], normalizer: TitleNormalizer | None = None) -> None:
        self.table = table
        self.normalizer = normalizer
        model = table["model"]
        self._model = model
        self._effects: dict[str, dict[str, float]] = model["effects"]
        self._counts: dict[str, dict[str, int]] = model["counts"]
        self._titles = list(self._effects["T"])
        self._regions: dict[str, str] = table["regions"]
        self._title_codes: dict[str, str] = table["title_codes"]
        self._code_family: dict[str, str] = table["code_family"]
        self._metros = [
            Metro(code, area["name"], area["wages"]) for code, area in table["metros"].items()
        ]
        self._metro_cities: dict[str, list[tuple[str, Metro]]] = defaultdict(list)
        for metro in self._metros:
            cities, _, states = metro.name.rpartition(", ")
            for city in cities.split("-"):
                self._metro_cities[city.strip().lower()].append((states, metro))

    @classmethod
    def load(cls, normalizer: TitleNormalizer | None = None) -> SalaryEstimator:
        return cls(load_table("salaries.json.gz"), normalizer)

    @property
    def countries(self) -> list[str]:
        """Countries with survey rows."""
        return sorted(self._effects["C"])

    def region_of(self, country: str) -> str:
        return self._regions.get(country.upper(), "")

    @lru_cache(maxsize=4096)  # noqa: B019 - one estimator per process, titles repeat
    def _occupation(self, title: str) -> OccupationMatch | None:
        if self.normalizer is None:
            return None
        matches = self.normalizer.normalize(title, top=1)
        return matches[0] if matches else None

    @lru_cache(maxsize=4096)  # noqa: B019
    def _match_title(self, key: str) -> str | None:
        if key in self._effects["T"]:
            return key
        from rapidfuzz import fuzz, process

        found = process.extractOne(key, self._titles, scorer=fuzz.token_sort_ratio, score_cutoff=85)
        return str(found[0]) if found else None

    def _log_p50(self, key: str, family: str, level: str, country: str | None, year: str) -> float:
        model = self._model
        total = model["mean"] + model["level"][level] + model["year"][year]
        region = self.region_of(country) if country else ""
        labels = _labels(key, level, country or "", region)
        for group in EFFECTS:
            if country is None and ("C" in group or "R" in group):
                continue  # any country: the survey-wide mean, no country or region effect
            if "T" in group and not key:
                continue
            if "F" in group and not family:
                continue
            total += self._effects[group].get(labels[group], 0.0)
        return float(total)

    def _basis(
        self, key: str, family: str, level: str | None, country: str | None
    ) -> dict[str, Any]:
        levels = [level] if level else list(LEVELS)
        ladder = _BASIS if country else _BASIS_ANY_COUNTRY
        region = self.region_of(country) if country else ""
        for rung, (scope, label) in enumerate(ladder):
            if ("T" in scope and not key) or ("F" in scope and not family):
                continue
            if scope == "RL" and not region:
                continue
            n = sum(
                self._counts[scope].get(_labels(key, lv, country or "", region)[scope], 0)
                for lv in levels
            )
            if n >= MIN_BASIS_ROWS or scope == "L":
                parts = {
                    "T": key,
                    "F": f"{family} family" if family else "",
                    "L": level_name(level) or "all levels",
                    "C": country or "",
                    "R": REGION_NAMES.get(region, region),
                }
                words = [parts[letter] for letter in "TFLCR" if letter in scope and parts[letter]]
                if "T" not in scope and "F" not in scope:
                    words.append("all titles")
                if "C" not in scope and "R" not in scope:
                    words.append("all countries")
                return {
                    "scope": label,
                    "label": " · ".join(words),
                    "n": n,
                    "widened": rung > 0 or not key,
                }
        raise AssertionError("the level's own cell always has rows")  # pragma: no cover

    def metro(self, place: str) -> Metro | None:
        """The OEWS metro area a US place ("Austin, TX", "San Jose") is in, by its principal
        cities; with several of the name, the state decides, else the largest."""
        text = place.strip()
        state_match = _STATE_SUFFIX.search(text)
        state = state_match.group(1) if state_match else ""
        city = text[: state_match.start()] if state_match else text.split(",")[0]
        found = self._metro_cities.get(city.strip().lower(), [])
        if state:
            found = [(states, m) for states, m in found if state in states.split("-")] or found
        if not found:
            return None
        return max(found, key=lambda item: item[1].wages.get("150000", [0, 0, 0, 0])[3])[1]

    def estimate(
        self,
        title: str,
        *,
        level: str | None = None,
        country: str | None = None,
        place: str | None = None,
    ) -> SalaryEstimate:
        """Yearly USD quartiles for a title at a level (a word or a survey code) in a country;
        ``place`` (a US city) scales them to its metro area."""
        level = level_code(level)
        country = (country or "").strip().upper() or None
        key = title_key(title)
        matched = self._match_title(key)
        occupation = self._occupation(title)
        code = self._title_codes.get(matched or "") or (occupation.code if occupation else None)
        family = title_family(matched or key)
        if family not in self._effects["F"]:
            family = self._code_family.get(code or "", "")
        use_key = matched or ""
        year = self._model["latest_year"]
        model = self._model
        if level is None:
            shares = model["level_share"]
            log_p50 = sum(
                shares[lv] * self._log_p50(use_key, family, lv, country, year) for lv in LEVELS
            )
            spread = [sum(model["spread"][lv][i] * shares[lv] for lv in LEVELS) for i in (0, 1)]
        else:
            log_p50 = self._log_p50(use_key, family, level, country, year)
            spread = list(model["spread"][level])
        cell = f"{use_key}|{level}|{country}"
        own = model["cell_spread"].get(cell) if level and country else None
        if own:
            rows = self._counts["TLC"][cell]
            weight = rows / (rows + CELL_PRIOR_ROWS)
            spread = [weight * own[i] + (1 - weight) * spread[i] for i in (0, 1)]
        basis = self._basis(use_key, family, level, country)
        sources: list[dict[str, Any]] = [
            {
                "name": SURVEY_SOURCE,
                "rows": basis["n"],
                "basis": basis["label"],
                "method": "hierarchical model: the cell shrunk toward its title family, country "
                f"and region by strengths learned from the data; earlier years brought to {year}",
            }
        ]
        p50 = math.exp(log_p50)
        area = None
        if country in (None, "US"):
            soc = (code or "")[:7].replace("-", "")
            national = self.table["oews"].get(soc)
            if national and occupation is not None:
                sources.append(
                    {
                        "name": f"{OEWS_SOURCE}, national (public domain)",
                        "occupation": occupation.title,
                        "p25": national[0],
                        "p50": national[1],
                        "p75": national[2],
                        "employment": national[3],
                    }
                )
            metro = self.metro(place) if place and country == "US" else None
            if metro is not None:
                scaled = self._metro_scale(metro, soc)
                if scaled is not None:
                    factor, wages, what = scaled
                    p50 *= factor
                    area = {"name": metro.name, "factor": round(factor, 3)}
                    sources.append(
                        {
                            "name": f"{OEWS_SOURCE}, {metro.name} (public domain)",
                            "occupation": what,
                            "p25": wages[0],
                            "p50": wages[1],
                            "p75": wages[2],
                            "employment": wages[3],
                        }
                    )
        return SalaryEstimate(
            "USD",
            _round(p50 * math.exp(spread[0])),
            _round(p50),
            _round(p50 * math.exp(spread[1])),
            basis["n"],
            sources,
            matched,
            level,
            country,
            basis,
            area,
        )

    def _metro_scale(self, metro: Metro, soc: str) -> tuple[float, list[int], str] | None:
        """The area's median over the nation's, for the occupation where the area publishes it,
        else for all computer and mathematical occupations."""
        for occupation in (soc, "150000"):
            wages, national = metro.wages.get(occupation), self.table["oews"].get(occupation)
            if wages and national:
                what = self.table["oews_titles"].get(occupation, occupation)
                return wages[1] / national[1], wages, what
        return None

    def by_country(
        self, title: str, *, level: str | None = None, countries: Iterable[str] | None = None
    ) -> list[SalaryEstimate]:
        """The same title and level in each country whose own rows at that level are enough
        to be its basis (or in ``countries``), highest median first."""
        code = level_code(level)
        wanted = (
            [c.upper() for c in countries]
            if countries is not None
            else [
                c
                for c in self.countries
                if sum(
                    self._counts["CL"].get(f"{c}|{lv}", 0) for lv in ([code] if code else LEVELS)
                )
                >= MIN_BASIS_ROWS
            ]
        )
        found = [self.estimate(title, level=code, country=c) for c in dict.fromkeys(wanted)]
        return sorted(found, key=lambda e: -e.p50)


def _round(value: float) -> int:
    return int(round(value / 100.0) * 100)
