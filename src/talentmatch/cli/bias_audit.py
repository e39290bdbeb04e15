"""``talentmatch audit bias``: run the bias audit and print it (the command's options are in
``cli/fairness.py``)."""

from __future__ import annotations

import sys
from datetime import date

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from talentmatch.config import Settings
from talentmatch.db import create_engine, create_session_factory, unit_of_work, upgrade_database
from talentmatch.fairness import service
from talentmatch.fairness.repository import AuditRepository
from talentmatch.fairness.schemas import BiasAudit
from talentmatch.kit.clock import utcnow
from talentmatch.matching.indexer import MatchIndex
from talentmatch.tables import import_models
from talentmatch.understanding import Understanding

console = Console()
stderr = Console(stderr=True)


def run(*, k: int, job_family: str | None, since: date | None, as_json: bool, save: bool) -> None:
    """Run the audit on the configured database, keep it (unless ``save`` is false) and print
    it as JSON or as tables."""
    settings = Settings()
    import_models()
    engine = create_engine(settings)
    upgrade_database(engine)
    factory = create_session_factory(engine)
    understanding = Understanding()
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=stderr,
        transient=as_json,
    )
    with bar:
        index: MatchIndex | None = None
        with unit_of_work(factory, writes=False) as session:
            live = len(AuditRepository(session).live_profile_ids(utcnow()))
        if live > settings.match_exhaustive_limit:
            # Large pools are ranked from the index's shortlist, as the match pages do.
            index = MatchIndex(
                understanding, factory, exhaustive_limit=settings.match_exhaustive_limit
            )
            index.use_pgvector()
            task = bar.add_task("indexing profiles and jobs", total=None)
            index.sync(progress=lambda done, total: bar.update(task, completed=done, total=total))
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
            cells = [group.group + (" *" if group.small else ""), str(group.members)]
            for stage in attribute.stages:
                g = stage.groups[index]
                ratio = "-" if g.impact_ratio is None else f"{g.impact_ratio:.2f}"
                if g.reference:
                    ratio += " ref"
                elif g.below_four_fifths:
                    ratio = f"[red]{ratio}[/red]"
                cells += [f"{g.rate:.1%}", ratio]
            skew = skews.get(group.group)
            cells.append("never shown" if skew is None else f"{skew:+.2f}")
            table.add_row(*cells)
        console.print(table)
    for note in audit.notes:
        console.print(f"[dim]- {note}[/dim]")
