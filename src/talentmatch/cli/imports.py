"""`talentmatch import resumes DIR|ZIP` and `talentmatch import jobs FILE.jsonl`.

Both show a progress bar, list every failed file or line at the end (``--json``: the whole
report on stdout), exit 1 when something failed and 0 otherwise, and can be run again after a
crash or a fix: what was imported is skipped.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from talentmatch.cli.common import migrated_session_factory, progress
from talentmatch.config import Settings
from talentmatch.imports.sources import DEFAULT_MAX_UNPACKED_BYTES, MEBIBYTE
from talentmatch.jobs.models import JobStatus
from talentmatch.kit.errors import TalentmatchError

if TYPE_CHECKING:
    from talentmatch.imports.common import ImportReport, Progress

# talentmatch.imports.common.DEFAULT_BATCH (tests/test_cli.py checks they agree), not imported:
# that module loads the matching models, and `talentmatch --help` must stay fast.
DEFAULT_BATCH = 64

import_app = typer.Typer(
    help="Bulk imports of resumes and jobs (a re-run skips what was imported).",
    no_args_is_help=True,
)
console = Console(stderr=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout")]
BatchSize = Annotated[int, typer.Option(min=1, max=1024, help="Items parsed and embedded together")]


@import_app.command("resumes")
def import_resumes(
    path: Annotated[Path, typer.Argument(help="A folder of resumes, or a .zip of them")],
    approve_as: Annotated[
        str | None,
        typer.Option(
            "--approve-as",
            help="An operator's e-mail: profiles are reviewed by them and go live "
            "(default: they stay drafts)",
        ),
    ] = None,
    invite: Annotated[
        bool,
        typer.Option("--invite", help="E-mail each new account how to claim it (outbox)"),
    ] = False,
    as_json: JsonFlag = False,
    batch_size: BatchSize = DEFAULT_BATCH,
    max_unpacked_mb: Annotated[
        int, typer.Option(min=1, help="What a zip may unpack to in all, in MB")
    ] = DEFAULT_MAX_UNPACKED_BYTES // MEBIBYTE,
) -> dict[str, Any]:
    """Import PDF, DOCX and text resumes: each becomes a candidate account (keyed by the
    resume's e-mail address, no password: the person claims it by resetting it) with its
    profile, resume file and match vectors, in one transaction per file."""
    from talentmatch.imports.resumes import import_resume_files
    from talentmatch.imports.sources import ResumeFiles

    settings = Settings()
    factory, understanding, load_seconds = _prepare(settings, resumes=True)
    try:
        with (
            ResumeFiles(
                path,
                max_file_bytes=settings.max_upload_bytes,
                max_unpacked_bytes=max_unpacked_mb * MEBIBYTE,
            ) as files,
            _bar("importing resumes", len(files)) as advance,
        ):
            started = time.perf_counter()
            report = import_resume_files(
                factory,
                settings,
                understanding,
                files,
                approve_as=approve_as,
                invite=invite,
                batch_size=batch_size,
                progress=advance,
            )
    except TalentmatchError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    finally:
        understanding.documents.close()
    return _finish(report, load_seconds, time.perf_counter() - started, as_json)


@import_app.command("jobs")
def import_jobs_command(
    path: Annotated[Path, typer.Argument(help="A JSON-lines file: one job object per line")],
    author: Annotated[
        str,
        typer.Option(
            help="The e-mail of the operator (or employer, for their own company's jobs) "
            "recorded as the jobs' author"
        ),
    ],
    status: Annotated[
        JobStatus, typer.Option(help="Status of jobs whose line gives none: open or draft")
    ] = JobStatus.OPEN,
    new_companies: Annotated[
        bool,
        typer.Option(
            "--new-companies/--no-new-companies",
            help="Create companies the file names that do not exist (else: a line error)",
        ),
    ] = True,
    as_json: JsonFlag = False,
    batch_size: BatchSize = DEFAULT_BATCH,
) -> dict[str, Any]:
    """Import jobs from JSON lines (company, title, description and the job form's optional
    fields; what a line leaves out is read from its description). One transaction per job."""
    from talentmatch.imports.jobs import bounded_lines, import_jobs, read_lines

    if not path.is_file():
        console.print(f"[red]error:[/red] {path} is not a file")
        raise typer.Exit(2)
    settings = Settings()
    factory, understanding, load_seconds = _prepare(settings, resumes=False)
    with path.open("rb") as handle:
        total = sum(1 for raw in bounded_lines(handle) if raw.strip())
    try:
        with path.open("rb") as handle, _bar("importing jobs", total) as advance:
            started = time.perf_counter()
            report = import_jobs(
                factory,
                understanding,
                read_lines(bounded_lines(handle)),
                author_email=author,
                create_companies=new_companies,
                default_status=status,
                batch_size=batch_size,
                progress=advance,
            )
    except TalentmatchError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    return _finish(report, load_seconds, time.perf_counter() - started, as_json)


def _prepare(settings: Settings, *, resumes: bool) -> tuple[Any, Any, float]:
    """The migrated database and the models, loaded before the clock of the import starts."""
    from talentmatch.understanding import Understanding

    started = time.perf_counter()
    factory = migrated_session_factory(settings)
    understanding = Understanding()
    with console.status("loading the parsers and the embedding model"):
        _ = understanding.resumes if resumes else understanding.jobs
        understanding.embedder.encode(["warm up"])
    return factory, understanding, time.perf_counter() - started


@contextmanager
def _bar(label: str, total: int) -> Iterator[Progress]:
    """The CLI's progress bar over ``total`` items; gives the per-item callback."""
    with progress() as bar:
        task = bar.add_task(label, total=total)
        yield lambda _result: bar.advance(task)


def _finish(
    report: ImportReport, load_seconds: float, seconds: float, as_json: bool
) -> dict[str, Any]:
    report.seconds["load"] = load_seconds
    report.seconds["import"] = seconds
    result = report.as_dict()
    failed = report.failed
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
    elif failed:
        table = Table(title=f"{len(failed)} not imported", title_justify="left")
        table.add_column("file" if report.kind == "resumes" else "line")
        table.add_column("reason")
        for item in failed:
            table.add_row(item.source, item.reason)
        console.print(table)
    rate = (report.imported / seconds) if seconds else 0.0
    console.print(
        f"{report.imported} imported, {report.skipped} skipped (already imported or repeated), "
        f"{len(failed)} failed in {seconds:.1f} s ({rate:.1f}/s)"
    )
    if failed:
        raise typer.Exit(1)
    return result
