"""Offline ranking evaluation: NDCG, MAP, MRR and recall over judged queries (ir-measures),
with bootstrap 95 % intervals for NDCG@5 and NDCG@10, and paired intervals of one run's NDCG
minus another's. Shared by ``eval ranking`` and model training."""

from __future__ import annotations

from typing import Any

import numpy as np

CUTOFFS = (5, 10)
ROUNDS = 1000


def _per_query(
    run: dict[str, dict[str, float]], qrels: dict[str, dict[str, int]], cutoff: int
) -> dict[str, float]:
    """NDCG@cutoff of every judged query of ``run`` (0 for a judged query it left out)."""
    import ir_measures
    from ir_measures import nDCG

    judged = {q: d for q, d in qrels.items() if q in run}
    values = {q: 0.0 for q in judged}
    values.update(
        {m.query_id: float(m.value) for m in ir_measures.iter_calc([nDCG @ cutoff], judged, run)}
    )
    return values


def _interval(values: np.ndarray) -> list[float]:
    """95 % percentile bootstrap interval of the mean (the same draws for every call, so two
    runs' intervals and their paired difference resample the same queries)."""
    rng = np.random.default_rng(0)
    means = values[rng.integers(0, len(values), (ROUNDS, len(values)))].mean(axis=1)
    return [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)]


def evaluate_run(
    run: dict[str, dict[str, float]], qrels: dict[str, dict[str, int]]
) -> dict[str, Any]:
    import ir_measures
    from ir_measures import AP, RR, R, nDCG

    measures = [nDCG @ 5, nDCG @ 10, AP, RR, R @ 10]
    names = {
        str(nDCG @ 5): "ndcg@5",
        str(nDCG @ 10): "ndcg@10",
        str(AP): "map",
        str(RR): "mrr",
        str(R @ 10): "recall@10",
    }
    judged = {q: d for q, d in qrels.items() if q in run}
    aggregate = ir_measures.calc_aggregate(measures, judged, run)
    result: dict[str, Any] = {names[str(k)]: round(float(v), 4) for k, v in aggregate.items()}
    for cutoff in CUTOFFS:
        per_query = _per_query(run, qrels, cutoff)
        if per_query:
            result[f"ndcg@{cutoff}_ci95"] = _interval(np.array(list(per_query.values())))
    return result


def paired_difference(
    run: dict[str, dict[str, float]],
    baseline: dict[str, dict[str, float]],
    qrels: dict[str, dict[str, int]],
) -> dict[str, Any]:
    """Mean NDCG@5/@10 of ``run`` minus ``baseline`` over the queries both ranked, with a 95 %
    bootstrap interval that resamples the same queries for both: the interval that says whether
    one beats the other (above 0) on these queries, which two separate intervals do not."""
    result: dict[str, Any] = {}
    for cutoff in CUTOFFS:
        mine, theirs = _per_query(run, qrels, cutoff), _per_query(baseline, qrels, cutoff)
        shared = sorted(mine.keys() & theirs.keys())
        if not shared:
            continue
        difference = np.array([mine[q] - theirs[q] for q in shared])
        result[f"ndcg@{cutoff}"] = round(float(difference.mean()), 4)
        result[f"ndcg@{cutoff}_ci95"] = _interval(difference)
    return result
