"""What the shortlist costs: the match lists a large marketplace serves (the index's shortlist,
ranked) against ranking every compatible item, on the app's own path.

Builds the same generated marketplace as ``benchmarks.load`` (N live candidates, N open jobs,
SQLite), syncs the app's ``MatchIndex``, and for random candidates (top-20 jobs) and random jobs
(top-50 candidates) compares the list ranked from the shortlist (``per_source`` by meaning plus
``per_source`` by skills, constraint-filtered, as the endpoints do) with the list ranked from
every compatible item on the other side:

- ``overlap``: the share of the exhaustive top-k that the shortlist's top-k holds (generated
  profiles come from a few hundred role texts, so many items tie and overlap understates);
- ``score_ratio``: the mean engine score of the shortlist's top-k over the exhaustive top-k's
  (1.0: the served list is as good as the best possible by the engine's own measure).

Run: .venv/bin/python -m benchmarks.shortlist_recall [--size 30000] [--queries 12]
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
from benchmarks.load import build_marketplace

PER_SOURCE = (50, 100, 200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30_000, help="candidates and jobs each")
    parser.add_argument("--queries", type=int, default=12, help="per direction")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    workdir = Path(tempfile.mkdtemp(prefix="tm-recall-"))
    try:
        report("shortlist_recall", _measure(workdir, args.size, args.queries))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(workdir: Path, size: int, queries: int) -> dict[str, Any]:
    import sqlalchemy as sa

    from talentmatch.candidates.models import CandidateProfile
    from talentmatch.config import Settings
    from talentmatch.db import create_engine, create_session_factory, upgrade_database
    from talentmatch.jobs.models import Job
    from talentmatch.matching import service
    from talentmatch.matching.indexer import MatchIndex, attach_vectors
    from talentmatch.matching.training import ranking_engine
    from talentmatch.ml.matching import compatible
    from talentmatch.understanding import Understanding

    engine = create_engine(Settings(database_url=f"sqlite:///{workdir / 'recall.db'}"))
    upgrade_database(engine)
    factory = create_session_factory(engine)
    understanding = Understanding()
    build_marketplace(factory, understanding, size, size)
    index = MatchIndex(understanding, factory)
    index.sync()
    with factory() as session:
        ranker = ranking_engine(session, understanding)
        jobs = attach_vectors(
            session,
            [service.job_profile(understanding, j) for j in session.scalars(sa.select(Job))],
        )
        rows = session.scalars(sa.select(CandidateProfile)).all()
        texts = service.resume_texts(session, [p.id for p in rows])
        people = attach_vectors(
            session,
            [service.candidate_profile(understanding, p, texts.get(p.id, "")) for p in rows],
        )
    engine.dispose()
    by_id = {p.id: p for p in (*jobs, *people)}
    rng = random.Random(0)
    found: dict[str, dict[int, list[tuple[float, float]]]] = {"jobs": {}, "candidates": {}}
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
        for per_source in PER_SOURCE:
            ids, _ = index.shortlist(query, per_source)
            served = rank([by_id[str(i)] for i in ids if str(i) in by_id])
            overlap = len({key(m) for m in served} & best_ids) / len(best_ids)
            ratio = (sum(m.score for m in served) / max(1, len(served))) / best_score
            found[side].setdefault(per_source, []).append((overlap, ratio))
    return {
        "command": f"python -m benchmarks.shortlist_recall --size {size} --queries {queries}",
        "size": size,
        "queries_per_direction": queries,
        "results": {
            f"{side} (top-{20 if side == 'jobs' else 50}), per_source={k}": {
                "overlap_mean": round(sum(o for o, _ in v) / len(v), 3),
                "overlap_min": round(min(o for o, _ in v), 3),
                "score_ratio_mean": round(sum(r for _, r in v) / len(v), 3),
                "score_ratio_min": round(min(r for _, r in v), 3),
            }
            for side, by_k in found.items()
            for k, v in sorted(by_k.items())
        },
    }


if __name__ == "__main__":
    main()
