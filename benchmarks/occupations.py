"""Occupations: title normalisation accuracy and related-occupation ranking quality.

1. Title -> O*NET-SOC: top-1/top-5 accuracy on the tenth of O*NET alternate titles that the
   shipped table leaves out (``is_held_out_title``; the table also leaves out every title that
   reads like one of them), as written and with seniority words and abbreviations added ("Sr.",
   "II", "Eng", "Mgr"). "any": a hit is any occupation O*NET lists the title under (1,700 of the
   held-out titles are listed under several); "strict": only the row's own occupation.
2. Related occupations, proxy: O*NET lists some alternate titles under several occupations;
   people who wrote those lists consider such occupations interchangeable. For every
   occupation with such partners, NDCG@10 of our ranking against them (graded by the number of
   shared titles), beside a plain skills-and-knowledge cosine and each table alone. The table
   weights (``RELATED_WEIGHTS``) are fitted on one half of the occupations (``--fit-related``,
   partners from shipped titles only) and reported on the other half.

Run: .venv/bin/python -m benchmarks.occupations [--sample N] [--fit-related]
"""

from __future__ import annotations

import argparse
import random
import re
import time
import zlib
from collections import defaultdict
from itertools import combinations

import numpy as np
import openpyxl
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ndcg_score

from benchmarks._common import bootstrap_ci, report, require_data
from talentmatch.ml.occupations import (
    RelatedOccupations,
    TitleNormalizer,
    is_held_out_title,
    normalize_title,
)
from talentmatch.ml.reference import load_table


def alternate_titles() -> list[tuple[str, str]]:
    workbook = openpyxl.load_workbook(require_data("onet", "Alternate Titles.xlsx"), read_only=True)
    rows = workbook.active.iter_rows(values_only=True)
    next(rows)
    return [(str(r[2]), str(r[0])) for r in rows]


def listed_codes(titles: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Every occupation O*NET lists each title under (alternate and occupation titles)."""
    listed: dict[str, set[str]] = defaultdict(set)
    for title, code in titles:
        listed[title.lower()].add(code)
    for occupation in load_table("occupations.json.gz")["occupations"]:
        listed[occupation["title"].lower()].add(occupation["code"])
    return listed


def noisy(title: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        title = rng.choice(["Senior ", "Sr. ", "Lead ", "Junior ", "Staff ", "Principal "]) + title
    elif roll < 0.8:
        title += rng.choice([" II", " III", " I", " 2"])
    for long, short in (
        ("Engineer", "Eng"),
        ("Manager", "Mgr"),
        ("Senior", "Sr"),
        ("Developer", "Dev"),
        ("Assistant", "Asst"),
        ("Administrator", "Admin"),
        ("Representative", "Rep"),
    ):
        title = re.sub(rf"\b{long}\b", short, title)
    return title


def title_accuracy(
    normalizer: TitleNormalizer,
    sample: list[tuple[str, str, str]],
    listed: dict[str, set[str]],
) -> dict[str, object]:
    """``sample``: (title as typed, the O*NET title it came from, its row's code)."""
    started = time.perf_counter()
    ranked = normalizer.normalize_many([t for t, _, _ in sample], top=5)
    elapsed = time.perf_counter() - started
    figures: dict[str, object] = {"n": len(sample)}
    for name, right in (
        ("any", [listed[onet.lower()] for _, onet, _ in sample]),
        ("strict", [{code} for _, _, code in sample]),
    ):
        top1 = [1.0 if r and r[0].code in ok else 0.0 for r, ok in zip(ranked, right, strict=True)]
        top5 = [
            1.0 if any(m.code in ok for m in r) else 0.0
            for r, ok in zip(ranked, right, strict=True)
        ]
        figures[f"top1_{name}"] = round(sum(top1) / len(top1), 4)
        figures[f"top1_{name}_ci95"] = [round(x, 4) for x in bootstrap_ci(top1)]
        figures[f"top5_{name}"] = round(sum(top5) / len(top5), 4)
    figures["ms_per_title"] = round(1000 * elapsed / len(sample), 3)
    return figures


def shared_title_pairs(titles: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    codes_by_title: dict[str, set[str]] = defaultdict(set)
    for title, code in titles:
        codes_by_title[title.lower()].add(code)
    partners: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for codes in codes_by_title.values():
        if 2 <= len(codes) <= 5:  # generic titles ("Manager") shared by dozens say little
            for a, b in combinations(sorted(codes), 2):
                partners[a][b] += 1
                partners[b][a] += 1
    return partners


def related_ndcg(
    scores: np.ndarray,
    codes: list[str],
    partners: dict[str, dict[str, int]],
    queries: set[str] | None = None,
) -> list[float]:
    """NDCG@10 per occupation with partners (only ``queries`` when given)."""
    index = {c: i for i, c in enumerate(codes)}
    rows, truths = [], []
    for code, related in sorted(partners.items()):
        if code not in index or (queries is not None and code not in queries):
            continue
        row = index[code]
        truth = np.zeros(len(codes))
        for other, grade in related.items():
            if other in index and other != code:
                truth[index[other]] = grade
        if truth.any():
            rows.append(row)
            truths.append(truth)
    if not rows:
        return []
    score = scores[rows].astype(np.float64)
    score[np.arange(len(rows)), rows] = -1e9
    truth_matrix = np.array(truths)
    return [
        float(ndcg_score(truth_matrix[i : i + 1], score[i : i + 1], k=10)) for i in range(len(rows))
    ]


def fit_related_weights(
    related: RelatedOccupations, partners: dict[str, dict[str, int]], queries: set[str]
) -> dict[str, float]:
    """Coordinate ascent on mean NDCG@10 over ``queries``: each table's weight in turn is
    scaled (or zeroed) while that helps; weights are shares summing to one."""
    weights = {name: 1.0 / len(related.similarities_) for name in related.similarities_}

    def value(w: dict[str, float]) -> float:
        return float(np.mean(related_ndcg(related.combine(w), related.codes_, partners, queries)))

    best = value(weights)
    for _ in range(4):
        improved = False
        for name in weights:
            for factor in (0.0, 0.5, 0.75, 1.5, 2.0, 3.0):
                trial = dict(weights)
                trial[name] = weights[name] * factor if weights[name] else 0.05 * factor
                total = sum(trial.values())
                if total <= 0:
                    continue
                trial = {k: v / total for k, v in trial.items()}
                if (score := value(trial)) > best + 1e-4:
                    best, weights, improved = score, trial, True
        if not improved:
            break
    return {k: round(v, 3) for k, v in weights.items()}


def fit_title_reranker(listed: dict[str, set[str]], queries: int = 3000) -> dict[str, object]:
    """Fit the re-ranker's logistic regression on a tenth of the shipped alternate titles, with
    every title that reads like one of them taken out of the index; a hit is any occupation the
    shipped table lists the title under. Held-out titles take no part."""
    shipped = [(str(t), str(c)) for t, c in load_table("titles.json.gz")["titles"]]
    official = {(o["title"], o["code"]) for o in load_table("occupations.json.gz")["occupations"]}
    listed_shipped: dict[str, set[str]] = defaultdict(set)
    for title, code in shipped:
        listed_shipped[title.lower()].add(code)
    dev = [
        (t, c)
        for t, c in shipped
        if (t, c) not in official and zlib.crc32(f"dev|{t.lower()}".encode()) % 10 == 0
    ]
    unseen = {normalize_title(t) for t, _ in dev}
    index = [(t, c) for t, c in shipped if (t, c) in official or normalize_title(t) not in unseen]
    dev = random.Random(0).sample(dev, min(queries, len(dev)))
    normalizer = TitleNormalizer().fit(index)
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    groups: list[int] = []
    for number, ((codes, features), (title, _)) in enumerate(
        zip(normalizer.candidate_features([t for t, _ in dev]), dev, strict=True)
    ):
        rows.extend(features)
        labels.extend(code in listed_shipped[title.lower()] for code in codes)
        groups.extend([number] * len(codes))
    x, y, group = np.array(rows), np.array(labels), np.array(groups)
    model = LogisticRegression(C=10, max_iter=5000).fit(x, y)

    def top1(mask: np.ndarray, scores: np.ndarray) -> float:
        hits = [
            bool(y[mask][group[mask] == g][np.argmax(scores[group[mask] == g])])
            for g in np.unique(group[mask])
        ]
        return round(float(np.mean(hits)), 4)

    # Two-fold check on the dev titles: the lexical score alone against the re-ranker.
    even = group % 2 == 0
    check = LogisticRegression(C=10, max_iter=5000).fit(x[even], y[even])
    return {
        "dev_titles": len(dev),
        "candidate_recall_any": round(
            float(np.mean([y[group == g].any() for g in np.unique(group)])), 4
        ),
        "dev_odd_top1_any_lexical": top1(~even, x[~even][:, 0]),
        "dev_odd_top1_any_reranked": top1(~even, check.decision_function(x[~even])),
        "coefficients": [round(float(v), 3) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 3),
    }


def half_of(code: str) -> int:
    """A fixed split of occupations in two halves: weights are fitted on 0, reported on 1."""
    return zlib.crc32(code.encode()) % 2


def ndcg_figures(values: list[float]) -> dict[str, object]:
    return {
        "ndcg@10": round(float(np.mean(values)), 4),
        "ci95": [round(x, 4) for x in bootstrap_ci(values)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=3000, help="held-out titles to score")
    parser.add_argument(
        "--fit-related", action="store_true", help="fit the related-occupation table weights"
    )
    parser.add_argument(
        "--fit-titles", action="store_true", help="fit the title re-ranker's coefficients"
    )
    args = parser.parse_args()
    titles = alternate_titles()
    listed = listed_codes(titles)
    held_out = [(t, c) for t, c in titles if is_held_out_title(c, t)]
    if args.fit_titles:
        print("title re-ranker:", fit_title_reranker(listed))
    rng = random.Random(0)
    sample = [(t, t, c) for t, c in rng.sample(held_out, min(args.sample, len(held_out)))]
    started = time.perf_counter()
    normalizer = TitleNormalizer().fit()
    fit_seconds = time.perf_counter() - started
    normalizer.normalize_many(["warm up the embedding model"])
    shipped = {normalize_title(t) for t, _ in load_table("titles.json.gz")["titles"]}
    leaked = sum(normalize_title(t) in shipped for t, _, _ in sample)
    clean = title_accuracy(normalizer, sample, listed)
    with_noise = title_accuracy(normalizer, [(noisy(t, rng), o, c) for t, o, c in sample], listed)
    lexical = TitleNormalizer(rerank=False).fit()
    lexical_only = title_accuracy(lexical, sample, listed)

    related = RelatedOccupations().fit()
    partners = shared_title_pairs(titles)
    test = {c for c in related.codes_ if half_of(c) == 1}
    if args.fit_related:
        train = {c for c in related.codes_ if half_of(c) == 0}
        fit_partners = shared_title_pairs(
            [(t, c) for t, c in titles if not is_held_out_title(c, t)]
        )
        print("fitted weights:", fit_related_weights(related, fit_partners, train))
    table = load_table("occupations.json.gz")["occupations"]
    plain = np.array([o["skills"] + o["knowledge"] for o in table], dtype=float)
    norms = np.linalg.norm(plain, axis=1, keepdims=True)
    plain_unit = np.divide(plain, norms, out=np.zeros_like(plain), where=norms > 0)
    plain_scores = plain_unit @ plain_unit.T
    ours_test = related_ndcg(related.scores_, related.codes_, partners, test)
    report(
        "occupations",
        {
            "command": "python -m benchmarks.occupations",
            "title_normalizer_fit_seconds": round(fit_seconds, 2),
            "held_out_titles_whose_normalised_text_is_shipped": leaked,
            "title_to_occupation_held_out": clean,
            "title_to_occupation_held_out_with_seniority_and_abbreviations": with_noise,
            "title_to_occupation_held_out_lexical_only": lexical_only,
            "related_occupations_proxy_shared_alternate_titles": {
                "test_half_occupations": len(ours_test),
                "ours_test_half": ndcg_figures(ours_test),
                "plain_skills_knowledge_cosine_test_half": ndcg_figures(
                    related_ndcg(plain_scores, related.codes_, partners, test)
                ),
                "each_table_alone_test_half": {
                    name: round(
                        float(np.mean(related_ndcg(matrix, related.codes_, partners, test))), 4
                    )
                    for name, matrix in related.similarities_.items()
                },
                "ours_all_occupations": ndcg_figures(
                    related_ndcg(related.scores_, related.codes_, partners)
                ),
                "plain_all_occupations": ndcg_figures(
                    related_ndcg(plain_scores, related.codes_, partners)
                ),
            },
        },
    )


if __name__ == "__main__":
    main()
