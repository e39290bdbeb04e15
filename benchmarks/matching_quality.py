"""Matching quality on labelled sets built from people-written public data.

Documents: every O*NET occupation as a job post (its title, description and ten task
statements), or (set D) every ESCO ICT occupation as a post. Queries, each with the occupation
it belongs to as the only relevant document:

A. titles    a person's job title: the held-out tenth of O*NET alternate titles (never in the
             title table the engine ships), as a one-line resume.
B. skills    a tech candidate (SOC 15- occupations) who lists a dozen of the occupation's
             technologies (O*NET analysts linked them to it) under "Skills", with no title; each
             post shows fifteen of its occupation's technologies, drawn independently, so a
             candidate shares some tools with the right post and knows others, as in life.
C. disjoint  set B's candidates against posts that show only the *other* half of each
             occupation's technologies: no tool in common with the right post by construction,
             a stress test of everything but exact skill overlap.
D. ESCO      a candidate titled with one of an ESCO ICT occupation's alternative labels (never
             its preferred label, which the post carries) who lists eight of the skills and
             knowledge ESCO links to it; posts: the 91 ESCO ICT occupations (label, description
             and ten of their skills drawn independently), read by the app's job rules.
E. tasks     a candidate whose experience is three of an occupation's O*NET task statements,
             none of them among the ten its post shows, with no title.
Train and test halves of every set hold different occupations (a coin per occupation and seed).

For each set: NDCG@5, NDCG@10, MRR and Recall@50 with 95 % bootstrap intervals (occupations
resampled: queries of one occupation are not independent) for BM25 alone, embedding cosine
alone, the engine's transparent scorer, and a LambdaRank model trained on the train half; and
paired 95 % intervals of the engine's NDCG minus each baseline's (the same resampled
occupations for both). Every figure is on the test half.

Run: .venv/bin/python -m benchmarks.matching_quality [--queries 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np
import openpyxl

from benchmarks._common import report, require_data
from talentmatch.matching.records import candidate_from_record, job_from_record
from talentmatch.ml.matching import (
    LambdaRankScorer,
    MatchProfile,
    ReciprocalScorer,
    text_of,
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


def task_statements() -> dict[str, list[str]]:
    tasks: dict[str, list[str]] = defaultdict(list)
    for row in rows("Task Statements.xlsx"):  # code, title, task id, task
        tasks[row[0]].append(str(row[3]))
    return tasks


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


POST_TASKS = 10  # task statements a post shows; set E's candidates draw from the rest


def documents(
    understanding: Understanding,
    tools_by_code: dict[str, list[str]],
    tasks: dict[str, list[str]],
) -> list[MatchProfile]:
    docs = []
    for code, title, description in rows("Occupation Data.xlsx"):
        tools = tools_by_code.get(code, [])
        text = f"{description}\n" + "\n".join(f"- {t}" for t in tasks[code][:POST_TASKS])
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


Query = tuple[str, str, str, str]  # id, title, resume text, relevant document


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
    each listing a different dozen of ``tools_by_code``."""
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


def task_queries(n: int, rng: random.Random, tasks: dict[str, list[str]]) -> list[Query]:
    """One candidate per occupation drawn: three task statements its post does not show."""
    usable = sorted(code for code, lines in tasks.items() if len(lines) >= POST_TASKS + 3)
    queries: list[Query] = []
    for code in rng.sample(usable, min(n, len(usable))):
        done = rng.sample(tasks[code][POST_TASKS:], 3)
        text = "EXPERIENCE\n" + "\n".join(f"- {line}" for line in done)
        queries.append((f"e{len(queries)}", "", text, code))
    return queries


def esco_occupations() -> list[dict[str, object]]:
    path = require_data("esco", "esco_ict_occupations_with_skills.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return sorted(json.load(handle), key=lambda o: str(o["uri"]))


def _other_labels(occupation: dict[str, object]) -> list[str]:
    """Alternative labels that are not the preferred label (nor its plural)."""
    label = str(occupation["label"]).lower()
    return sorted(
        {
            str(a)
            for a in occupation["altLabel"]  # type: ignore[attr-defined]
            if str(a).lower() not in (label, f"{label}s", f"{label}es")
        }
    )


def esco_documents(
    understanding: Understanding, occupations: list[dict[str, object]]
) -> list[MatchProfile]:
    """ESCO ICT occupations as posts, read as the app reads a posted job."""
    docs = []
    for occupation in occupations:
        uri = str(occupation["uri"])
        skills = sorted(
            occupation["skill"],  # type: ignore[arg-type]
            key=lambda n: zlib.crc32(f"post|{uri}|{n}".encode()),
        )[:10]
        text = f"{occupation['description']}\nRequirements: " + ", ".join(skills)
        record = {"id": uri, "title": str(occupation["label"]), "description": text}
        docs.append(job_from_record(record, understanding))
    return docs


def esco_queries(n: int, rng: random.Random, occupations: list[dict[str, object]]) -> list[Query]:
    usable = [o for o in occupations if _other_labels(o)]
    per_occupation = max(1, n // max(1, len(usable)))
    queries: list[Query] = []
    for occupation in usable:
        labels = _other_labels(occupation)
        skills = list(occupation["skill"])  # type: ignore[call-overload]
        for _ in range(per_occupation):
            title = rng.choice(labels)
            listed = rng.sample(skills, min(8, len(skills)))
            text = f"{title}\nSKILLS\n" + ", ".join(listed)
            queries.append((f"d{len(queries)}", title, text, str(occupation["uri"])))
    return queries


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9+#]+", text.lower())


Found = tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray], list[np.ndarray]]


def matrices(understanding: Understanding, docs: list[MatchProfile], queries: list[Query]) -> Found:
    """Per query: the engine's feature matrix over ``docs``, relevance, and the two baselines'
    scores, computed on the query as typed (title and text), apart from the engine: BM25
    (bm25s) and MiniLM cosine."""
    features = understanding.matcher.features
    embedder = understanding.embedder
    doc_vectors = embedder.encode([text_of(d) for d in docs])
    corpus = [_tokens(text_of(d)) for d in docs]
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in doc] for doc in corpus]
    bm25 = bm25s.BM25()
    bm25.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    found, gold, lexical, semantic = [], [], [], []
    for qid, title, text, relevant in queries:
        # Built as the app builds a candidate who uploaded this text and typed this title.
        candidate = candidate_from_record(
            {"id": qid, "text": text, "title": title}, Path(), understanding
        )
        found.append(features.matrix(candidate, docs))
        gold.append(np.array([1 if d.id == relevant else 0 for d in docs]))
        typed = text if title and text.startswith(title) else f"{title}\n{text}".strip()
        known = [t for t in _tokens(typed) if t in vocabulary]
        lexical.append(bm25.get_scores(known) if known else np.zeros(len(docs)))
        semantic.append(doc_vectors @ embedder.encode([typed])[0])
    return found, gold, lexical, semantic


def in_train_half(occupation: str, seed: int) -> bool:
    return zlib.crc32(f"{seed}|{occupation}".encode()) % 2 == 0


def cluster_ci(
    values: np.ndarray, groups: list[str], *, rounds: int = 2000, seed: int = 0
) -> list[float]:
    """95 % percentile bootstrap interval of the mean of ``values``, resampling whole groups
    (occupations). ``values`` may be a paired difference: both methods see the same draw."""
    names = sorted(set(groups))
    index = {g: i for i, g in enumerate(names)}
    sums, counts = np.zeros(len(names)), np.zeros(len(names))
    for value, group in zip(values, groups, strict=True):
        sums[index[group]] += value
        counts[index[group]] += 1
    draws = np.random.default_rng(seed).integers(0, len(names), (rounds, len(names)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    return [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)]


def ranks(score: np.ndarray, gold: np.ndarray) -> int:
    order = np.argsort(-score, kind="stable")
    hits = np.flatnonzero(gold[order]) + 1
    return int(hits[0]) if len(hits) else 10**9


def ndcg(rank: int, cutoff: int) -> float:
    return float(1 / np.log2(rank + 1)) if rank <= cutoff else 0.0


def evaluate(
    sets: Found,
    occupations: list[str],
    seed: int,
    engine: Callable[[np.ndarray], np.ndarray] | None = None,
) -> dict[str, object]:
    found, gold, lexical, semantic = sets
    train = [i for i, o in enumerate(occupations) if in_train_half(o, seed)]
    test = [i for i, o in enumerate(occupations) if not in_train_half(o, seed)]
    ltr = LambdaRankScorer().fit(
        np.vstack([found[i] for i in train]),
        np.concatenate([gold[i] for i in train]),
        [len(found[i]) for i in train],
    )
    transparent = engine or ReciprocalScorer().score
    methods: dict[str, Callable[[int], np.ndarray]] = {
        "bm25": lambda i: lexical[i],
        "embedding": lambda i: semantic[i],
        "engine": lambda i: transparent(found[i]),
        "engine_lambdarank": lambda i: ltr.score(found[i]),
    }
    groups = [occupations[i] for i in test]
    per_query: dict[str, dict[str, np.ndarray]] = {}
    results: dict[str, object] = {}
    for name, score in methods.items():
        rank = [ranks(score(i), gold[i]) for i in test]
        values = {
            "ndcg@5": np.array([ndcg(r, 5) for r in rank]),
            "ndcg@10": np.array([ndcg(r, 10) for r in rank]),
            "mrr": np.array([1 / r for r in rank]),
            "recall@50": np.array([1.0 if r <= 50 else 0.0 for r in rank]),
        }
        per_query[name] = values
        results[name] = {
            "ndcg@5": round(float(values["ndcg@5"].mean()), 4),
            "ndcg@5_ci95": cluster_ci(values["ndcg@5"], groups),
            "ndcg@10": round(float(values["ndcg@10"].mean()), 4),
            "ndcg@10_ci95": cluster_ci(values["ndcg@10"], groups),
            "mrr": round(float(values["mrr"].mean()), 4),
            "recall@50": round(float(values["recall@50"].mean()), 4),
        }
    # The honest test of "beats the baseline": a paired interval of the difference.
    paired = {}
    for engine_name in ("engine", "engine_lambdarank"):
        for baseline in ("bm25", "embedding"):
            paired[f"{engine_name} - {baseline}"] = {
                f"ndcg@{k}": cluster_ci(
                    per_query[engine_name][f"ndcg@{k}"] - per_query[baseline][f"ndcg@{k}"], groups
                )
                for k in (5, 10)
            }
    return {
        "queries_train_test": [len(train), len(test)],
        "occupations_test": len(set(groups)),
        "documents": len(found[0]) if found else 0,
        **results,
        "paired_difference_ci95": paired,
    }


def build(
    understanding: Understanding, queries: int, seed: int
) -> dict[str, tuple[Found, list[str]]]:
    """Every set's feature matrices, relevance and each query's occupation."""
    rng = random.Random(seed)
    tech, tasks = technologies(), task_statements()
    sets: dict[str, tuple[Found, list[str]]] = {}

    def add(name: str, docs: list[MatchProfile], drawn: list[Query]) -> None:
        sets[name] = (matrices(understanding, docs, drawn), [q[3] for q in drawn])

    docs = documents(understanding, post_tools(tech, False), tasks)
    add("A_titles", docs, title_queries(queries, rng))
    skill_rng = random.Random(seed + 1)
    add("B_skills", docs, skill_queries(queries, skill_rng, candidate_tools(tech, False)))
    add(
        "C_disjoint_tools",
        documents(understanding, post_tools(tech, True), tasks),
        skill_queries(queries, random.Random(seed + 1), candidate_tools(tech, True)),
    )
    esco = esco_occupations()
    add("D_esco", esco_documents(understanding, esco), esco_queries(queries, rng, esco))
    add("E_tasks", docs, task_queries(queries, rng, tasks))
    return sets


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0, help="which queries are drawn")
    parser.add_argument("--dump", type=Path, help="also save the feature matrices (.npz)")
    args = parser.parse_args()
    understanding = Understanding()
    started = time.perf_counter()
    sets = build(understanding, args.queries, args.seed)
    if args.dump:
        np.savez_compressed(
            args.dump,
            **{
                f"{name}|{part}": np.array(value, dtype=object if part == "occ" else None)
                for name, ((found, gold, lexical, semantic), occupations) in sets.items()
                for part, value in (
                    ("x", found),
                    ("y", gold),
                    ("bm25", lexical),
                    ("embedding", semantic),
                    ("occ", occupations),
                )
            },
        )
    figures = {
        name: evaluate(found, occupations, args.seed) for name, (found, occupations) in sets.items()
    }
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
