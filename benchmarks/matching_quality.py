"""Matching quality on labelled sets built from people-written public data.

Documents: every O*NET occupation as a job post (its title, description and ten task
statements). Queries, with the occupation they belong to as the only relevant document:

A. titles    a person's job title: the held-out tenth of O*NET alternate titles (never in the
             title table the engine ships), as a one-line resume.
B. skills    a tech candidate (SOC 15- occupations) who lists a dozen of the occupation's
             technologies (O*NET analysts linked them to it) under "Skills", with no title; each
             post shows fifteen of its occupation's technologies, drawn independently, so a
             candidate shares some tools with the right post and knows others, as in life.
C. disjoint  set B's candidates against posts that show only the *other* half of each
             occupation's technologies: no tool in common with the right post by construction,
             a stress test of everything but exact skill overlap.
Train and test halves of B and C hold different occupations.

For each set: NDCG@10, MRR and Recall@50 with 95 % bootstrap intervals for BM25 alone,
embedding cosine alone, the engine's transparent scorer, and a LambdaRank model trained on a
disjoint half of the queries (evaluated on the other half, like every method here).

Run: .venv/bin/python -m benchmarks.matching_quality [--queries 300]
"""

from __future__ import annotations

import argparse
import random
import time
import zlib
from collections import defaultdict
from pathlib import Path

import numpy as np
import openpyxl

from benchmarks._common import bootstrap_ci, report, require_data
from talentmatch.matching_cli import candidate_from_record
from talentmatch.ml.matching import (
    FEATURES,
    LambdaRankScorer,
    MatchProfile,
    ReciprocalScorer,
)
from talentmatch.ml.occupations import is_held_out_title
from talentmatch.understanding import Understanding


def rows(name: str) -> list[tuple]:
    sheet = openpyxl.load_workbook(require_data("onet", name), read_only=True).active
    iterator = sheet.iter_rows(values_only=True)
    next(iterator)
    return list(iterator)


def technologies() -> dict[str, list[str]]:
    """Each occupation's O*NET technologies in a fixed pseudo-random order."""
    tech: dict[str, list[str]] = defaultdict(list)
    for row in rows("Technology Skills.xlsx"):
        tech[row[0]].append(str(row[2]))
    return {
        code: sorted(names, key=lambda n: zlib.crc32(f"{code}|{n}".encode()))
        for code, names in tech.items()
    }


def post_tools(tech: dict[str, list[str]], disjoint: bool) -> dict[str, list[str]]:
    """Fifteen tools per post: drawn from all of the occupation's technologies, or (``disjoint``)
    from the half that candidates never list."""
    if disjoint:
        return {code: names[::2][:15] for code, names in tech.items()}
    return {
        code: sorted(names, key=lambda n: zlib.crc32(f"post|{n}".encode()))[:15]
        for code, names in tech.items()
    }


def candidate_tools(tech: dict[str, list[str]], disjoint: bool) -> dict[str, list[str]]:
    """What candidates draw their dozen from: everything, or the half posts never show."""
    return {code: names[1::2] if disjoint else names for code, names in tech.items()}


def documents(
    understanding: Understanding, tools_by_code: dict[str, list[str]]
) -> list[MatchProfile]:
    tasks: dict[str, list[str]] = defaultdict(list)
    for row in rows("Task Statements.xlsx"):
        if len(tasks[row[0]]) < 10:
            tasks[row[0]].append(str(row[2]))
    docs = []
    for code, title, description in rows("Occupation Data.xlsx"):
        tools = tools_by_code.get(code, [])
        text = f"{description}\n" + "\n".join(f"- {t}" for t in tasks[code])
        if tools:
            text += "\nTools: " + ", ".join(tools)
        parsed = understanding.read_job(title, text)
        docs.append(
            MatchProfile(
                id=code,
                kind="job",
                title=title,
                text=f"{title}\n{text}",
                skills=tuple(s.id for s in parsed.required_skills),
                occupation=code,
                seniority=parsed.seniority,
            )
        )
    return docs


Query = tuple[str, str, str, str]  # id, title, resume text, relevant occupation


def title_queries(n: int, rng: random.Random) -> list[Query]:
    held = [
        (str(r[2]), str(r[0]))
        for r in rows("Alternate Titles.xlsx")
        if is_held_out_title(str(r[0]), str(r[2]))
    ]
    return [
        (f"t{i}", title, title, code)
        for i, (title, code) in enumerate(rng.sample(held, min(n, len(held))))
    ]


def skill_queries(n: int, rng: random.Random, tools_by_code: dict[str, list[str]]) -> list[Query]:
    """Tech candidates (computer and mathematical occupations, SOC 15-), several per occupation,
    each listing a different dozen of ``tools_by_code``. Queries of one occupation stay
    together, so the train and test halves hold different occupations."""
    usable = sorted(
        (code, names)
        for code, names in tools_by_code.items()
        if code.startswith("15-") and len(names) >= 6
    )
    rng.shuffle(usable)
    per_occupation = max(1, n // max(1, len(usable)))
    queries: list[Query] = []
    for code, names in usable:
        for _ in range(per_occupation):
            listed = rng.sample(names, min(12, len(names)))
            queries.append((f"s{len(queries)}", "", "SKILLS\n" + ", ".join(listed), code))
    return queries


def evaluate(
    understanding: Understanding, docs: list[MatchProfile], queries: list[Query]
) -> dict[str, object]:
    features = understanding.matcher.features
    matrices, gold = [], []
    for qid, title, text, code in queries:
        # Built as the app builds a candidate who uploaded this text and typed this title.
        candidate = candidate_from_record(
            {"id": qid, "text": text, "title": title}, Path(), understanding
        )
        matrices.append(features.matrix(candidate, docs))
        gold.append(np.array([1 if d.id == code else 0 for d in docs]))
    half = len(queries) // 2
    train, test = range(half), range(half, len(queries))
    ltr = LambdaRankScorer().fit(
        np.vstack([matrices[i] for i in train]),
        np.concatenate([gold[i] for i in train]),
        [len(docs)] * half,
    )
    methods = {
        "bm25": lambda m: m[:, FEATURES.index("lexical")],
        "embedding": lambda m: m[:, FEATURES.index("semantic")],
        "engine (transparent reciprocal scorer)": ReciprocalScorer().score,
        "engine (LambdaRank, trained on the other half)": ltr.score,
    }
    # Queries of one occupation are not independent: intervals resample occupations.
    occupation_of = [queries[i][3] for i in test]
    results = {}
    for name, score in methods.items():
        ndcg5, ndcg10, mrr, recall50 = [], [], [], []
        for i in test:
            order = np.argsort(-score(matrices[i]), kind="stable")
            ranks = np.flatnonzero(gold[i][order]) + 1
            rank = int(ranks[0]) if len(ranks) else 10**9
            ndcg5.append(1 / np.log2(rank + 1) if rank <= 5 else 0.0)
            ndcg10.append(1 / np.log2(rank + 1) if rank <= 10 else 0.0)
            mrr.append(1 / rank)
            recall50.append(1.0 if rank <= 50 else 0.0)
        results[name] = {
            "ndcg@5": round(float(np.mean(ndcg5)), 4),
            "ndcg@5_ci95": [round(x, 4) for x in bootstrap_ci(by_group(ndcg5, occupation_of))],
            "ndcg@10": round(float(np.mean(ndcg10)), 4),
            "ndcg@10_ci95": [round(x, 4) for x in bootstrap_ci(by_group(ndcg10, occupation_of))],
            "mrr": round(float(np.mean(mrr)), 4),
            "recall@50": round(float(np.mean(recall50)), 4),
        }
    return {
        "queries_evaluated": len(test),
        "occupations_evaluated": len(set(occupation_of)),
        "documents": len(docs),
        **results,
    }


def by_group(values: list[float], groups: list[str]) -> list[float]:
    """The mean of ``values`` per group (every set gives each occupation as many queries)."""
    grouped: dict[str, list[float]] = defaultdict(list)
    for value, group in zip(values, groups, strict=True):
        grouped[group].append(value)
    return [sum(v) / len(v) for v in grouped.values()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0, help="which queries are drawn")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    understanding = Understanding()
    started = time.perf_counter()
    tech = technologies()
    figures = {}
    for name, disjoint in (("B_skills", False), ("C_disjoint_tools", True)):
        docs = documents(understanding, post_tools(tech, disjoint))
        if not figures:
            figures["A_titles"] = evaluate(understanding, docs, title_queries(args.queries, rng))
        queries = skill_queries(
            args.queries, random.Random(args.seed + 1), candidate_tools(tech, disjoint)
        )
        figures[name] = evaluate(understanding, docs, queries)
    report(
        "matching_quality",
        {
            "command": "python -m benchmarks.matching_quality"
            f" --queries {args.queries} --seed {args.seed}",
            "seconds": round(time.perf_counter() - started, 1),
            **figures,
        },
    )


if __name__ == "__main__":
    main()
