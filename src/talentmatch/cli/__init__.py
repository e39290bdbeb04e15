"""The ``talentmatch`` command line: one module per command group, gathered into ``app``.

Commands parse options, call the services and models, and print; the models are imported
inside the commands so that ``talentmatch --help`` stays fast.
"""

from __future__ import annotations

from talentmatch.cli.common import stderr as console
from talentmatch.cli.counselling import career_app
from talentmatch.cli.fairness import audit_app
from talentmatch.cli.imports import import_app
from talentmatch.cli.main import (
    app,
    db_app,
    demo_app,
    index_app,
    outbox_app,
    requests_app,
    users_app,
)
from talentmatch.cli.matching import eval_app, match_app
from talentmatch.cli.models import model_app
from talentmatch.cli.preparation import prep_app
from talentmatch.cli.understanding import occupations_app, parse_app, salary_app, skills_app
from talentmatch.config import Settings

__all__ = ["app", "main"]

# The order here is the order `talentmatch --help` lists the groups in.
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(demo_app, name="demo")
app.add_typer(requests_app, name="requests")
app.add_typer(outbox_app, name="outbox")
app.add_typer(model_app, name="model")
app.add_typer(index_app, name="index")
app.add_typer(parse_app, name="parse")
app.add_typer(skills_app, name="skills")
app.add_typer(occupations_app, name="occupations")
app.add_typer(match_app, name="match")
app.add_typer(salary_app, name="salary")
app.add_typer(eval_app, name="eval")
app.add_typer(career_app, name="career")
app.add_typer(prep_app, name="prep")
app.add_typer(import_app, name="import")
app.add_typer(audit_app, name="audit")


def main() -> None:
    from pydantic import ValidationError

    try:
        app()
    except ValidationError as exc:
        if exc.title != Settings.__name__:
            raise
        # A setting from the environment is wrong: say which, without a traceback.
        for error in exc.errors():
            where = "TALENTMATCH_" + "_".join(str(p) for p in error["loc"]).upper()
            message = error["msg"].removeprefix("Value error, ")
            console.print(f"[red]error:[/red] {message}" + (f" ({where})" if error["loc"] else ""))
        raise SystemExit(2) from None
