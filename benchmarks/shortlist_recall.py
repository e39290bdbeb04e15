"""What the shortlist costs: the match lists a large marketplace serves (the index's shortlist,
ranked) against ranking every compatible item, on the app's own path.

Builds the same generated marketplace as ``benchmarks.load`` (N live candidates, N open jobs,
on SQLite or on PostgreSQL), syncs the app's ``MatchIndex`` (on PostgreSQL twice: vectors
searched in process, and with pgvector's HNSW index, the two values of the
``match_vector_search`` setting), and for random candidates (top-20 jobs) and random jobs
(top-50 candidates) compares the list ranked from the shortlist (``per_source`` by meaning plus
``per_source`` by skills, constraint-filtered, as the endpoints do) with the list ranked from
every compatible item on the other side:

- ``overlap``: the share of the exhaustive top-k that the shortlist's top-k holds (generated
  profiles come from a few hundred role texts, so many items tie and overlap understates);
- ``score_ratio``: the mean engine score of the shortlist's top-k over the exhaustive top-k's
  (1.0: the served list is as good as the best possible by the engine's own measure).

Run: .venv/bin/python -m benchmarks.shortlist_recall [--size 30000] [--queries 12]
[--database sqlite|postgresql] (PostgreSQL: a server with pgvector started in a temporary
folder, as ``benchmarks.load`` does, unless ``--postgres-url`` names one)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rich.progress import track

from benchmarks._common import report
from benchmarks.load import build_marketplace, database

PER_SOURCE = (50, 100, 200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30_000, help="candidates and jobs each")
    parser.add_argument("--queries", type=int, default=12, help="per direction")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", help="a PostgreSQL server to create the database on")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    workdir = Path(tempfile.mkdtemp(prefix="tm-recall-"))
    try:
        with database(args.database, args.postgres_url, workdir) as url:
            figures = _measure(url, args.size, args.queries)
        figures["command"] = (
            f"python -m benchmarks.shortlist_recall --size {args.size} --queries {args.queries}"
            f" --database {args.database}"
        )
        report("shortlist_recall", figures)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(url: str, size: int, queries: int) -> dict[str, Any]:
    import sqlalchemy as sa

    from talentmatch.candidates.models import CandidateProfile
    from talentmatch.config import Settings
    from talentmatch.db import create_engine, create_session_factory, upgrade_database
    from talentmatch.jobs.models import Job
    from talentmatch.matching.indexer import MatchIndex, attach_vectors
    from talentmatch.matching.profiles import candidate_profile, job_profile
    from talentmatch.matching.repository import MatchSourceRepository
    from talentmatch.matching.training import ranking_engine
    from talentmatch.ml.matching import compatible
    from talentmatch.understanding import Understanding

    engine = create_engine(Settings(database_url=url))
    upgrade_database(engine)
    factory = create_session_factory(engine)
    understanding = Understanding()
    build_marketplace(factory, understanding, size, size)
    indexes: dict[str, MatchIndex] = {}
    for where in ("in-process", "pgvector"):
        index = MatchIndex(understanding, factory)
        if index.search_vectors_in(where) == where:
            index.sync()
            indexes[where] = index
    with factory() as session:
        ranker = ranking_engine(session, understanding)
        jobs = attach_vectors(
            session, [job_profile(understanding, j) for j in session.scalars(sa.select(Job))]
        )
        rows = session.scalars(sa.select(CandidateProfile)).all()
        texts = MatchSourceRepository(session).resume_texts([p.id for p in rows])
        people = attach_vectors(
            session, [candidate_profile(understanding, p, texts.get(p.id, "")) for p in rows]
        )
    by_id = {p.id: p for p in (*jobs, *people)}
    rng = random.Random(0)
    found: dict[tuple[str, str, int], list[tuple[float, float]]] = {}
    cases = [("jobs", q) for q in rng.sample(people, queries)]
    cases += [("candidates", q) for q in rng.sample(jobs, queries)]
    for side, query in track(cases, description="ranking exhaustively and from shortlists"):
        if side == "jobs":
            pool = [j for j in jobs if compatible(query, j)]

            def rank(items: list[Any], q: Any = query) -> list[Any]:
                return ranker.rank_jobs(q, items, top=20)

        else:
            pool = [c for c in people if compatible(c, query)]

            def rank(items: list[Any], q: Any = query) -> list[Any]:
                return ranker.rank_candidates(q, items, top=50)

        best = rank(pool)
        if not best:
            continue

        def key(match: Any, side: str = side) -> str:
            return str(match.job_id if side == "jobs" else match.candidate_id)

        best_ids = {key(m) for m in best}
        best_score = sum(m.score for m in best) / len(best)
        for where, index in indexes.items():
            for per_source in PER_SOURCE:
                ids, _ = index.shortlist(query, per_source)
                served = rank([by_id[str(i)] for i in ids if str(i) in by_id])
                overlap = len({key(m) for m in served} & best_ids) / len(best_ids)
                ratio = (sum(m.score for m in served) / max(1, len(served))) / best_score
                found.setdefault((where, side, per_source), []).append((overlap, ratio))
    engine.dispose()
    return {
        "size": size,
        "queries_per_direction": queries,
        "results": {
            f"{where}: {side} (top-{20 if side == 'jobs' else 50}), per_source={k}": {
                "overlap_mean": round(sum(o for o, _ in v) / len(v), 3),
                "overlap_min": round(min(o for o, _ in v), 3),
                "score_ratio_mean": round(sum(r for _, r in v) / len(v), 3),
                "score_ratio_min": round(min(r for _, r in v), 3),
            }
            for (where, side, k), v in sorted(found.items())
        },
    }


if __name__ == "__main__":
    main()
