"""``talentmatch match rank`` and ``talentmatch eval ranking``: matching's measured commands,
and the JSON records they read turned into profiles as the app builds them."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import track

from talentmatch.cli.common import (
    BatchOption,
    InputError,
    JsonFlag,
    dispatch,
    json_lines,
    stderr,
)

if TYPE_CHECKING:
    from talentmatch.ml.matching import MatchEngine, MatchProfile
    from talentmatch.understanding import Understanding

match_app = typer.Typer(help="Rank jobs for a resume.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate the matching engine.", no_args_is_help=True)
ModelOption = Annotated[
    Path | None,
    typer.Option("--model", help="A trained ranking model (LightGBM text or weights JSON)"),
]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """A whole input file of records, each with an "id"; the first bad line is an error."""
    records = []
    for record in json_lines(path):
        if isinstance(record, InputError):
            raise record
        if "id" not in record:
            raise InputError(f'{path.name}: every record needs an "id"')
        records.append(record)
    return records


def _engine(understanding: Understanding, model: Path | None) -> MatchEngine:
    from talentmatch.ml.matching import MatchEngine, load_scorer

    engine = understanding.matcher
    return MatchEngine(engine.features, load_scorer(model)) if model else engine


@match_app.command("rank")
def match_rank(
    resume: Annotated[Path | None, typer.Option("--resume", help="The candidate's resume")] = None,
    jobs: Annotated[
        Path | None,
        typer.Option(
            "--jobs",
            help="JSON Lines of jobs: id, title, description (or text); optional skills, "
            "nice_to_have_skills, seniority, location, remote, salary_min, salary_max, currency",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=10_000)] = 20,
    model: ModelOption = None,
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """Rank the jobs in JOBS for the resume, best first, each with its explanation: the
    candidate and the jobs are built, filtered and ranked as the app does. A field a job
    leaves out is read from its text, as for a posted job."""
    from talentmatch.matching.records import candidate_from_record, job_from_record
    from talentmatch.ml.matching import compatible
    from talentmatch.tables import import_models
    from talentmatch.understanding import Understanding

    import_models()
    understanding = Understanding()
    engine = _engine(understanding, model)
    job_cache: dict[Path, list[MatchProfile]] = {}

    def load_jobs(path: Path) -> list[MatchProfile]:
        if path not in job_cache:
            job_cache[path] = [job_from_record(r, understanding) for r in read_jsonl(path)]
        return job_cache[path]

    base = batch.parent if batch is not None else Path()

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        jobs_path = base / str(item["jobs"]) if item.get("jobs") else jobs
        if jobs_path is None or not item.get("resume"):
            raise InputError('each line needs "resume" (and "jobs", or --jobs)')
        candidate = candidate_from_record(
            {"id": "candidate", "resume": item["resume"]}, base, understanding
        )
        # As the app does: the hard constraints first, then the engine ranks what is left.
        eligible = [j for j in load_jobs(jobs_path) if compatible(candidate, j)]
        ranked = engine.rank_jobs(candidate, eligible, top=int(item.get("top", top)))
        return {
            "results": [
                {
                    "job_id": m.job_id,
                    "score": m.score,
                    "explanation": {**m.explanation, "features": m.features},
                }
                for m in ranked
            ]
        }

    def render(result: dict[str, Any]) -> None:
        for rank, row in enumerate(result["results"], start=1):
            explanation = row["explanation"]
            partly = [
                f"{p['skill']} via {p['via']} ({p['credit']:.2f})"
                for p in explanation.get("skills_partly_met", [])
            ]
            stderr.print(
                f"{rank:>3}. [bold]{row['job_id']}[/bold] {row['score']:.3f}  "
                f"met: {', '.join(explanation['skills_met']) or '-'}; "
                + (f"partly: {', '.join(partly)}; " if partly else "")
                + f"missing: {', '.join(explanation['skills_missing']) or '-'}"
            )

    dispatch(
        handle,
        batch=batch,
        single={"resume": str(resume)} if resume is not None and jobs is not None else None,
        missing="give --resume and --jobs, or --batch FILE",
        as_json=as_json,
        render=render,
    )


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) == 4:
            query, _, doc, grade = parts
        elif len(parts) == 3:
            query, doc, grade = parts
        else:
            raise InputError(f"{path.name} line {number}: expected 'query 0 doc relevance'")
        qrels.setdefault(query, {})[doc] = int(float(grade))
    return qrels


def _infer_kind(records: Sequence[dict[str, Any]]) -> str:
    if any("resume" in r for r in records):
        return "candidate"
    if records and all("description" in r for r in records):
        return "job"
    return "candidate"


@eval_app.command("ranking")
def eval_ranking(
    queries: Annotated[
        Path, typer.Option("--queries", help="JSON Lines: resumes/candidates (or jobs)")
    ],
    docs: Annotated[Path, typer.Option("--docs", help="JSON Lines: jobs (or candidates)")],
    qrels: Annotated[Path, typer.Option("--qrels", help="TREC qrels: query 0 doc relevance")],
    model: ModelOption = None,
    as_json: JsonFlag = False,
) -> None:
    """NDCG@5/@10 (with 95 % bootstrap intervals), MAP, MRR and Recall@10 of the engine, beside
    BM25 and embedding baselines in the same run, and paired intervals of the engine's NDCG minus
    each baseline's (the same queries resampled for both)."""
    from talentmatch.matching.records import candidate_from_record, job_from_record
    from talentmatch.ml.evaluation import evaluate_run, paired_difference
    from talentmatch.ml.matching import FEATURES
    from talentmatch.tables import import_models
    from talentmatch.understanding import Understanding

    import_models()
    understanding = Understanding()
    engine = _engine(understanding, model)
    try:
        query_records, doc_records, judgements = (
            read_jsonl(queries),
            read_jsonl(docs),
            read_qrels(qrels),
        )
    except InputError as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    query_kind = _infer_kind(query_records)
    if query_kind == "job" and _infer_kind(doc_records) == "job":
        query_kind = "candidate"

    def profile(record: dict[str, Any], kind: str, base: Path) -> MatchProfile:
        return (
            candidate_from_record(record, base, understanding)
            if kind == "candidate"
            else job_from_record(record, understanding)
        )

    doc_kind = "job" if query_kind == "candidate" else "candidate"
    doc_profiles = [
        profile(r, doc_kind, docs.parent)
        for r in track(doc_records, "reading documents", console=stderr, transient=True)
    ]
    runs: dict[str, dict[str, dict[str, float]]] = {"engine": {}, "bm25": {}, "embedding": {}}
    lexical, semantic = FEATURES.index("lexical"), FEATURES.index("semantic")
    for record in track(query_records, "ranking", console=stderr, transient=True):
        query = profile(record, query_kind, queries.parent)
        pairs = (
            [(query, d) for d in doc_profiles]
            if query_kind == "candidate"
            else [(d, query) for d in doc_profiles]
        )
        matrix = engine.features.pairs(pairs)
        scores = engine.scorer.score(matrix)
        qid = str(record["id"])
        ids = [d.id for d in doc_profiles]
        runs["engine"][qid] = dict(zip(ids, map(float, scores), strict=True))
        runs["bm25"][qid] = dict(zip(ids, map(float, matrix[:, lexical]), strict=True))
        runs["embedding"][qid] = dict(zip(ids, map(float, matrix[:, semantic]), strict=True))
    baselines = {name: evaluate_run(runs[name], judgements) for name in ("bm25", "embedding")}
    result = {
        "queries": len(query_records),
        "docs": len(doc_records),
        "query_kind": query_kind,
        **evaluate_run(runs["engine"], judgements),
        "baselines": baselines,
        "engine_minus": {
            name: paired_difference(runs["engine"], runs[name], judgements) for name in baselines
        },
    }
    if not as_json:
        _print_ranking_table(result)
    sys.stdout.write(json.dumps(result, indent=None if as_json else 2) + "\n")


def _print_ranking_table(result: dict[str, Any]) -> None:
    """The three methods side by side (on stderr: stdout stays JSON)."""
    from rich.table import Table

    def cell(figures: dict[str, Any], cutoff: int) -> str:
        low, high = figures.get(f"ndcg@{cutoff}_ci95", [float("nan")] * 2)
        return f"{figures[f'ndcg@{cutoff}']:.3f} ({low:.3f}-{high:.3f})"

    table = Table(title=f"{result['queries']} queries, {result['docs']} documents")
    for column in ("method", "NDCG@5 (95 % CI)", "NDCG@10 (95 % CI)"):
        table.add_column(column)
    table.add_row("engine", cell(result, 5), cell(result, 10))
    for name, figures in result["baselines"].items():
        table.add_row(name, cell(figures, 5), cell(figures, 10))
    for name, figures in result["engine_minus"].items():
        if figures:
            table.add_row(f"engine - {name} (paired)", cell(figures, 5), cell(figures, 10))
    stderr.print(table)
