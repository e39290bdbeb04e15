"""What fair re-ranking costs and what it buys, on the matching evaluation sets turned around:
each O*NET occupation's post ranks the evaluation candidates (the employer's list), and the
candidates of that occupation are the relevant ones.

Sets (built by ``benchmarks.matching_quality``, same seeds): A, one-line candidates who typed a
held-out O*NET alternate title; B, tech candidates listing a dozen of their occupation's
technologies; C, the same candidates against posts that show only the other half of the
technologies. Every candidate is in every post's pool (the sets carry no place, remote policy
or salary, so no hard constraint removes anyone).

The sets carry no demographics. Group labels are assigned, deterministically, in two ways:

- independent: from a hash of the candidate's id (CRC-32 of "group|<id>" modulo 100):
  a 50 %, b 30 %, c 5 %, unknown 15 %. The model cannot favour a group it never sees, so any
  shortfall in a post's first places is chance.
- disadvantaged: group b is the 30 % of candidates whom the engine scores lowest against their
  own occupation's post (a model that under-scores a group's qualified people); the others get
  a, c or unknown from the same hash. A stress test.

For each set, labelling and method (the model's order; "floors and ceilings",
``talentmatch.ml.fair_ranking.fair_order`` with the pool's shares over the first ``--top``
places: at least floor(k * share) and at most ceil(k * share) of each group in every first
k; "floors only", the same without the ceilings; and "systematic rounding", the re-ranking the
product runs before a calibration: as "floors and ceilings", with each group's share of the
top ``--k`` rounded up or down per post by an offset from the post's id, ``list_offset``;
"calibrated lifts", what it runs after ``talentmatch audit calibrate``: only the groups the model
leaves under an impact ratio of 0.85 over these posts, "unknown" included, are held to a share,
the smallest part of their pool share that reaches it, ``calibrate_lifts``, with a check on
posts the calibration did not see): NDCG@10 (ir-measures, as ``eval
ranking``) and its relative cost, and LL144 impact ratios in the top ``--k``
(``talentmatch.ml.fairness_metrics.selection_audit``: each post's pool is its candidates,
selected = in its top k, pooled over posts; a group's rate is its members' places in the top
k over its members in the pools), with Skew@k.

Run: .venv/bin/python -m benchmarks.fair_ranking [--queries 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from benchmarks._common import report
from benchmarks.matching_quality import (
    Query,
    candidate_tools,
    documents,
    post_tools,
    skill_queries,
    task_statements,
    technologies,
    title_queries,
)
from talentmatch.fairness.ranking.service import CONSTRAINED_PLACES
from talentmatch.matching.records import candidate_from_record
from talentmatch.ml.evaluation import evaluate_run
from talentmatch.ml.fair_ranking import (
    RankedList,
    calibrate_lifts,
    fair_order,
    lifted_order,
    list_offset,
    meets_minimums,
    meets_shares,
    pooled_impact_ratios,
)
from talentmatch.ml.fairness_metrics import SMALL_SHARE, Flags, exposure_audit, selection_audit
from talentmatch.ml.matching import MatchProfile
from talentmatch.understanding import Understanding

UNKNOWN = "unknown"
# Cumulative hash buckets (of 100) for the independent labels: a 50, b 30, c 5, unknown 15.
BUCKETS = (("a", 50), ("b", 80), ("c", 85), (UNKNOWN, 100))
DISADVANTAGED_SHARE = 0.3
# "floors only": the re-ranking without the ceilings (as the product ran before them), on the
# same scores; "floors and ceilings": the product's without a job id; "systematic rounding":
# the product's with one, each post's offset from its id (the share of the top k rounded up or
# down per post, its exact share on average).
# "calibrated lifts": the product's once calibrated (``audit calibrate``): only the groups the
# model leaves under the goal over these posts are lifted, each to the smallest share of its
# pool that reaches it.
METHODS = ("model", "floors only", "floors and ceilings", "systematic rounding", "calibrated lifts")
# The impact ratio a calibration aims at: above the four-fifths rule, so that lists it was not
# calibrated on keep to the rule too.
CALIBRATION_GOAL = 0.85


def hashed_group(candidate_id: str) -> str:
    bucket = zlib.crc32(f"group|{candidate_id}".encode()) % 100
    return next(group for group, upper in BUCKETS if bucket < upper)


def independent_labels(ids: Sequence[str]) -> dict[str, str]:
    return {c: hashed_group(c) for c in ids}


def disadvantaged_labels(ids: Sequence[str], own_post_score: dict[str, float]) -> dict[str, str]:
    """b for the lowest-scored 30 % against their own occupation's post; a/c/unknown by hash
    (b's hash bucket goes to a) for the rest."""
    ranked = sorted(ids, key=lambda c: (own_post_score[c], c))
    lowest = set(ranked[: round(len(ids) * DISADVANTAGED_SHARE)])
    labels = {}
    for c in ids:
        group = hashed_group(c)
        labels[c] = "b" if c in lowest else ("a" if group == "b" else group)
    return labels


def score_pools(
    understanding: Understanding,
    posts: list[MatchProfile],
    people: list[MatchProfile],
    progress: Progress,
    name: str,
) -> np.ndarray:
    """scores[p, c]: the engine's score of candidate c for post p, as the employer's list
    ranks them (``MatchEngine.rank_candidates``' scorer)."""
    engine = understanding.matcher
    scores = np.zeros((len(posts), len(people)))
    task = progress.add_task(f"{name}: scoring", total=len(posts))
    for p, post in enumerate(posts):
        matrix = engine.features.pairs([(c, post) for c in people])
        scores[p] = engine.candidate_scorer.score(matrix)
        progress.advance(task)
    return scores


def measure(
    posts: list[MatchProfile],
    people: list[MatchProfile],
    relevant: dict[str, str],
    scores: np.ndarray,
    labels: dict[str, str],
    *,
    k: int,
    top: int,
) -> dict[str, Any]:
    ids = [c.id for c in people]
    groups = [labels[c] for c in ids]
    qrels = {post.id: {c: int(relevant[c] == post.id) for c in ids} for post in posts}
    figures: dict[str, Any] = {}
    lists = [
        RankedList([float(s) for s in scores[p]], groups, post.id) for p, post in enumerate(posts)
    ]
    lifts, held_out = calibration(lists, ids, qrels, k=k, top=top)
    for method in METHODS:
        run: dict[str, dict[str, float]] = {}
        pool_labels: list[str] = []
        selected: list[bool] = []
        tops: list[list[str]] = []
        meeting = 0
        within = 0
        for p, post in enumerate(posts):
            row = [float(s) for s in scores[p]]
            if method == "model":
                order = sorted(range(len(ids)), key=lambda i: (-row[i], i))
            elif method == "systematic rounding":
                order = fair_order(row, groups, top=top, offset=list_offset(post.id), cut=k)
            elif method == "calibrated lifts":
                order = lifted_order(lists[p], lifts, cut=k, top=top)
            else:
                order = fair_order(row, groups, top=top, ceilings=method != "floors only")
            # Ranks as scores, so that ir-measures reads exactly this order.
            run[post.id] = {ids[i]: float(len(order) - r) for r, i in enumerate(order)}
            chosen = set(order[:k])
            pool_labels += groups
            selected += [i in chosen for i in range(len(ids))]
            tops.append([groups[i] for i in order[:k]])
            meeting += meets_minimums(order, groups, top=top)
            within += meets_shares(order, groups, top=top)
        audit = selection_audit(pool_labels, selected, samples=200)
        # Groups that can expect at least one place in a list's top k (share >= 1/k): fewer,
        # and a list gives them 0 or 1 places, so their rate moves in whole places.
        placed = selection_audit(
            pool_labels, selected, flags=Flags(min_share=max(SMALL_SHARE, 1 / k)), samples=200
        )
        exposure = exposure_audit(tops, Counter(groups), k=k, samples=200)
        quality = evaluate_run(run, qrels)
        figures[method] = {
            "ndcg@10": quality["ndcg@10"],
            "ndcg@10_ci95": quality["ndcg@10_ci95"],
            "impact_ratio_top_k": {
                g.group: round(g.impact_ratio, 3) if g.impact_ratio is not None else None
                for g in audit.groups
            },
            "lowest_impact_ratio": _rounded(audit.lowest_impact_ratio()),
            "small_groups": [g.group for g in audit.groups if g.small],
            "impact_ratio_groups_with_a_place": {
                g.group: _rounded(g.impact_ratio) for g in placed.groups if not g.small
            },
            "lowest_impact_ratio_groups_with_a_place": _rounded(placed.lowest_impact_ratio()),
            "skew@k": {
                g.group: round(g.skew, 3) if g.skew is not None else None for g in exposure.groups
            },
            "posts_meeting_the_floors": round(meeting / len(posts), 3),
            "posts_meeting_floors_and_ceilings": round(within / len(posts), 3),
        }
    before = figures["model"]["ndcg@10"]
    for method in METHODS[1:]:
        after = figures[method]["ndcg@10"]
        figures[method]["ndcg@10_relative_cost"] = (
            round((before - after) / before, 4) if before else None
        )
    figures["calibrated lifts"]["lifts"] = {g: round(float(x), 3) for g, x in lifts.items()}
    figures["calibrated lifts"]["held_out"] = held_out
    figures["pool_shares"] = {
        g: round(n / len(groups), 3) for g, n in sorted(Counter(groups).items())
    }
    return figures


def calibration(
    lists: list[RankedList],
    ids: list[str],
    qrels: dict[str, dict[str, int]],
    *,
    k: int,
    top: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Lifts calibrated on every post (what the product does with the open jobs), and a check
    on posts the calibration did not see: lifts from the even-numbered posts applied to the
    odd-numbered ones (their lowest impact ratio and NDCG@10 cost there)."""

    def ratios(chosen: Any, orders: Any) -> Any:
        return pooled_impact_ratios(chosen, orders, cut=k, min_share=max(SMALL_SHARE, 1 / k))

    lifts = calibrate_lifts(lists, ratios, goal=CALIBRATION_GOAL, cut=k, top=top)
    seen, unseen = lists[::2], lists[1::2]
    partial = calibrate_lifts(seen, ratios, goal=CALIBRATION_GOAL, cut=k, top=top)
    figures: dict[str, Any] = {"lifts": {g: round(float(x), 3) for g, x in partial.items()}}
    for name, chosen in (("model", {}), ("lifted", partial)):
        orders = [lifted_order(ranked, chosen, cut=k, top=top) for ranked in unseen]
        run = {
            ranked.identity: {ids[i]: float(len(order) - r) for r, i in enumerate(order)}
            for ranked, order in zip(unseen, orders, strict=True)
        }
        found = ratios(unseen, orders)
        figures[name] = {
            "ndcg@10": evaluate_run(run, {r.identity: qrels[r.identity] for r in unseen})[
                "ndcg@10"
            ],
            "lowest_impact_ratio": _rounded(min(found.values(), default=None)),
        }
    before, after = figures["model"]["ndcg@10"], figures["lifted"]["ndcg@10"]
    figures["ndcg@10_relative_cost"] = round((before - after) / before, 4) if before else None
    return lifts, figures


def _rounded(value: float | None) -> float | None:
    return round(value, 3) if value is not None else None


def build_set(
    understanding: Understanding, all_posts: list[MatchProfile], queries: list[Query]
) -> tuple[list[MatchProfile], list[MatchProfile], dict[str, str]]:
    """The posts of the occupations the candidates belong to, the candidates (built as the
    app builds a candidate who uploaded this text and typed this title), and each candidate's
    occupation."""
    wanted = {code for *_, code in queries}
    posts = [d for d in all_posts if d.id in wanted]
    people = [
        candidate_from_record({"id": qid, "text": text, "title": title}, Path(), understanding)
        for qid, title, text, _ in queries
    ]
    return posts, people, {qid: code for qid, _, _, code in queries}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300, help="candidates per set")
    parser.add_argument("--seed", type=int, default=0, help="which candidates are drawn")
    parser.add_argument("--k", type=int, default=10, help="the audited top k")
    parser.add_argument(
        "--top", type=int, default=CONSTRAINED_PLACES, help="places the shares cover (as the app)"
    )
    args = parser.parse_args()
    understanding = Understanding()
    started = time.perf_counter()
    tech, tasks = technologies(), task_statements()
    sets = {
        "A_titles": (title_queries(args.queries, random.Random(args.seed)), False),
        "B_skills": (
            skill_queries(args.queries, random.Random(args.seed + 1), candidate_tools(tech, False)),
            False,
        ),
        "C_disjoint_tools": (
            skill_queries(args.queries, random.Random(args.seed + 1), candidate_tools(tech, True)),
            True,
        ),
    }
    figures: dict[str, Any] = {}
    console = Console(stderr=True, width=140)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("posts read from O*NET", total=2)
        all_posts = {}
        for disjoint in (False, True):
            all_posts[disjoint] = documents(understanding, post_tools(tech, disjoint), tasks)
            progress.advance(task)
        for name, (queries, disjoint) in sets.items():
            posts, people, relevant = build_set(understanding, all_posts[disjoint], queries)
            scores = score_pools(understanding, posts, people, progress, name)
            post_index = {post.id: p for p, post in enumerate(posts)}
            own = {c.id: float(scores[post_index[relevant[c.id]], i]) for i, c in enumerate(people)}
            ids = [c.id for c in people]
            figures[name] = {
                "posts": len(posts),
                "candidates": len(people),
                "labels": {
                    "independent": measure(
                        posts, people, relevant, scores, independent_labels(ids), k=args.k,
                        top=args.top,
                    ),
                    "disadvantaged": measure(
                        posts, people, relevant, scores, disadvantaged_labels(ids, own),
                        k=args.k, top=args.top,
                    ),
                },
            }  # fmt: skip
    summary = Table(title=f"Fair re-ranking: NDCG@10 and impact ratios in the top {args.k}")
    for column in ("set", "labels", "method", "NDCG@10", "cost", "lowest IR",
                   "lowest IR, groups with a place", "IR c", "IR unknown"):  # fmt: skip
        summary.add_column(column)
    for name, result in figures.items():
        for scheme, row in result["labels"].items():
            for method in METHODS:
                found = row[method]
                cost = found.get("ndcg@10_relative_cost")
                summary.add_row(
                    name,
                    scheme,
                    method,
                    f"{found['ndcg@10']:.4f}",
                    "" if cost is None else f"{cost:.2%}",
                    str(found["lowest_impact_ratio"]),
                    str(found["lowest_impact_ratio_groups_with_a_place"]),
                    str(found["impact_ratio_top_k"].get("c")),
                    str(found["impact_ratio_top_k"].get(UNKNOWN)),
                )
    console.print(summary)
    held = Table(
        title="Calibrated lifts on unseen posts (calibrated on the even posts, measured on the odd)"
    )
    for column in ("set", "labels", "lifts", "lowest IR: model", "lowest IR: lifted", "cost"):
        held.add_column(column)
    for name, result in figures.items():
        for scheme, row in result["labels"].items():
            check = row["calibrated lifts"]["held_out"]
            cost = check["ndcg@10_relative_cost"]
            held.add_row(
                name,
                scheme,
                str(check["lifts"]),
                str(check["model"]["lowest_impact_ratio"]),
                str(check["lifted"]["lowest_impact_ratio"]),
                "" if cost is None else f"{cost:.2%}",
            )
    console.print(held)
    report(
        "fair_ranking",
        {
            "command": f"python -m benchmarks.fair_ranking --queries {args.queries}"
            f" --seed {args.seed} --k {args.k} --top {args.top}",
            "seconds": round(time.perf_counter() - started, 1),
            **figures,
        },
    )


if __name__ == "__main__":
    main()
