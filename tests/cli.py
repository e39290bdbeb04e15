"""Running the ``talentmatch`` command: as a user does (a subprocess through the installed
entry point), or in this process against the same Typer app (no new interpreter, no second load
of torch and the models' libraries), with the same exit code, stdout and stderr."""

from __future__ import annotations

import subprocess
import sys


def run(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m talentmatch ARGS`` in a new process: what a user runs."""
    return subprocess.run(
        [sys.executable, "-m", "talentmatch", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def invoke(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The same command in this process with typer's ``CliRunner``; ``env`` is set in
    ``os.environ`` for its duration. An unexpected exception is raised here (a subprocess would
    print its traceback and exit 1), so a crash fails the test instead of passing as exit 1."""
    from typer.testing import CliRunner

    from talentmatch.cli import app

    result = CliRunner().invoke(
        app, list(args), input=stdin, env=env, catch_exceptions=False, prog_name="talentmatch"
    )
    return subprocess.CompletedProcess(
        ["talentmatch", *args], result.exit_code, result.stdout, result.stderr
    )
