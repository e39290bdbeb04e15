"""What every command group shares: the stderr console and progress bar, the migrated
database, and the JSON / JSON Lines conventions of the measured commands.

Each measured command prints one JSON object with ``--json``; with ``--batch FILE`` (JSON Lines,
one object of inputs per line, keyed by option name) it prints one JSON object per line, in
order, loading its models once. A bad input is reported as ``{"error": ...}`` (exit code 1 for a
single input).

Nothing here imports the models: ``talentmatch --help`` must not load them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, track

from talentmatch.config import Settings
from talentmatch.db import create_engine, create_session_factory, upgrade_database

stderr = Console(stderr=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object")]
BatchOption = Annotated[
    Path | None, typer.Option("--batch", help="JSON Lines of inputs; one JSON object out per line")
]
Handler = Callable[[dict[str, Any]], dict[str, Any]]
Renderer = Callable[[dict[str, Any]], None]


def progress() -> Progress:
    """The progress bar long commands show on stderr."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=stderr,
    )


def migrated_session_factory(settings: Settings):  # type: ignore[no-untyped-def]
    from talentmatch.tables import import_models

    import_models()
    engine = create_engine(settings)
    upgrade_database(engine)
    return create_session_factory(engine)


class InputError(Exception):
    """A bad input line or argument: reported, not a crash."""


def json_lines(path: Path) -> Iterator[dict[str, Any] | InputError]:
    """The objects of a JSON Lines file; a bad line comes out as an :class:`InputError`."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{path.name} line {number}: not JSON ({exc.msg})")
            continue
        if isinstance(value, dict):
            yield value
        else:
            yield InputError(f"{path.name} line {number}: not a JSON object")


def read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > 50 * 1024 * 1024:
            raise InputError(f"{path} is larger than 50 MB")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def _answer(handle: Handler, item: dict[str, Any]) -> dict[str, Any]:
    try:
        return handle(item)
    except (InputError, ValueError, OSError) as exc:
        return {"error": str(exc)}
    except KeyError as exc:
        return {"error": f"unknown: {exc}"}


def dispatch(
    handle: Handler,
    *,
    batch: Path | None,
    single: dict[str, Any] | None,
    missing: str,
    as_json: bool,
    render: Renderer,
) -> None:
    """Run ``handle`` over a batch file, or on one input (``single``; ``None`` if not given)."""
    if batch is not None:
        try:
            items = list(json_lines(batch))
        except InputError as exc:
            raise typer.BadParameter(str(exc), param_hint="--batch") from exc
        for item in track(items, description="processing", console=stderr, transient=True):
            result = {"error": str(item)} if isinstance(item, InputError) else _answer(handle, item)
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    if single is None:
        raise typer.BadParameter(missing)
    result = _answer(handle, single)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    elif "error" not in result:
        render(result)
    if "error" in result:
        if not as_json:
            stderr.print(f"[red]error:[/red] {result['error']}")
        raise typer.Exit(1)


def relative_to(batch: Path | None) -> Path:
    """Paths in a batch file are relative to it; a single input's path is taken as given."""
    return batch.parent if batch is not None else Path()
