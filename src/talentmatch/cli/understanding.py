"""The commands the product is measured through: parse, skills, occupations, salary (their
JSON and ``--batch`` conventions are in :mod:`talentmatch.cli.common`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from talentmatch.cli.common import (
    BatchOption,
    InputError,
    JsonFlag,
    dispatch,
    read_bytes,
)
from talentmatch.cli.common import relative_to as _relative_to

parse_app = typer.Typer(help="Read resumes into structured profiles.", no_args_is_help=True)
skills_app = typer.Typer(help="Find skills in text.", no_args_is_help=True)
occupations_app = typer.Typer(help="O*NET-SOC occupations.", no_args_is_help=True)
salary_app = typer.Typer(help="Salary benchmarks.", no_args_is_help=True)


# ------------------------------------------------------------------------------- parse


@parse_app.command("resume")
def parse_resume(
    path: Annotated[Path | None, typer.Argument(help="PDF, DOCX, TXT or Markdown resume")] = None,
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """Parse a resume into name, contact, titles, companies, education, skills, years and level."""
    from talentmatch.understanding import Understanding

    understanding = Understanding()
    base = _relative_to(batch)

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(item.get("resume"), str):
            raise InputError('each line needs "resume": a path relative to the batch file')
        return understanding.read_resume(read_bytes(base / item["resume"]))[1].as_dict()

    dispatch(
        handle,
        batch=batch,
        single={"resume": str(path)} if path is not None else None,
        missing="give a resume PATH or --batch FILE",
        as_json=as_json,
        render=_render_resume,
    )


def _render_resume(result: dict[str, Any]) -> None:
    table = Table(show_header=False)
    for key in ("name", "email", "phone", "location", "years_experience", "seniority"):
        table.add_row(key, str(result.get(key) or "-"))
    table.add_row("titles", ", ".join(result["titles"]) or "-")
    table.add_row("companies", ", ".join(result["companies"]) or "-")
    occupation = result.get("occupation")
    table.add_row(
        "occupation", f"{occupation['title']} ({occupation['code']})" if occupation else "-"
    )
    table.add_row(
        "education",
        "; ".join(f"{e['degree']}, {e['institution']}" for e in result["education"]) or "-",
    )
    table.add_row("skills", ", ".join(s["name"] for s in result["skills"]) or "-")
    Console().print(table)


# ------------------------------------------------------------------------------ skills


@skills_app.command("extract")
def skills_extract(
    text: Annotated[str | None, typer.Option("--text", help="Text to read")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A PDF, DOCX or text file")] = None,
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """Skills in a text with character offsets (into the text, or the file's extracted text)."""
    from talentmatch.understanding import Understanding

    understanding = Understanding()
    base = _relative_to(batch)

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        if isinstance(item.get("text"), str):
            body = item["text"]
        elif isinstance(item.get("file"), str):
            from talentmatch.ml.text import extract_text

            body = extract_text(read_bytes(base / item["file"])).text
        else:
            raise InputError('give "text" or "file"')
        return {"skills": [f.as_dict() for f in understanding.hybrid_skills.extract(body)]}

    if batch is None and text is not None and file is not None:
        raise typer.BadParameter("give --text or --file, not both")
    single = (
        {"text": text} if text is not None else {"file": str(file)} if file is not None else None
    )
    dispatch(
        handle,
        batch=batch,
        single=single,
        missing="give --text, --file or --batch FILE",
        as_json=as_json,
        render=_render_skills,
    )


def _render_skills(result: dict[str, Any]) -> None:
    table = Table("skill", "id", "category", "text", "span")
    for s in result["skills"]:
        table.add_row(
            s["name"], s["id"] or "-", s["category"] or "-", s["text"], f"{s['start']}-{s['end']}"
        )
    Console().print(table)


# ------------------------------------------------------------------------- occupations

TopOption = Annotated[int, typer.Option("--top", min=1, max=100, help="How many results")]


@occupations_app.command("normalize")
def occupations_normalize(
    title: Annotated[str | None, typer.Argument(help="A job title, e.g. 'Sr. ML Eng'")] = None,
    top: TopOption = 5,
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """Job title -> O*NET-SOC occupations with scores."""
    from talentmatch.understanding import Understanding

    understanding = Understanding()

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        value = item.get("title")
        if not isinstance(value, str) or not value.strip():
            raise InputError('a non-empty "title" is needed')
        k = int(item.get("top", top))
        return {"results": [m.as_dict() for m in understanding.titles.normalize(value, top=k)]}

    dispatch(
        handle,
        batch=batch,
        single={"title": title} if title is not None else None,
        missing="give a TITLE or --batch FILE",
        as_json=as_json,
        render=_render_occupations,
    )


@occupations_app.command("related")
def occupations_related(
    code: Annotated[str | None, typer.Argument(help="An O*NET-SOC code, e.g. 15-2051.00")] = None,
    top: TopOption = 10,
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """The occupations a person in CODE can most readily move to."""
    from talentmatch.understanding import Understanding

    understanding = Understanding()

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        value = item.get("code")
        if not isinstance(value, str):
            raise InputError('a "code" is needed')
        value = value.strip()
        if len(value) == 7:  # "15-2051" -> "15-2051.00"
            value += ".00"
        if understanding.related.title(value) is None:
            raise InputError(f"unknown O*NET-SOC code {value!r}")
        k = int(item.get("top", top))
        return {"results": [m.as_dict() for m in understanding.related.related(value, top=k)]}

    dispatch(
        handle,
        batch=batch,
        single={"code": code} if code is not None else None,
        missing="give a CODE or --batch FILE",
        as_json=as_json,
        render=_render_occupations,
    )


def _render_occupations(result: dict[str, Any]) -> None:
    table = Table("code", "title", "score")
    for row in result["results"]:
        table.add_row(row["code"], row["title"], f"{row['score']:.3f}")
    Console().print(table)


# ------------------------------------------------------------------------------ salary


QUARTILES = ("p25", "p50", "p75")


def _in_currency(result: dict[str, Any], currency: str) -> dict[str, Any]:
    from talentmatch.ml import money

    try:
        return money.figures_in(result, currency, QUARTILES)
    except ValueError as exc:
        raise InputError(str(exc)) from exc


@salary_app.command("estimate")
def salary_estimate(
    title: Annotated[
        str | None, typer.Option("--title", help="Job title, e.g. 'ML Engineer'")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="entry, mid, senior or executive (or EN, MI, SE, EX)"),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166 alpha-2, e.g. GB")
    ] = None,
    currency: Annotated[
        str,
        typer.Option(
            "--currency", help="ISO 4217 code the figures are shown in (ECB reference rate)"
        ),
    ] = "USD",
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """Yearly pay (p25/p50/p75, USD unless --currency) for a title, level and country, with
    sources and n."""
    from talentmatch.ml import money
    from talentmatch.understanding import Understanding

    understanding = Understanding()
    if not money.can_convert(currency):
        raise typer.BadParameter(
            f"{currency} is not an ISO 4217 currency the ECB publishes a rate for",
            param_hint="--currency",
        )

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        value = item.get("title")
        if not isinstance(value, str) or not value.strip():
            raise InputError('a non-empty "title" is needed')
        result = understanding.salaries.estimate(
            value, level=item.get("level") or None, country=item.get("country") or None
        ).as_dict()
        return _in_currency(result, str(item.get("currency") or currency))

    def render(result: dict[str, Any]) -> None:
        Console().print(
            f"{title} ({level or 'any level'}, {country or 'any country'}): "
            f"p25 {result['p25']:,}  [bold]p50 {result['p50']:,}[/bold]  p75 {result['p75']:,} "
            f"{result['currency']} a year (n={result['n']})"
        )
        if "converted_from" in result:
            before = result["converted_from"]
            Console().print(
                f"  converted from {before['currency']} (p50 {before['p50']:,}) at the ECB "
                f"reference rate of {before['rate_date']}"
            )
        for source in result["sources"]:
            Console().print(f"  source: {source['name']}")

    dispatch(
        handle,
        batch=batch,
        single={"title": title, "level": level, "country": country} if title is not None else None,
        missing="give --title or --batch FILE",
        as_json=as_json,
        render=render,
    )
