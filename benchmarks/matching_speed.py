"""Matching speed at marketplace scale, embedded default, in-process indexes.

Top-20 jobs for a candidate among N jobs (default 100,000): vector search and skill search
retrieve a shortlist, the engine ranks and explains it. Jobs are generated from the demo
vocabulary (a synthetic corpus is fine for timing, not for quality); their texts are embedded
once, as the product embeds a job when it is saved, and candidates' vectors are likewise
stored, so a query embeds nothing.

Run: .venv/bin/python -m benchmarks.matching_speed [--jobs 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from benchmarks._common import percentile, report
from talentmatch.demo.catalogue import FAMILIES, PLACES, SENIORITY_LEVELS
from talentmatch.ml.matching import MatchProfile
from talentmatch.ml.retrieval import JobSearch
from talentmatch.understanding import Understanding

UNIQUE_TEXTS = 2000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(0)
    understanding = Understanding()
    taxonomy = understanding.skills.taxonomy

    def skills_of(family: object, k: int) -> tuple[str, ...]:
        names = list(family.core_skills) + rng.sample(family.extra_skills, k=3)  # type: ignore[attr-defined]
        return tuple(s.id for s in taxonomy.normalize(names))[:k]

    texts = []
    for _ in range(UNIQUE_TEXTS):
        family = rng.choice(FAMILIES)
        title = rng.choice(SENIORITY_LEVELS)[1] + rng.choice(family.titles)
        duties = ". ".join(rng.sample(family.duties, k=3))
        texts.append(
            (
                family,
                title,
                f"{title}\n{duties}. We use {', '.join(rng.sample(family.extra_skills, k=4))}.",
            )
        )
    started = time.perf_counter()
    vectors = understanding.embedder.encode([t for _, _, t in texts])
    embed_seconds = time.perf_counter() - started
    jobs, job_vectors = [], []
    for i in range(args.jobs):
        j = rng.randrange(UNIQUE_TEXTS)
        family, title, text = texts[j]
        _, country, currency, factor, fx = rng.choice(PLACES)
        salary = int(family.base_salary_usd * factor * fx)
        jobs.append(
            MatchProfile(
                id=f"job{i}",
                kind="job",
                title=title,
                text=text,
                skills=skills_of(family, 5),
                nice_skills=skills_of(family, 2)[-2:],
                seniority=rng.choice(SENIORITY_LEVELS)[0],
                country=country,
                remote=rng.choice(["remote", "hybrid", "onsite"]),
                salary_min=int(salary * 0.9),
                salary_max=int(salary * 1.2),
                currency=currency,
            )
        )
        job_vectors.append(vectors[j])
    search = JobSearch(understanding.matcher)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    import numpy as np

    search.add(jobs, np.stack(job_vectors))
    build_seconds = time.perf_counter() - started
    candidates = []
    for i in range(args.queries):
        family = rng.choice(FAMILIES)
        j = rng.randrange(UNIQUE_TEXTS)
        candidates.append(
            (
                MatchProfile(
                    id=f"c{i}",
                    kind="candidate",
                    title=family.titles[0],
                    titles=(family.titles[0],),
                    text=texts[j][2],
                    skills=skills_of(family, 8),
                    seniority="senior",
                    country="US",
                    remote="any",
                    salary_min=120_000,
                    currency="USD",
                    target_roles=(family.titles[0],),
                ),
                vectors[j],
            )
        )
    # Titles and wish lists are embedded when a job or profile is saved, like its text.
    understanding.embedder.encode(
        sorted({j.title for j in jobs} | {c.title for c, _ in candidates})
    )
    search.search(candidates[0][0], vector=candidates[0][1])  # warm the code paths
    timings = []
    for candidate, vector in candidates:
        started = time.perf_counter()
        results = search.search(candidate, top=20, vector=vector)
        timings.append(1000 * (time.perf_counter() - started))
        assert len(results) == 20
    report(
        "matching_speed",
        {
            "command": "python -m benchmarks.matching_speed "
            f"--jobs {args.jobs} --queries {args.queries}",
            "jobs": args.jobs,
            "queries": args.queries,
            "embedding_seconds_for_unique_texts": round(embed_seconds, 1),
            "index_build_seconds": round(build_seconds, 2),
            "vector_index_mb": round(search.vectors._matrix.nbytes / 2**20, 1),
            "max_rss_mb": round(
                max(rss_before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024, 0
            ),
            "top20_ms_p50": round(percentile(timings, 50), 1),
            "top20_ms_p99": round(percentile(timings, 99), 1),
            "shortlist_per_query": "<= 300 (150 by vector, 150 by skills)",
        },
    )


if __name__ == "__main__":
    main()
