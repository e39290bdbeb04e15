"""Offline ranking evaluation: NDCG, MAP, MRR and recall over judged queries (ir-measures),
with bootstrap 95 % intervals for NDCG@5 and NDCG@10. Shared by ``eval ranking`` and model
training."""

from __future__ import annotations

from typing import Any

import numpy as np


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
    for cutoff in (5, 10):
        per_query = [m.value for m in ir_measures.iter_calc([nDCG @ cutoff], judged, run)]
        if per_query:
            rng = np.random.default_rng(0)
            values = np.array(per_query)
            means = [
                float(values[rng.integers(0, len(values), len(values))].mean()) for _ in range(1000)
            ]
            result[f"ndcg@{cutoff}_ci95"] = [
                round(float(np.percentile(means, 2.5)), 4),
                round(float(np.percentile(means, 97.5)), 4),
            ]
    return result
