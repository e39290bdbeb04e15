"""Salary estimates on held-out survey rows, by title/level/country cell.

The shipped model is fitted on every aijobs.net row; here the same fit
(:func:`talentmatch.ml.salary.fit_salary_model`) is run again without the fifth of rows that
``is_held_out_salary_row`` holds out, and measured on those. For each cell of held-out rows,
the error is |estimate p50 - the cell's median| / the cell's median; the benchmark prints the
median of those errors (MdAPE) over cells, for every cell and for cells with 5 or more held-out
rows, beside two baselines: the median salary of the cell's experience level, and the median
of the cell's own training rows (the look-up; cells it cannot answer are counted apart).

Run: .venv/bin/python -m benchmarks.salary
"""

from __future__ import annotations

import csv
import statistics
import time
from collections import defaultdict

from benchmarks._common import bootstrap_ci, report, require_data
from talentmatch.ml.reference import load_table
from talentmatch.ml.salary import SalaryEstimator, fit_salary_model, is_held_out_salary_row
from talentmatch.understanding import Understanding

Cell = tuple[str, str, str]


def _cells(rows: list[dict[str, str]]) -> dict[Cell, list[float]]:
    cells: dict[Cell, list[float]] = defaultdict(list)
    for row in rows:
        cell = (row["job_title"], row["experience_level"], row["employee_residence"])
        cells[cell].append(float(row["salary_in_usd"]))
    return cells


def _mdape(errors: list[float]) -> float:
    return round(statistics.median(errors), 4)


def main() -> None:
    with require_data("salaries", "aijobs_salaries_dev.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    train = [r for r in rows if not is_held_out_salary_row(r)]
    test = [r for r in rows if is_held_out_salary_row(r)]
    by_level: dict[str, list[float]] = defaultdict(list)
    for row in train:
        by_level[row["experience_level"]].append(float(row["salary_in_usd"]))
    level_median = {level: statistics.median(values) for level, values in by_level.items()}
    seen = {cell: statistics.median(values) for cell, values in _cells(train).items()}

    shipped = load_table("salaries.json.gz")
    started = time.perf_counter()
    model = fit_salary_model(train, shipped["regions"])
    fit_seconds = time.perf_counter() - started
    estimator = SalaryEstimator({**shipped, "model": model}, Understanding().titles)

    cells = _cells(test)
    started = time.perf_counter()
    ours, baseline, lookup, sizes, answered = [], [], [], [], 0
    for (title, level, country), values in cells.items():
        truth = statistics.median(values)
        estimate = estimator.estimate(title, level=level, country=country)
        answered += estimate.p50 > 0 and estimate.n > 0
        ours.append(abs(estimate.p50 - truth) / truth)
        baseline.append(abs(level_median[level] - truth) / truth)
        known = seen.get((title, level, country))
        lookup.append(abs(known - truth) / truth if known is not None else float("nan"))
        sizes.append(len(values))
    elapsed = time.perf_counter() - started

    def subset(errors: list[float], keep: list[int]) -> list[float]:
        return [errors[i] for i in keep if errors[i] == errors[i]]  # NaN: not answered

    every = list(range(len(cells)))
    big = [i for i, n in enumerate(sizes) if n >= 5]
    report(
        "salary_estimate",
        {
            "command": "python -m benchmarks.salary",
            "train_rows": len(train),
            "held_out_rows": len(test),
            "fit_seconds": round(fit_seconds, 1),
            "cells": len(cells),
            "cells_answered": answered,
            "mdape_p50_by_cell": _mdape(ours),
            "mdape_p50_by_cell_ci95": [round(x, 4) for x in bootstrap_ci(ours, statistics.median)],
            "baseline_per_level_median_mdape": _mdape(baseline),
            "lookup_cell_median": {
                "cells_answered": len(subset(lookup, every)),
                "mdape_on_those": _mdape(subset(lookup, every)),
                "ours_on_those": _mdape([ours[i] for i in every if lookup[i] == lookup[i]]),
            },
            "cells_with_5_or_more_rows": {
                "cells": len(big),
                "mdape": _mdape(subset(ours, big)),
                "mdape_ci95": [
                    round(x, 4) for x in bootstrap_ci(subset(ours, big), statistics.median)
                ],
                "baseline_mdape": _mdape(subset(baseline, big)),
                "lookup_cells_answered": len(subset(lookup, big)),
                "lookup_mdape": _mdape(subset(lookup, big)),
            },
            "by_min_held_out_rows": {
                str(k): {
                    "cells": len(keep),
                    "mdape": _mdape(subset(ours, keep)),
                    "lookup_mdape": _mdape(subset(lookup, keep)),
                }
                for k in (3, 8, 10, 20)
                if (keep := [i for i, n in enumerate(sizes) if n >= k])
            },
            "ms_per_estimate": round(1000 * elapsed / len(cells), 3),
        },
    )


if __name__ == "__main__":
    main()
