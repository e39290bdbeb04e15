"""Bulk resume import speed: N generated text resumes through ``talentmatch import resumes``.

Writes N deterministic plain-text resumes (distinct e-mail addresses) into a temporary folder
and imports them through the CLI command's own function on a fresh SQLite database: reading,
parsing, accounts, profiles, resume files and match vectors, each resume in its own
transaction. Prints files/s, the total time and where it went (parse, embed, write), and the
time 10,000 resumes would take at the measured rate (an extrapolation, not a measurement).

Run: .venv/bin/python -m benchmarks.import_speed [--resumes 500] [--cores 2]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from benchmarks._common import duty_lines, report
from benchmarks.resume_corpus import COMPANIES, MONTH_NAMES
from talentmatch.demo.catalogue import (
    DEGREES,
    FAMILIES,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    UNIVERSITIES,
)


def make_text_resume(index: int) -> str:
    """A plain-text resume like people paste or export: contact, summary, experience with
    dates, skills and education; the e-mail address carries ``index`` (distinct per resume)."""
    rng = random.Random(index)
    family = rng.choice(FAMILIES)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, country, *_ = rng.choice(PLACES)
    skills = list(family.core_skills) + rng.sample(family.extra_skills, k=4)
    lines = [
        f"{first} {last}",
        f"{first.lower()}.{last.lower()}.{index}@example.org | +1 415 555 {index % 10000:04d} | "
        f"{city}, {country}",
        "",
        "SUMMARY",
        f"{family.titles[0]} with a record of shipping reliable systems. I like to "
        f"{rng.choice(family.duties)} and {rng.choice(family.duties)}.",
        "",
        "EXPERIENCE",
    ]
    year = 2025
    for position in range(rng.randint(3, 5)):
        length = rng.randint(1, 4)
        title = ("Senior " if position == 0 else "") + rng.choice(family.titles)
        start = f"{MONTH_NAMES[rng.randint(0, 11)]} {year - length}"
        end = "Present" if position == 0 else f"{MONTH_NAMES[rng.randint(0, 11)]} {year}"
        lines.append(f"{title}, {rng.choice(COMPANIES)} ({start} - {end})")
        lines += duty_lines(rng, family.duties, skills)
        year -= length
    lines += [
        "",
        "SKILLS",
        ", ".join(skills),
        "",
        "EDUCATION",
        rng.choice(DEGREES),
        rng.choice(UNIVERSITIES),
    ]
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, n: int) -> None:
    for index in range(n):
        (folder / f"resume-{index:05d}.txt").write_text(make_text_resume(index), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resumes", type=int, default=500)
    parser.add_argument("--cores", type=int, default=2, help="CPU cores to pin the run to")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[: args.cores]))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "resumes"
        folder.mkdir()
        write_corpus(folder, args.resumes)
        os.environ["TALENTMATCH_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'import.db'}"
        from talentmatch.cli.imports import import_resumes

        load_before = os.getloadavg()[0]
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = import_resumes(folder)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    n = args.resumes
    imported = summary["imported"]
    seconds = summary["seconds"]
    rate = imported / seconds["import"] if seconds["import"] else 0.0
    report(
        "import_speed",
        {
            "command": f"python -m benchmarks.import_speed --resumes {n} --cores {args.cores}",
            "cpu_cores_used": cores,
            "resumes": n,
            "imported": imported,
            "failed": summary["failed"],
            "total_seconds": round(total, 1),
            "model_load_seconds": seconds["load"],
            "import_seconds": seconds["import"],
            "files_per_second": round(rate, 1),
            "cpu_seconds_per_file": round(cpu / n, 3),
            "load_average_before": round(load_before, 2),
            # Time inside each stage; embedding overlaps the others (a thread of its own).
            "stage_seconds": {k: seconds[k] for k in ("read", "parse", "embed", "write")},
            "extrapolated_10k_minutes": round((10_000 / rate + seconds["load"]) / 60, 1)
            if rate
            else None,
            "note": "extrapolated_10k_minutes is the measured rate extrapolated to 10,000 "
            "resumes (plus the one-off model load), not a measurement of 10,000",
        },
    )


if __name__ == "__main__":
    main()
