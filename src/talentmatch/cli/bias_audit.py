"""``talentmatch audit bias``: run the bias audit and print it (the command's options are in
``cli/fairness.py``)."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table

from talentmatch.config import Settings
from talentmatch.db import create_engine, create_session_factory, unit_of_work, upgrade_database
from talentmatch.fairness import service
from talentmatch.fairness.ranking.models import FairRankingCalibration
from talentmatch.fairness.schemas import BiasAudit
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import TalentmatchError
from talentmatch.matching.indexer import MatchIndex, batch_index
from talentmatch.tables import import_models
from talentmatch.understanding import Understanding

console = Console()
stderr = Console(stderr=True)


def _setup(as_json: bool) -> tuple[Settings, Any, Understanding, Progress]:
    """The configured database (migrated), its sessions, the models and a progress bar (gone
    when done if the output is JSON)."""
    settings = Settings()
    import_models()
    engine = create_engine(settings)
    upgrade_database(engine)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=stderr,
        transient=as_json,
    )
    return settings, create_session_factory(engine), Understanding(), bar


def run(*, k: int, job_family: str | None, since: date | None, as_json: bool, save: bool) -> None:
    """Run the audit on the configured database, keep it (unless ``save`` is false) and print
    it as JSON or as tables."""
    settings, factory, understanding, bar = _setup(as_json)
    try:
        with unit_of_work(factory, writes=False) as session:
            service.check_job_family(session, job_family)
    except TalentmatchError as exc:
        stderr.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    with bar:
        index = _match_index(settings, factory, understanding, bar)
        ranking = bar.add_task("ranking each open job's candidates", total=None)
        with unit_of_work(factory, writes=False) as session:
            audit = service.audit_bias(
                session,
                understanding,
                k=k,
                job_family=job_family,
                since=since,
                index=index,
                progress=lambda done, total: bar.update(ranking, completed=done, total=total),
            )
    if save:
        with unit_of_work(factory) as session:
            service.store_audit(session, audit)
    if as_json:
        sys.stdout.write(audit.model_dump_json(indent=2) + "\n")
        return
    render(audit)


def _match_index(
    settings: Settings, factory: Any, understanding: Understanding, bar: Progress
) -> MatchIndex | None:
    """The match index for a pool too large to rank whole (``None`` otherwise), synced."""
    tasks: list[TaskID] = []

    def progress(done: int, total: int) -> None:
        if not tasks:  # a bar only where there is an index to build
            tasks.append(bar.add_task("indexing profiles and jobs", total=total))
        bar.update(tasks[0], completed=done, total=total)

    return batch_index(
        factory,
        understanding,
        exhaustive_limit=settings.match_exhaustive_limit,
        vector_search=settings.match_vector_search,
        progress=progress,
    )


def run_calibration(*, attribute: str, goal: float, max_lists: int, as_json: bool) -> None:
    """Calibrate fair re-ranking for ``attribute`` on the configured database, store it and
    print it."""
    from talentmatch.fairness.ranking.calibration import calibrate
    from talentmatch.fairness.ranking.schemas import ATTRIBUTE_CHOICES

    if attribute not in ATTRIBUTE_CHOICES:
        raise typer.BadParameter(
            f"choose one of {', '.join(ATTRIBUTE_CHOICES)}", param_hint="--attribute"
        )
    settings, factory, understanding, bar = _setup(as_json)
    tasks: dict[str, TaskID] = {}

    def progress(step: str, done: int, total: int | None) -> None:
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total)
        bar.update(tasks[step], completed=done, total=total)

    with bar:
        index = _match_index(settings, factory, understanding, bar)
        # Measured outside a write: on SQLite the app's writes are not held up meanwhile.
        record = calibrate(
            factory,
            understanding,
            attribute=attribute,
            goal=goal,
            max_lists=max_lists,
            index=index,
            progress=progress,
        )
        assert record is not None  # None only when replacing a calibration
        result = _calibration_json(record)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table(title=f"Fair re-ranking by {attribute}: calibrated on {result['lists']} lists")
    table.add_column("group")
    table.add_column("held to, of its share", justify="right")
    for group, lift in sorted(record.lifts.items()):
        table.add_row(group, f"{lift:.0%}")
    if not record.lifts:
        table.add_row("(none)", "the model's order already meets the goal")
    console.print(table)
    before, after = result["lowest_impact_ratio_before"], result["lowest_impact_ratio_after"]
    console.print(
        f"Lowest impact ratio of being shown in the first {record.audited_places}: "
        f"{_ratio(before)} with every list in the model's order, {_ratio(after)} with these "
        f"lifts (goal {goal:g})."
    )


def run_recalibration(*, older_than_days: int | None, as_json: bool) -> None:
    """Recalibrate the stale calibrations on the configured database and print what was done."""
    from talentmatch.fairness.ranking.calibration import recalibrate_stale

    settings, factory, understanding, bar = _setup(as_json)
    days = settings.fair_ranking_recalibrate_days if older_than_days is None else older_than_days
    with bar:
        done = recalibrate_stale(
            factory,
            understanding,
            now=utcnow(),
            max_age=timedelta(days=days),
            index=lambda: _match_index(settings, factory, understanding, bar),
        )
    result = [_calibration_json(record) for record in done]
    if as_json:
        sys.stdout.write(json.dumps({"recalibrated": result}, indent=2) + "\n")
        return
    if not done:
        console.print("Every calibration in use is current: nothing recalibrated.")
    for record in done:
        lifts = ", ".join(f"{g} {x:.0%}" for g, x in sorted(record.lifts.items())) or "none"
        console.print(
            f"{record.attribute}: recalibrated on {record.lists} lists (goal {record.goal:g}), "
            f"lifts {lifts}; lowest impact ratio {_ratio(record.lowest_ratio_before)} "
            f"-> {_ratio(record.lowest_ratio_after)}"
        )


def _calibration_json(record: FairRankingCalibration) -> dict[str, Any]:
    """A stored calibration as `audit calibrate` and `audit recalibrate` print it."""
    return {
        "attribute": record.attribute,
        "goal": record.goal,
        "audited_places": record.audited_places,
        "lists": record.lists,
        "max_lists": record.max_lists,
        "model_version": record.model_version,
        "lifts": record.lifts,
        "lowest_impact_ratio_before": record.lowest_ratio_before,
        "lowest_impact_ratio_after": record.lowest_ratio_after,
        "calibrated_at": record.created_at.isoformat(),
    }


def _ratio(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "n/a (no group large enough)"


def render(audit: BiasAudit) -> None:
    version = f" version {audit.model_version}" if audit.model_version is not None else ""
    console.print(
        f"[bold]Bias audit[/bold] {audit.generated_at:%Y-%m-%d %H:%M} UTC · ranked by "
        f"{audit.model}{'' if version in audit.model else version} · top {audit.k} of "
        f"{audit.jobs_ranked} open jobs · {audit.people} people · family "
        f"{audit.job_family or 'all'} · requests since {audit.since or 'the start'}"
    )
    for attribute in audit.attributes:
        table = Table(title=f"{attribute.label} ({attribute.unknown} unknown)")
        table.add_column("group")
        table.add_column("people", justify="right")
        for stage in attribute.stages:
            table.add_column(f"{stage.stage} rate", justify="right")
            table.add_column("ratio", justify="right")
        table.add_column(f"Skew@{audit.k}", justify="right")
        skews = {g.group: g.skew for g in attribute.exposure.groups}
        for index, group in enumerate(attribute.stages[0].groups):
            name = group.label or group.group
            cells = [name + (" *" if group.small else ""), str(group.members)]
            for stage in attribute.stages:
                g = stage.groups[index]
                ratio = "-" if g.impact_ratio is None else f"{g.impact_ratio:.2f}"
                if g.reference:
                    ratio += " ref"
                elif g.below_four_fifths:
                    ratio = f"[red]{ratio} ![/red]"
                cells += [f"{g.rate:.1%}", ratio]
            skew = skews.get(group.group)
            cells.append("never shown" if skew is None else f"{skew:+.2f}")
            table.add_row(*cells)
        console.print(table)
    console.print(
        "[dim]* a small group (never the reference); ref: the most selected group; "
        "!: an impact ratio below four fifths (0.8)[/dim]"
    )
    for note in audit.notes:
        console.print(f"[dim]- {note}[/dim]")
