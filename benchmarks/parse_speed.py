"""Resume parsing speed on one core: a generated corpus of two-page PDF resumes.

Times extraction plus parsing (fields, skills, occupation) per resume with the models already
loaded, pinned to one CPU, and checks a few fields against what the generator wrote.

Run: .venv/bin/python -m benchmarks.parse_speed [--resumes 100]
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks._common import percentile, report
from benchmarks.resume_corpus import make_resume
from talentmatch.understanding import Understanding


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--resumes", type=int, default=100)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    corpus = [make_resume(i) for i in range(args.resumes)]
    pages = []
    understanding = Understanding()
    started = time.perf_counter()
    understanding.read_resume(corpus[0][0])  # loads the models
    load_seconds = time.perf_counter() - started
    timings, name_ok, title_ok, company_ok, skill_recall = [], 0, 0, 0, []
    for content, truth in corpus:
        started = time.perf_counter()
        extracted, parsed = understanding.read_resume(content)
        timings.append(1000 * (time.perf_counter() - started))
        pages.append(extracted.pages)
        name_ok += parsed.name == truth.name
        title_ok += parsed.titles[:1] == truth.titles[:1]
        company_ok += parsed.companies[:1] == truth.companies[:1]
        found = {s.skill.name.lower() for s in parsed.skills} | {
            a.lower() for s in parsed.skills for a in s.skill.aliases
        }
        skill_recall.append(sum(1 for s in truth.skills if s.lower() in found) / len(truth.skills))
    n = len(corpus)
    report(
        "resume_parse_speed",
        {
            "command": f"python -m benchmarks.parse_speed --resumes {n}",
            "resumes": n,
            "pages_mean": round(sum(pages) / n, 2),
            "cpu_cores_used": 1,
            "model_load_seconds": round(load_seconds, 2),
            "parse_ms_p50": round(percentile(timings, 50), 1),
            "parse_ms_p99": round(percentile(timings, 99), 1),
            "field_accuracy": {
                "name": round(name_ok / n, 3),
                "latest_title": round(title_ok / n, 3),
                "latest_company": round(company_ok / n, 3),
                "skill_recall": round(sum(skill_recall) / n, 3),
            },
        },
    )


if __name__ == "__main__":
    main()
