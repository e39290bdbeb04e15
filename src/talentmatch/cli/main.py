"""The root commands (serve, worker, reparse, backup, restore) and the small groups that run
the marketplace: db, users, demo, index, requests, outbox."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role
from talentmatch.cli.common import migrated_session_factory as _migrated_session_factory
from talentmatch.cli.common import progress as _progress
from talentmatch.cli.common import stderr as console
from talentmatch.config import Settings
from talentmatch.db import create_engine, unit_of_work, upgrade_database
from talentmatch.kit.errors import TalentmatchError

app = typer.Typer(help="talentmatch: a tech-talent marketplace.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts.", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
requests_app = typer.Typer(help="Interview requests.", no_args_is_help=True)
outbox_app = typer.Typer(help="E-mail the marketplace sends.", no_args_is_help=True)
index_app = typer.Typer(help="Match vectors and the search index.", no_args_is_help=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (PostgreSQL; on SQLite keep one)")
    ] = 1,
) -> None:
    """Run the web application (migrations are applied on start)."""
    import uvicorn

    from talentmatch.kit.memory import limit_malloc_arenas

    limit_malloc_arenas()

    from talentmatch.app import create_app
    from talentmatch.operations.logs import configure_logging
    from talentmatch.tables import import_models

    settings = Settings()
    if "public_url" not in settings.model_fields_set:
        # Links in e-mails point where this server answers, unless the deployment says
        # otherwise (TALENTMATCH_PUBLIC_URL, e.g. behind a proxy); the server processes below
        # read it from the environment.
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host
        os.environ["TALENTMATCH_PUBLIC_URL"] = f"http://{shown_host}:{port}"
        settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    # uvicorn logs through the handler above; its access lines (with query strings) are off:
    # the app writes its own, with the route template and the request id.
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_config=None, access_log=False)
        return
    if settings.is_sqlite:
        console.print(
            "[yellow]several server processes share one SQLite file and its one write lock: "
            "one process is recommended on SQLite[/yellow]"
        )
    # Apply migrations once, here, rather than racing in every process.
    import_models()
    engine = create_engine(settings)
    upgrade_database(engine)
    engine.dispose()
    uvicorn.run(
        "talentmatch.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Jobs run at once")] = 2,
) -> None:
    """Run background tasks from the PostgreSQL queue: reading uploaded resumes, e-mail
    delivery, request expiry and reminders (TALENTMATCH_TASK_RUNNER=worker sends them here)."""
    from talentmatch.operations.logs import configure_logging
    from talentmatch.tables import import_models
    from talentmatch.tasks.worker import run_worker

    settings = Settings()
    if settings.is_sqlite:
        console.print(
            "[yellow]workers need PostgreSQL. On SQLite the web app runs background work "
            "in-process (uploads are read before the answer; e-mail, request expiry and "
            "reminders on a timer): nothing else to start.[/yellow]"
        )
        raise typer.Exit(2)
    configure_logging(settings.log_format, settings.log_level)
    import_models()
    upgrade_database(create_engine(settings))
    if settings.task_runner != "worker":
        console.print(
            "[yellow]TALENTMATCH_TASK_RUNNER is not 'worker': the web app reads uploads "
            "itself; this worker runs the periodic tasks and anything queued[/yellow]"
        )
    console.print(f"worker running {concurrency} job(s) at once; stop it with Ctrl-C")
    run_worker(settings, concurrency=concurrency)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (on PostgreSQL, the task queue's schema too)."""
    from talentmatch.tables import import_models

    import_models()
    upgrade_database(create_engine(Settings()))
    console.print("[green]database is up to date[/green]")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Login e-mail")],
    role: Annotated[Role, typer.Option(help="candidate, employer or operator")],
    full_name: Annotated[str, typer.Option("--name", help="Full name")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters"
        ),
    ],
    company: Annotated[str | None, typer.Option(help="Company name, for a new employer")] = None,
) -> None:
    """Create an account (the only way to create an operator)."""
    from pydantic import TypeAdapter, ValidationError

    from talentmatch.accounts.schemas import Password
    from talentmatch.kit.security import PasswordHasher
    from talentmatch.onboarding import create_account

    try:
        TypeAdapter(Password).validate_python(password)
    except ValidationError as exc:
        raise typer.BadParameter(
            "the password needs 10 to 200 characters", param_hint="--password"
        ) from exc
    settings = Settings()
    factory = _migrated_session_factory(settings)
    try:
        with unit_of_work(factory) as session:
            user = create_account(
                session,
                PasswordHasher(settings),
                email=email,
                password=password,
                full_name=full_name,
                role=role,
                company_name=company,
            )
            console.print(f"[green]created {user.role.value} {user.email}[/green]")
    except TalentmatchError as exc:
        console.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


@demo_app.command("load")
def demo_load(seed: Annotated[int, typer.Option(help="Random seed")] = 7) -> None:
    """Load a realistic demo marketplace and print its logins."""
    from talentmatch.demo.loader import DEMO_PASSWORD, DemoSize, demo_already_loaded, load_demo
    from talentmatch.kit.security import PasswordHasher

    settings = Settings()
    factory = _migrated_session_factory(settings)
    size = DemoSize()
    with unit_of_work(factory) as session:
        if demo_already_loaded(session):
            console.print("demo data is already loaded")
            _print_logins(DEMO_PASSWORD)
            return
        total = size.companies + size.jobs + size.candidates + size.requests
        with _progress() as bar:
            task = bar.add_task("writing demo marketplace", total=total)
            summary = load_demo(
                session,
                PasswordHasher(settings).hash(DEMO_PASSWORD),
                seed=seed,
                size=size,
                progress=lambda label, n: bar.update(task, advance=n, description=f"wrote {label}"),
            )
        # The demo's resumes and jobs go through the real parsers, like uploaded ones.
        _reparse_with_progress(session)
    console.print(", ".join(f"{n} {label}" for label, n in summary.counts.items()))
    _build_index(factory, settings)
    _print_logins(DEMO_PASSWORD)


def _print_logins(password: str) -> None:
    from talentmatch.demo.loader import (
        CANDIDATE_EMAIL,
        EMPLOYER_EMAIL,
        HIDDEN_EMPLOYER_EMAIL,
        OPERATOR_EMAIL,
    )

    table = Table(title=f"Demo logins (password: {password})")
    table.add_column("role")
    table.add_column("e-mail")
    for role, email in (
        ("operator", OPERATOR_EMAIL),
        ("employer (Northwind Analytics, admin)", EMPLOYER_EMAIL),
        ("employer (Globex Systems: the candidate hides from it)", HIDDEN_EMPLOYER_EMAIL),
        ("candidate (Casey Candidate, live)", CANDIDATE_EMAIL),
    ):
        table.add_row(role, email)
    Console().print(table)


@app.command()
def reparse() -> None:
    """Parse stored resumes and jobs again where the parsers have improved since."""
    settings = Settings()
    factory = _migrated_session_factory(settings)
    with unit_of_work(factory) as session:
        counts = _reparse_with_progress(session)
    console.print(", ".join(f"{n} {label.replace('_', ' ')}" for label, n in counts.items()))


def _reparse_with_progress(session: Session) -> dict[str, int]:
    from talentmatch.profiling.service import count_outdated
    from talentmatch.profiling.service import reparse as reparse_all
    from talentmatch.understanding import Understanding

    with _progress() as bar:
        task = bar.add_task("parsing resumes and jobs", total=count_outdated(session))
        return reparse_all(session, Understanding(), progress=lambda n: bar.advance(task, n))


def _build_index(factory: Any, settings: Settings) -> dict[str, Any]:
    """One full sync of the match vectors and index, with a progress bar while it embeds."""
    from talentmatch.matching.indexer import MatchIndex
    from talentmatch.understanding import Understanding

    started = time.perf_counter()
    index = MatchIndex(Understanding(), factory)
    index.search_vectors_in(settings.match_vector_search)
    with _progress() as bar:
        task = bar.add_task("indexing profiles and jobs (embedding what changed)", total=None)
        report = index.sync(
            progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    return {
        "candidates": len(index.candidates),
        "jobs": len(index.jobs),
        "embedded": report.embedded,
        "vector_search": index.backend,
        "seconds": round(time.perf_counter() - started, 1),
    }


@index_app.command("build")
def index_build(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Store match vectors for every live profile and open job whose text changed (the web
    app's worker does the same continuously)."""
    settings = Settings()
    figures = _build_index(_migrated_session_factory(settings), settings)
    if as_json:
        typer.echo(json.dumps(figures))
    else:
        console.print(
            f"indexed {figures['candidates']} candidates and {figures['jobs']} jobs "
            f"({figures['embedded']} embedded, vector search {figures['vector_search']}) "
            f"in {figures['seconds']} s"
        )


def _task_env(settings: Settings) -> Any:
    from talentmatch.tasks.work import TaskEnv
    from talentmatch.understanding import Understanding

    return TaskEnv(settings, _migrated_session_factory(settings), Understanding())


@requests_app.command("expire")
def requests_expire() -> None:
    """Mark sent requests past their expiry date as expired (also done on every read, and by
    the background tasks)."""
    from talentmatch.tasks.work import expire_requests

    count = expire_requests(_task_env(Settings()))
    console.print(f"{count} request(s) expired")


@requests_app.command("remind")
def requests_remind() -> None:
    """E-mail candidates whose requests expire within a day (once each; also done by the
    background tasks)."""
    from talentmatch.tasks.work import remind_candidates

    count = remind_candidates(_task_env(Settings()))
    console.print(f"{count} reminder(s) written to the outbox")


@outbox_app.command("deliver")
def outbox_deliver() -> None:
    """Send undelivered e-mails through TALENTMATCH_SMTP_HOST (the background tasks do it too)."""
    import smtplib

    from talentmatch.tasks.work import deliver_outbox

    settings = Settings()
    if not settings.smtp_host:
        console.print("[yellow]no SMTP host configured: e-mails stay in the outbox[/yellow]")
        raise typer.Exit(1)
    try:
        sent, failed = deliver_outbox(_task_env(settings))
    except (OSError, smtplib.SMTPException) as exc:
        console.print(f"[red]error:[/red] the mail server failed: {exc}")
        raise typer.Exit(1) from exc
    console.print(f"{sent} e-mail(s) sent, {failed} failed")
    if failed:
        raise typer.Exit(1)


# ------------------------------------------------------------------------------ backups


def _backup_progress(bar: Progress) -> Callable[[str, int, int], None]:
    tasks: dict[str, Any] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(phase, total=total)
        bar.update(tasks[phase], completed=done, total=total)

    return update


def _with_archive(action: Callable[[Any, Callable[[str, int, int], None]], Any]) -> Any:
    """Run a backup or a restore on the settings' database with a progress bar; a refused
    archive is one line and exit code 1."""
    from talentmatch.operations.backup import BackupError

    engine = create_engine(Settings())
    try:
        with _progress() as bar:
            return action(engine, _backup_progress(bar))
    except BackupError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        engine.dispose()


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="The archive to write (a new file)")],
) -> None:
    """Write the whole database to a portable archive (one consistent snapshot; the app may
    keep running)."""
    from talentmatch.operations.backup import backup

    manifest = _with_archive(lambda engine, progress: backup(engine, file, progress))
    console.print(
        f"[green]backed up {manifest.total_rows} rows of {len(manifest.tables)} tables "
        f"(migration {manifest.alembic_revision}) to {file}[/green]"
    )


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="An archive written by `talentmatch backup`")],
    force: Annotated[
        bool, typer.Option(help="replace everything the target database holds")
    ] = False,
) -> None:
    """Load an archive into an empty database (SQLite or PostgreSQL, whichever it came from),
    in one transaction: a failed restore changes nothing. Stop the app first."""
    from talentmatch.operations.backup import restore

    manifest = _with_archive(
        lambda engine, progress: restore(engine, file, force=force, progress=progress)
    )
    console.print(
        f"[green]restored {manifest.total_rows} rows of {len(manifest.tables)} tables "
        f"(backed up {manifest.created_at[:19]} from {manifest.source_dialect})[/green]"
    )
