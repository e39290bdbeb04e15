"""Salary estimates on held-out survey rows, by title/level/country cell.

The shipped table leaves out a fifth of the aijobs.net rows (``is_held_out_salary_row``). For
each cell of held-out rows, the error is |estimate p50 - the cell's median| / the cell's
median; the benchmark prints the median of those errors (MdAPE) over cells, beside a baseline
that answers every cell with the median salary of its experience level, and how often a cell
is answered.

Run: .venv/bin/python -m benchmarks.salary
"""

from __future__ import annotations

import csv
import statistics
import time
from collections import defaultdict

from benchmarks._common import bootstrap_ci, report, require_data
from talentmatch.ml.salary import is_held_out_salary_row
from talentmatch.understanding import Understanding


def main() -> None:
    with require_data("salaries", "aijobs_salaries_dev.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    train = [r for r in rows if not is_held_out_salary_row(r)]
    test = [r for r in rows if is_held_out_salary_row(r)]
    by_level: dict[str, list[float]] = defaultdict(list)
    for row in train:
        by_level[row["experience_level"]].append(float(row["salary_in_usd"]))
    level_median = {level: statistics.median(values) for level, values in by_level.items()}
    cells: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for row in test:
        cells[(row["job_title"], row["experience_level"], row["employee_residence"])].append(
            float(row["salary_in_usd"])
        )
    estimator = Understanding().salaries
    started = time.perf_counter()
    ours, baseline, weights, answered = [], [], [], 0
    for (title, level, country), values in cells.items():
        truth = statistics.median(values)
        estimate = estimator.estimate(title, level=level, country=country)
        answered += estimate.p50 > 0
        ours.append(abs(estimate.p50 - truth) / truth)
        baseline.append(abs(level_median[level] - truth) / truth)
        weights.append(len(values))
    elapsed = time.perf_counter() - started
    big = [i for i, n in enumerate(weights) if n >= 5]
    report(
        "salary_estimate",
        {
            "command": "python -m benchmarks.salary",
            "held_out_rows": len(test),
            "cells": len(cells),
            "cells_answered": answered,
            "mdape_p50_by_cell": round(statistics.median(ours), 4),
            "mdape_p50_by_cell_ci95": [round(x, 4) for x in bootstrap_ci(ours, statistics.median)],
            "baseline_per_level_median_mdape": round(statistics.median(baseline), 4),
            "cells_with_5_or_more_rows": {
                "cells": len(big),
                "mdape": round(statistics.median([ours[i] for i in big]), 4),
                "baseline_mdape": round(statistics.median([baseline[i] for i in big]), 4),
            },
            "ms_per_estimate": round(1000 * elapsed / len(cells), 3),
        },
    )


if __name__ == "__main__":
    main()
