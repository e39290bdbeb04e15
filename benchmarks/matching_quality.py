"""Matching quality on labelled sets built from people-written public data.

Documents: every O*NET occupation as a job post (its title, description and ten task
statements). Queries, with the occupation they belong to as the only relevant document:

A. titles    a person's job title: the held-out tenth of O*NET alternate titles (never in the
             title table the engine ships), as a one-line resume.
B. skills    a tech candidate (SOC 15- occupations) who lists a dozen of the occupation's
             technologies (O*NET analysts linked them to it) under "Skills", with no title; the
             posts show the other half of each occupation's technologies. Train and test halves
             hold different occupations.

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

import numpy as np
import openpyxl

from benchmarks._common import bootstrap_ci, report, require_data
from talentmatch.ml.matching import (
    FEATURES,
    LambdaRankScorer,
    MatchProfile,
    ReciprocalScorer,
    candidate_profile,
)
from talentmatch.ml.occupations import is_held_out_title
from talentmatch.understanding import Understanding


def rows(name: str) -> list[tuple]:
    sheet = openpyxl.load_workbook(require_data("onet", name), read_only=True).active
    iterator = sheet.iter_rows(values_only=True)
    next(iterator)
    return list(iterator)


def split_technologies() -> dict[str, tuple[list[str], list[str]]]:
    """Each occupation's O*NET technologies in two disjoint halves: one for its post, one for
    the candidates of set B."""
    tech: dict[str, list[str]] = defaultdict(list)
    for row in rows("Technology Skills.xlsx"):
        tech[row[0]].append(str(row[2]))
    halves = {}
    for code, names in tech.items():
        shuffled = sorted(names, key=lambda n: zlib.crc32(f"{code}|{n}".encode()))
        halves[code] = (shuffled[::2], shuffled[1::2])
    return halves


def documents(
    understanding: Understanding, technologies: dict[str, tuple[list[str], list[str]]]
) -> list[MatchProfile]:
    tasks: dict[str, list[str]] = defaultdict(list)
    for row in rows("Task Statements.xlsx"):
        if len(tasks[row[0]]) < 10:
            tasks[row[0]].append(str(row[2]))
    docs = []
    for code, title, description in rows("Occupation Data.xlsx"):
        tools = technologies.get(code, ([], []))[0][:15]
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


def skill_queries(
    n: int, rng: random.Random, technologies: dict[str, tuple[list[str], list[str]]]
) -> list[Query]:
    """Tech candidates (computer and mathematical occupations, SOC 15-), several per occupation,
    each listing a different dozen of the half of its technologies the posts do not show.
    Queries of one occupation stay together, so the train and test halves hold different
    occupations."""
    usable = sorted(
        (code, halves[1])
        for code, halves in technologies.items()
        if code.startswith("15-") and len(halves[1]) >= 6
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
        parsed = understanding.resumes.parse(text)
        # As the product does: a profile's title is normalised to an occupation.
        occupation = understanding.titles.normalize(title, top=1)[0].code if title else None
        candidate = candidate_profile(qid, parsed, text, title=title or None, occupation=occupation)
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
    results = {}
    for name, score in methods.items():
        ndcg10, mrr, recall50 = [], [], []
        for i in test:
            order = np.argsort(-score(matrices[i]), kind="stable")
            ranks = np.flatnonzero(gold[i][order]) + 1
            rank = int(ranks[0]) if len(ranks) else 10**9
            ndcg10.append(1 / np.log2(rank + 1) if rank <= 10 else 0.0)
            mrr.append(1 / rank)
            recall50.append(1.0 if rank <= 50 else 0.0)
        results[name] = {
            "ndcg@10": round(float(np.mean(ndcg10)), 4),
            "ndcg@10_ci95": [round(x, 4) for x in bootstrap_ci(ndcg10)],
            "mrr": round(float(np.mean(mrr)), 4),
            "recall@50": round(float(np.mean(recall50)), 4),
        }
    return {"queries_evaluated": len(test), "documents": len(docs), **results}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(0)
    understanding = Understanding()
    started = time.perf_counter()
    technologies = split_technologies()
    docs = documents(understanding, technologies)
    figures = {
        "A_titles": evaluate(understanding, docs, title_queries(args.queries, rng)),
        "B_skills": evaluate(understanding, docs, skill_queries(args.queries, rng, technologies)),
    }
    report(
        "matching_quality",
        {
            "command": f"python -m benchmarks.matching_quality --queries {args.queries}",
            "seconds": round(time.perf_counter() - started, 1),
            **figures,
        },
    )


if __name__ == "__main__":
    main()
