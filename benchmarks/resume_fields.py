"""Name and profile-link recall of the resume parser on real, labelled resumes.

Reads resumes in the JSON-lines form that public resume NER sets use: one object per line with
the resume's text in ``content`` and labelled spans in ``annotation`` (``label`` and
``points[].text``). The ``Name`` label is the candidate's name; ``Email Address`` labels that are
web addresses (``indeed.com/r/...``, ``linkedin.com/in/...``) are profile addresses. By default
every ``*.json``/``*.jsonl`` file under ``resumes/`` of the public data beside the checkout is
read; ``--data`` names another file or folder. Without data it says so and stops (exit 0).

Name recall: the parsed name equals the label (case and spacing aside). Link recall: a labelled
address (its line breaks removed) is among the parsed links, scheme, "www." and any query aside;
exact link recall counts only links that carry no query (no "?isid=rex-download&..." tracking
left on them). Each resume goes through ``ResumeParser.parse``, the path uploads take.

Run: .venv/bin/python -m benchmarks.resume_fields [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks._common import DATA, bootstrap_ci, report
from talentmatch.ml.resume import ResumeParser

PROFILE = re.compile(r"(?:linkedin\.com|github\.com|gitlab\.com|indeed\.com/r)/", re.I)


def labelled(path: Path) -> Iterator[dict[str, Any]]:
    files = [path] if path.is_file() else sorted([*path.rglob("*.json"), *path.rglob("*.jsonl")])
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("{"):
                record = json.loads(line)
                if isinstance(record.get("content"), str):
                    yield record


def spans(record: dict[str, Any], label: str) -> list[str]:
    found = []
    for item in record.get("annotation") or []:
        if label in (item.get("label") or []):
            found += [str(p.get("text") or "") for p in item.get("points") or []]
    return [text for text in found if text.strip()]


def same_name(parsed: str | None, label: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.replace(".", ". ").split()).casefold()

    return parsed is not None and key(parsed) == key(label)


def address_key(text: str, *, exact: bool = False) -> str:
    text = re.sub(r"\s+", "", text).removeprefix("Indeed:")
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text, flags=re.I)
    return (text if exact else text.split("?", 1)[0]).rstrip("/").casefold()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA / "resumes")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"resume_fields: skipped, no labelled resumes at {args.data} (see --data)")
        return
    records = list(labelled(args.data))
    if not records:
        print(f"resume_fields: skipped, no content/annotation records in {args.data}")
        return
    resumes = ResumeParser()
    resumes.parse(records[0]["content"])  # loads the place tables, outside the timings
    names: list[float] = []
    links: list[float] = []
    exact_links: list[float] = []
    found_any, timings = 0, []
    for record in records:
        started = time.perf_counter()
        parsed = resumes.parse(record["content"])
        timings.append(time.perf_counter() - started)
        found_any += parsed.name is not None
        name = spans(record, "Name")
        if name:
            names.append(float(same_name(parsed.name, name[0])))
        kept = {address_key(link) for link in parsed.links}
        clean = {address_key(link, exact=True) for link in parsed.links}
        for address in {
            address_key(a) for a in spans(record, "Email Address") if PROFILE.search(a)
        }:
            links.append(float(address in kept))
            exact_links.append(float(address in clean))
    report(
        "resume_fields",
        {
            "command": "python -m benchmarks.resume_fields"
            + (f" --data {args.data}" if args.data != DATA / "resumes" else ""),
            "resumes": len(records),
            "name_recall": round(sum(names) / len(names), 3) if names else None,
            "name_recall_ci95": [round(v, 3) for v in bootstrap_ci(names)] if names else None,
            "names_labelled": len(names),
            "a_name_found": round(found_any / len(records), 3),
            "profile_link_recall": round(sum(links) / len(links), 3) if links else None,
            "profile_link_recall_ci95": [round(v, 3) for v in bootstrap_ci(links)]
            if links
            else None,
            "profile_link_recall_exact": round(sum(exact_links) / len(links), 3) if links else None,
            "profile_addresses_labelled": len(links),
            "parse_ms_mean": round(1000 * sum(timings) / len(timings), 1),
        },
    )


if __name__ == "__main__":
    main()
