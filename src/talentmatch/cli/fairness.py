"""``talentmatch audit``: fairness audits of the matching."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from talentmatch.cli.common import InputError, JsonFlag, read_bytes

audit_app = typer.Typer(help="Fairness audits of the matching.", no_args_is_help=True)
console = Console()
stderr = Console(stderr=True)


@audit_app.command("counterfactual")
def counterfactual(
    resumes: Annotated[
        list[Path] | None,
        typer.Argument(help="Resumes to rewrite under other names and pronouns (PDF, DOCX, text)"),
    ] = None,
    jobs: Annotated[
        Path | None,
        typer.Option(
            "--jobs", help="JSON Lines of jobs, as `match rank` reads (default: the project's)"
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Invariance of every score to who the candidate is: each resume under other names,
    pronouns and gendered words (the project's own corpus also varies age cues, marital
    status, nationality and affiliations), scored on every path; prints the share of
    (resume, job or role) pairs whose scores do not move and the largest spread."""
    from talentmatch.cli.matching import read_jsonl
    from talentmatch.fairness.counterfactual import JOBS, corpus, measure, variants_of
    from talentmatch.ml.text import extract_text
    from talentmatch.tables import import_models
    from talentmatch.understanding import Understanding

    import_models()
    understanding = Understanding()
    try:
        job_records = read_jsonl(jobs) if jobs is not None else list(JOBS)
        if resumes:
            variants = []
            for path in resumes:
                text = extract_text(read_bytes(path)).text
                variants += variants_of(
                    path.name,
                    text,
                    understanding.resumes.parse(text),
                    blinder=understanding.blinder,
                )
        else:
            variants = corpus()
    except (InputError, ValueError) as exc:
        stderr.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if not job_records:
        stderr.print("[red]error:[/red] the jobs file has no jobs")
        raise typer.Exit(1)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        console=stderr, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("scoring variants", total=len(variants))
        result = measure(
            understanding, variants, job_records, progress=lambda n: progress.advance(task, n)
        )
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    _render(result)


def _render(result: dict[str, Any]) -> None:
    console.print(
        f"[bold]Counterfactual invariance[/bold]: {result['resumes']} resumes as "
        f"{result['variants']} variants, {result['jobs']} jobs; a pair is invariant when its "
        f"variants' values spread by at most {result['tolerance']:g}"
    )
    table = Table()
    for column in ("path", "pairs", "invariant", "rate", "largest spread", "widest pair"):
        table.add_column(column, justify="left" if column in ("path", "widest pair") else "right")
    for name, path in result["paths"].items():
        worst = path["worst"]
        where = ", ".join(f"{k} {v}" for k, v in worst.items() if k in ("resume", "job", "role"))
        bar = "█" * round(20 * path["invariance_rate"])
        table.add_row(
            name,
            str(path["pairs"]),
            str(path["invariant"]),
            f"{path['invariance_rate']:.1%} {bar}",
            f"{path['largest_spread']:.3g}",
            where if path["largest_spread"] > 0 else "-",
        )
    console.print(table)
    console.print(
        f"Overall: {result['invariance_rate']:.1%} of pairs invariant; largest match-score "
        f"spread {result['largest_score_spread']:.3g}"
    )


@audit_app.command("bias")
def bias(
    job_family: Annotated[
        str | None,
        typer.Option("--job-family", help="Only jobs of this O*NET-SOC code (or prefix) or title"),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d"], help="Only requests sent since this day"),
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=200, help="Places that count as shown")] = 10,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Keep it for the audit page")
    ] = True,
    as_json: JsonFlag = False,
) -> None:
    """Selection rates and impact ratios per gender, race/ethnicity and both (LL144's method),
    and per age band and disability, from being shown in each open job's top k to being hired;
    exposure and Skew@k; bootstrap intervals. Every open job is ranked as its employer's matches
    page ranks it."""
    from talentmatch.cli.bias_audit import run

    run(
        k=k,
        job_family=job_family,
        since=since.date() if since else None,
        as_json=as_json,
        save=save,
    )


@audit_app.command("calibrate")
def calibrate(
    attribute: Annotated[
        str,
        typer.Option(
            "--attribute",
            help="The self-identified attribute: gender, ethnicity, age_band, disability",
        ),
    ] = "gender",
    goal: Annotated[
        float,
        typer.Option(
            "--goal", min=0.01, max=1.0, help="The impact ratio every audited group must reach"
        ),
    ] = 0.85,
    max_lists: Annotated[
        int, typer.Option("--max-lists", min=1, help="Open jobs to calibrate on, at most")
    ] = 500,
    as_json: JsonFlag = False,
) -> None:
    """Measure how far fair re-ranking must lift each group: the open jobs' lists are scored by
    the active model, and only the groups it leaves under GOAL (the four-fifths rule's 0.8 with a
    margin) are held to a share of each list's first places, the smallest that reaches it. Lists
    re-ranked by ATTRIBUTE use the result until the ranking model changes."""
    from talentmatch.cli.bias_audit import run_calibration

    run_calibration(attribute=attribute, goal=goal, max_lists=max_lists, as_json=as_json)


@audit_app.command("recalibrate")
def recalibrate(
    older_than_days: Annotated[
        int | None,
        typer.Option(
            "--older-than-days",
            min=0,
            help="Recalibrate a calibration this old (default: the configured "
            "TALENTMATCH_FAIR_RANKING_RECALIBRATE_DAYS, 7)",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Calibrate again, each to its own goal, the attributes lists are re-ranked by whose latest
    calibration is stale: measured with another ranking model than the active one, or older
    than the age given. The background tasks do this hourly; this is for a cron job or a look
    now. Attributes never calibrated are left to `audit calibrate`."""
    from talentmatch.cli.bias_audit import run_recalibration

    run_recalibration(older_than_days=older_than_days, as_json=as_json)
