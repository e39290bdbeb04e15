"""Job titles read as names: how often the resume parser takes a resume's opening title line
for the person's name, and how often it still finds a name.

A resume that opens with its title and gives no name ("Bevel Mill Operator", or
"software application tester" over a list of skills) must keep the title: a line read as the
name is blanked from the text and the skills that matching reads. Titles: O*NET alternate titles
held out of the shipped title table (``is_held_out_title``) and the alternative labels of ESCO's
ICT occupations, each as a resume's only first line. Names: every first name of the
counterfactual personas with every surname, and the same first names with surnames that are
trades ("Baker", "Cooper", "Mason", ...), each over an e-mail address that does not spell the
name (the harder case: an address that names the person is trusted first).

Run: .venv/bin/python -m benchmarks.title_lines
"""

from __future__ import annotations

import gzip
import json
import time

import openpyxl

from benchmarks._common import report, require_data
from talentmatch.fairness.counterfactual import PERSONAS
from talentmatch.ml.occupations import is_held_out_title
from talentmatch.ml.resume import TitleShape, find_name

TRADE_SURNAMES = (
    "Baker Cook Smith Taylor Carpenter Mason Fisher Miller Porter Turner Walker Hunter Butler "
    "Cooper Weaver Gardner Shepherd Marshall Sawyer Fletcher Chandler Parker Clark Wright Judge "
    "Draper Tanner Glover Barber Brewer Dyer Fowler Archer Bishop Knight Farmer Potter Painter "
    "Singer Steward"
).split()


def held_out_titles() -> list[str]:
    path = require_data("onet", "Alternate Titles.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return sorted({str(r[2]) for r in rows if r[2] and is_held_out_title(str(r[0]), str(r[2]))})


def esco_labels() -> list[str]:
    path = require_data("esco", "esco_ict_occupations_with_skills.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        occupations = json.load(handle)
    return sorted({str(label) for o in occupations for label in o["altLabel"]})


def main() -> None:
    started = time.perf_counter()
    shape = TitleShape.shipped()
    figures: dict[str, object] = {}
    for label, titles in (
        ("onet_held_out_titles", held_out_titles()),
        ("esco_ict_labels", esco_labels()),
    ):
        named = [t for t in titles if find_name([t, "SKILLS", "Python, SQL"], is_title=shape)]
        figures[label] = {
            "titles": len(titles),
            "read_as_name": len(named),
            "share": round(len(named) / len(titles), 4),
            "without_the_title_shape": sum(
                bool(find_name([t, "SKILLS", "Python, SQL"])) for t in titles
            ),
            "examples": named[:8],
        }
    firsts = sorted({p.first for p in PERSONAS})
    for label, surnames in (
        ("persona_names", sorted({p.last for p in PERSONAS})),
        ("trade_surnames", TRADE_SURNAMES),
    ):
        names = [f"{first} {last}" for first in firsts for last in surnames]
        lost = [n for n in names if find_name([n, "jd1987@example.org"], is_title=shape) != n]
        figures[label] = {"names": len(names), "not_found": len(lost), "examples": lost[:8]}
    figures["seconds"] = round(time.perf_counter() - started, 1)
    report("title_lines", figures)


if __name__ == "__main__":
    main()
