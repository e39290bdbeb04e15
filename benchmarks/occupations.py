"""Occupations: title normalisation accuracy and related-occupation ranking quality.

1. Title -> O*NET-SOC: top-1/top-5 accuracy on the tenth of O*NET alternate titles that the
   shipped table leaves out (``is_held_out_title``), as written and with seniority words and
   abbreviations added ("Sr.", "II", "Eng", "Mgr").
2. Related occupations, proxy: O*NET lists some alternate titles under several occupations;
   people who wrote those lists consider such occupations interchangeable. For every
   occupation with such partners, NDCG@10 of our ranking against them (graded by the number of
   shared titles), beside a plain skills-and-knowledge cosine.

Run: .venv/bin/python -m benchmarks.occupations [--sample N]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import defaultdict
from itertools import combinations

import numpy as np
import openpyxl
from sklearn.metrics import ndcg_score

from benchmarks._common import bootstrap_ci, report, require_data
from talentmatch.ml.occupations import RelatedOccupations, TitleNormalizer, is_held_out_title


def alternate_titles() -> list[tuple[str, str]]:
    workbook = openpyxl.load_workbook(require_data("onet", "Alternate Titles.xlsx"), read_only=True)
    rows = workbook.active.iter_rows(values_only=True)
    next(rows)
    return [(str(r[2]), str(r[0])) for r in rows]


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


def title_accuracy(normalizer: TitleNormalizer, sample: list[tuple[str, str]]) -> dict[str, object]:
    started = time.perf_counter()
    ranked = normalizer.normalize_many([t for t, _ in sample], top=5)
    elapsed = time.perf_counter() - started
    top1 = [
        1.0 if r and r[0].code == code else 0.0 for r, (_, code) in zip(ranked, sample, strict=True)
    ]
    top5 = [
        1.0 if any(m.code == code for m in r) else 0.0
        for r, (_, code) in zip(ranked, sample, strict=True)
    ]
    return {
        "n": len(sample),
        "top1": round(sum(top1) / len(top1), 4),
        "top1_ci95": [round(x, 4) for x in bootstrap_ci(top1)],
        "top5": round(sum(top5) / len(top5), 4),
        "ms_per_title": round(1000 * elapsed / len(sample), 3),
    }


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
    scores: np.ndarray, codes: list[str], partners: dict[str, dict[str, int]]
) -> list[float]:
    index = {c: i for i, c in enumerate(codes)}
    values = []
    for code, related in partners.items():
        if code not in index:
            continue
        row = index[code]
        truth = np.zeros(len(codes))
        for other, grade in related.items():
            if other in index:
                truth[index[other]] = grade
        score = scores[row].copy()
        score[row] = -1e9
        truth[row] = 0
        if truth.any():
            values.append(float(ndcg_score([truth], [score], k=10)))
    return values


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=3000, help="held-out titles to score")
    args = parser.parse_args()
    titles = alternate_titles()
    held_out = [(t, c) for t, c in titles if is_held_out_title(c, t)]
    rng = random.Random(0)
    sample = rng.sample(held_out, min(args.sample, len(held_out)))
    started = time.perf_counter()
    normalizer = TitleNormalizer().fit()
    fit_seconds = time.perf_counter() - started
    clean = title_accuracy(normalizer, sample)
    with_noise = title_accuracy(normalizer, [(noisy(t, rng), c) for t, c in sample])

    related = RelatedOccupations().fit()
    partners = shared_title_pairs(titles)
    ours = related.scores_
    from talentmatch.ml.reference import load_table

    table = load_table("occupations.json.gz")["occupations"]
    plain = np.array([o["skills"] + o["knowledge"] for o in table], dtype=float)
    norms = np.linalg.norm(plain, axis=1, keepdims=True)
    plain_unit = np.divide(plain, norms, out=np.zeros_like(plain), where=norms > 0)
    plain_scores = plain_unit @ plain_unit.T
    ours_values = related_ndcg(ours, related.codes_, partners)
    plain_values = related_ndcg(plain_scores, related.codes_, partners)
    report(
        "occupations",
        {
            "command": "python -m benchmarks.occupations",
            "title_normalizer_fit_seconds": round(fit_seconds, 2),
            "title_to_occupation_held_out": clean,
            "title_to_occupation_held_out_with_seniority_and_abbreviations": with_noise,
            "related_occupations_proxy_shared_alternate_titles": {
                "occupations": len(ours_values),
                "ndcg@10_ours": round(float(np.mean(ours_values)), 4),
                "ndcg@10_ours_ci95": [round(x, 4) for x in bootstrap_ci(ours_values)],
                "ndcg@10_plain_skills_knowledge_cosine": round(float(np.mean(plain_values)), 4),
            },
        },
    )


if __name__ == "__main__":
    main()
