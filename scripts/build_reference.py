"""Build the small derived reference tables shipped in src/talentmatch/reference/.

Reads the public data in ../shared/data (O*NET 29.3, ESCO 1.2, Stack Overflow tags) and the
project-written seed in scripts/reference/skills_seed.tsv; writes:

- skills.json.gz       the skill taxonomy: id, name, category, aliases, flags, demand signals
- titles.json.gz       job title -> O*NET-SOC code (O*NET titles and alternate titles, less the
                       held-out tenth that benchmarks evaluate on)
- occupations.json.gz  per occupation: title, job zone, skill/knowledge importance vectors and
                       technology list, for related-occupation search

Run: .venv/bin/python scripts/build_reference.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from talentmatch.ml.occupations import is_held_out_title  # noqa: E402
from talentmatch.ml.skills import normalize_alias  # noqa: E402

OUT = ROOT / "src" / "talentmatch" / "reference"
SEED = ROOT / "scripts" / "reference" / "skills_seed.tsv"

# O*NET commodity classes worth adding to a tech taxonomy, and the category they belong to.
COMMODITY_CATEGORIES = {
    "Development environment software": "software engineering",
    "Object or component oriented development software": "software engineering",
    "Program testing software": "software engineering",
    "Compiler and decompiler software": "software engineering",
    "Web platform development software": "web",
    "Data base management system software": "databases",
    "Data base user interface and query software": "databases",
    "Analytical or scientific software": "data analysis",
    "Business intelligence and data analysis software": "data analysis",
    "Operating system software": "devops",
    "Configuration management software": "devops",
    "Network monitoring software": "devops",
    "Transaction security and virus protection software": "security",
    "Network security or virtual private network VPN management software": "security",
    "Platform interconnectivity software": "devops",
    "Enterprise application integration software": "software engineering",
    "Cloud-based data access and sharing software": "cloud",
    "Cloud-based protocol management software": "cloud",
    "Cloud-based management software": "cloud",
    "Cloud-based platform software": "cloud",
}
VENDOR_PREFIXES = (
    "microsoft ",
    "amazon ",
    "apache ",
    "oracle ",
    "google ",
    "ibm ",
    "adobe ",
    "sap ",
)


def read_xlsx(path: Path) -> list[dict[str, Any]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = workbook.active.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return [dict(zip(header, row, strict=False)) for row in rows]


def onet_name_variants(name: str) -> list[str]:
    """'Amazon Web Services AWS software' -> ['amazon web services aws', 'web services aws']."""
    base = re.sub(r"\s+software$", "", name.strip(), flags=re.IGNORECASE)
    variants = [base]
    lowered = base.lower()
    for prefix in VENDOR_PREFIXES:
        if lowered.startswith(prefix):
            variants.append(base[len(prefix) :])
    return [normalize_alias(v) for v in variants]


def load_seed() -> list[dict[str, Any]]:
    entries = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = [*line.split("\t"), "", "", "", "", ""][:5]
        skill_id, name, category, aliases, flags = (c.strip() for c in cells)
        # "~alias" (or the flag "ambiguous" for the name) marks forms that are skills only in
        # context: "Go", "R", "Spark", "Excel".
        forms = [a.strip() for a in aliases.split("|") if a.strip()]
        ambiguous = sorted(
            {a[1:] for a in forms if a.startswith("~")}
            | ({name} if "ambiguous" in flags else set())
        )
        entries.append(
            {
                "id": skill_id,
                "name": name,
                "category": category,
                "aliases": sorted({a.lstrip("~") for a in forms}),
                "ambiguous_aliases": ambiguous,
                "broad": "broad" in flags,
                "sources": ["talentmatch"],
                "demand": {
                    "onet_hot": False,
                    "onet_in_demand": False,
                    "onet_occupations": 0,
                    "so_questions": 0,
                    "esco_occupations": 0,
                },
            }
        )
    return entries


def build_skills(data: Path) -> list[dict[str, Any]]:
    entries = load_seed()
    by_alias: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for alias in [entry["name"], *entry["aliases"]]:
            by_alias.setdefault(normalize_alias(alias), entry)

    # O*NET Technology Skills: demand flags, and hot IT technologies the seed lacks.
    tech_rows = read_xlsx(data / "onet" / "Technology Skills.xlsx")
    occupations_by_example: dict[str, set[str]] = defaultdict(set)
    for row in tech_rows:
        occupations_by_example[row["Example"]].add(row["O*NET-SOC Code"])
    added: dict[str, dict[str, Any]] = {}
    for row in tech_rows:
        example = row["Example"]
        variants = onet_name_variants(example)
        entry = next((by_alias[v] for v in variants if v in by_alias), None)
        category = COMMODITY_CATEGORIES.get(row["Commodity Title"])
        is_it = any(code.startswith("15-") for code in occupations_by_example[example])
        if entry is None and category and is_it and row["Hot Technology"] == "Y":
            name = re.sub(r"\s+software$", "", example, flags=re.IGNORECASE)
            skill_id = "onet-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            entry = added.get(skill_id)
            if entry is None:
                entry = {
                    "id": skill_id,
                    "name": name,
                    "category": category,
                    "aliases": sorted({v for v in variants[1:] if len(v) > 3}),
                    "ambiguous_aliases": [],
                    "broad": False,
                    "sources": ["onet"],
                    "demand": {
                        "onet_hot": False,
                        "onet_in_demand": False,
                        "onet_occupations": 0,
                        "so_questions": 0,
                        "esco_occupations": 0,
                    },
                }
                added[skill_id] = entry
                for v in variants:
                    by_alias.setdefault(v, entry)
        if entry is None:
            continue
        demand = entry["demand"]
        demand["onet_hot"] |= row["Hot Technology"] == "Y"
        demand["onet_in_demand"] |= row["In Demand"] == "Y"
        demand["onet_occupations"] = max(
            demand["onet_occupations"], len(occupations_by_example[example])
        )
        if "onet" not in entry["sources"]:
            entry["sources"].append("onet")
    entries.extend(added.values())

    # Stack Overflow tags: how much people ask about each skill.
    with (data / "tags" / "stackoverflow_tags_2021.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            tag = row["TagName"]
            for key in {normalize_alias(tag), normalize_alias(tag.replace("-", " "))}:
                entry = by_alias.get(key)
                if entry is not None:
                    entry["demand"]["so_questions"] = max(
                        entry["demand"]["so_questions"], int(row["Count"])
                    )
                    if "stackoverflow" not in entry["sources"]:
                        entry["sources"].append("stackoverflow")

    # ESCO ICT occupations: how many need each skill ("Python (computer programming)").
    esco = json.loads(
        gzip.decompress((data / "esco" / "esco_ict_occupations_with_skills.json.gz").read_bytes())
    )
    for occupation in esco:
        seen = set()
        for label in occupation.get("skill", []):
            key = normalize_alias(re.sub(r"\s*\(.*?\)\s*", " ", label))
            entry = by_alias.get(key)
            if entry is not None and entry["id"] not in seen:
                seen.add(entry["id"])
                entry["demand"]["esco_occupations"] += 1
                if "esco" not in entry["sources"]:
                    entry["sources"].append("esco")

    top_so = max(e["demand"]["so_questions"] for e in entries) or 1
    for entry in entries:
        d = entry["demand"]
        so = math.log1p(d["so_questions"]) / math.log1p(top_so)
        onet = min(d["onet_occupations"], 50) / 50
        d["score"] = round(
            0.4 * so + 0.3 * onet + 0.15 * d["onet_hot"] + 0.15 * d["onet_in_demand"], 4
        )
    entries.sort(key=lambda e: e["id"])
    return entries


def build_titles(data: Path) -> tuple[list[list[str]], int]:
    pairs: dict[tuple[str, str], None] = {}
    for row in read_xlsx(data / "onet" / "Occupation Data.xlsx"):
        pairs[(row["Title"], row["O*NET-SOC Code"])] = None
    held_out = 0
    for row in read_xlsx(data / "onet" / "Alternate Titles.xlsx"):
        code = row["O*NET-SOC Code"]
        for title in (row["Alternate Title"], row["Short Title"]):
            if not title:
                continue
            if is_held_out_title(code, row["Alternate Title"]):
                held_out += 1
                continue
            pairs[(title, code)] = None
    return [[t, c] for t, c in pairs], held_out


def build_occupations(data: Path) -> dict[str, Any]:
    occupations: dict[str, dict[str, Any]] = {}
    for row in read_xlsx(data / "onet" / "Occupation Data.xlsx"):
        occupations[row["O*NET-SOC Code"]] = {
            "title": row["Title"],
            "job_zone": None,
            "skills": {},
            "knowledge": {},
            "technology": [],
        }
    for row in read_xlsx(data / "onet" / "Job Zones.xlsx"):
        if row["O*NET-SOC Code"] in occupations:
            occupations[row["O*NET-SOC Code"]]["job_zone"] = row["Job Zone"]
    elements: dict[str, list[str]] = {"skills": [], "knowledge": []}
    for kind, filename in (("skills", "Skills.xlsx"), ("knowledge", "Knowledge.xlsx")):
        for row in read_xlsx(data / "onet" / filename):
            if row["Scale ID"] != "IM" or row["O*NET-SOC Code"] not in occupations:
                continue
            name = row["Element Name"]
            if name not in elements[kind]:
                elements[kind].append(name)
            occupations[row["O*NET-SOC Code"]][kind][name] = float(row["Data Value"])
    for row in read_xlsx(data / "onet" / "Technology Skills.xlsx"):
        if row["O*NET-SOC Code"] in occupations:
            occupations[row["O*NET-SOC Code"]]["technology"].append(row["Example"])
    table = []
    for code, occ in sorted(occupations.items()):
        table.append(
            {
                "code": code,
                "title": occ["title"],
                "job_zone": occ["job_zone"],
                "skills": [occ["skills"].get(name, 0.0) for name in elements["skills"]],
                "knowledge": [occ["knowledge"].get(name, 0.0) for name in elements["knowledge"]],
                "technology": sorted(set(occ["technology"])),
            }
        )
    return {
        "skill_elements": elements["skills"],
        "knowledge_elements": elements["knowledge"],
        "occupations": table,
    }


def write(name: str, payload: Any) -> None:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()
    (OUT / name).write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"wrote {name}: {len(raw):,} bytes raw, {(OUT / name).stat().st_size:,} gzipped")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    skills = build_skills(args.data)
    write("skills.json.gz", {"version": 1, "skills": skills})
    titles, held_out = build_titles(args.data)
    write("titles.json.gz", {"version": 1, "held_out": held_out, "titles": titles})
    write("occupations.json.gz", {"version": 1, **build_occupations(args.data)})
    write("salaries.json.gz", build_salaries(args.data))
    print(f"{len(skills)} skills, {len(titles)} titles ({held_out} held out)")


def build_salaries(data: Path) -> dict[str, Any]:
    """Survey cells and a ridge model of log pay (aijobs.net, CC0) plus OEWS national
    percentiles (BLS, public domain). The held-out fifth of survey rows is left out."""
    import sqlite3
    import tempfile

    import numpy as np
    from sklearn.linear_model import Ridge

    from talentmatch.ml.occupations import TitleNormalizer
    from talentmatch.ml.salary import LEVELS, is_held_out_salary_row, title_key

    with (data / "salaries" / "aijobs_salaries_dev.csv").open(encoding="utf-8") as handle:
        rows = [
            r
            for r in csv.DictReader(handle)
            if not is_held_out_salary_row(r) and int(r["work_year"]) >= 2022
        ]
    keys = [title_key(r["job_title"]) for r in rows]
    salaries = np.log(np.array([float(r["salary_in_usd"]) for r in rows]))
    title_counts: dict[str, int] = defaultdict(int)
    country_counts: dict[str, int] = defaultdict(int)
    for key, row in zip(keys, rows, strict=True):
        title_counts[key] += 1
        country_counts[row["employee_residence"]] += 1
    titles = sorted(k for k, n in title_counts.items() if n >= 3)
    countries = sorted(c for c, n in country_counts.items() if n >= 5)
    years = sorted({r["work_year"] for r in rows})
    columns = (
        [f"L:{lv}" for lv in LEVELS]
        + [f"T:{t}" for t in titles]
        + [f"C:{c}" for c in countries]
        + [f"Y:{y}" for y in years]
    )
    index = {name: i for i, name in enumerate(columns)}
    design = np.zeros((len(rows), len(columns)))
    for r, (key, row) in enumerate(zip(keys, rows, strict=True)):
        design[r, index[f"L:{row['experience_level']}"]] = 1
        if f"T:{key}" in index:
            design[r, index[f"T:{key}"]] = 1
        if f"C:{row['employee_residence']}" in index:
            design[r, index[f"C:{row['employee_residence']}"]] = 1
        design[r, index[f"Y:{row['work_year']}"]] = 1
    ridge = Ridge(alpha=3.0).fit(design, salaries)
    coef = dict(zip(columns, ridge.coef_.tolist(), strict=True))
    residuals = salaries - ridge.predict(design)
    spread = {}
    for level in LEVELS:
        mask = np.array([r["experience_level"] == level for r in rows])
        spread[level] = [
            float(np.quantile(residuals[mask], 0.25)),
            float(np.quantile(residuals[mask], 0.75)),
        ]
    level_counts = {lv: sum(1 for r in rows if r["experience_level"] == lv) for lv in LEVELS}
    other = [coef[f"C:{c}"] for c in countries if c != "US"]
    cells: dict[str, list[float]] = {}
    grouped: dict[str, list[float]] = defaultdict(list)
    for key, row in zip(keys, rows, strict=True):
        value = float(row["salary_in_usd"])
        level, country = row["experience_level"], row["employee_residence"]
        for cell in (
            f"{key}|{level}|{country}",
            f"{key}|{level}|*",
            f"{key}|*|{country}",
            f"{key}|*|*",
        ):
            grouped[cell].append(value)
    for cell, values in grouped.items():
        if len(values) >= 3:
            q25, q50, q75 = np.quantile(values, [0.25, 0.5, 0.75])
            cells[cell] = [len(values), round(float(q25)), round(float(q50)), round(float(q75))]
    # Titles the survey lacks borrow the effect of survey titles in the same occupation.
    normalizer = TitleNormalizer().fit()
    title_codes = {
        t: matches[0].code for t in titles if (matches := normalizer.normalize(t, top=1))
    }
    by_code: dict[str, list[float]] = defaultdict(list)
    for t, code in title_codes.items():
        by_code[code].append(coef[f"T:{t}"])
    code_effect = {code: float(np.mean(v)) for code, v in by_code.items()}
    # OEWS national annual percentiles per SOC (6 digits).
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "oews.sqlite"
        path.write_bytes(gzip.decompress((data / "oews" / "oews-2025.sqlite.gz").read_bytes()))
        connection = sqlite3.connect(path)
        oews = {}
        for key, employment, p25, p50, p75 in connection.execute(
            "SELECT key, v01, v12, v13, v14 FROM cell WHERE key LIKE 'OEUN0000000000000%'"
        ):
            try:
                oews[key[-6:]] = [
                    int(float(p25)),
                    int(float(p50)),
                    int(float(p75)),
                    int(float(employment)),
                ]
            except (TypeError, ValueError):
                continue  # suppressed or top-coded figures
        connection.close()
    return {
        "version": 1,
        "model": {
            "intercept": float(ridge.intercept_),
            "level": {lv: coef[f"L:{lv}"] for lv in LEVELS},
            "title": {t: coef[f"T:{t}"] for t in titles},
            "country": {c: coef[f"C:{c}"] for c in countries},
            "other_country": float(np.mean(other)) if other else 0.0,
            "latest_year_effect": coef[f"Y:{years[-1]}"],
            "spread": spread,
            "level_share": {lv: level_counts[lv] / len(rows) for lv in LEVELS},
        },
        "cells": cells,
        "title_codes": title_codes,
        "code_effect": code_effect,
        "oews": oews,
        "rows": len(rows),
    }


if __name__ == "__main__":
    main()
