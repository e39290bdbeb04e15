"""`talentmatch prep`: browse the interview question bank and build a mock-interview plan for
a role (or a company's own stages) from a resume or a list of skills, offline."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from talentmatch.cli.common import InputError, JsonFlag, read_bytes
from talentmatch.kit.errors import TalentmatchError
from talentmatch.ml.careers import ROLE_MODELS, CareerCounsellor
from talentmatch.ml.preparation import DIFFICULTIES, QuestionBank, mock_plan

prep_app = typer.Typer(help="Interview preparation.", no_args_is_help=True)
console = Console()


@prep_app.command("questions")
def questions(
    topic: Annotated[str | None, typer.Option(help="a topic of the bank")] = None,
    difficulty: Annotated[str | None, typer.Option(help="easy, medium or hard")] = None,
    skill: Annotated[str | None, typer.Option(help="a skill id, e.g. docker")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The project's interview questions with their answer outlines."""
    bank = QuestionBank.load()
    if topic is not None and topic not in bank.topics:
        raise typer.BadParameter(f"choose one of {', '.join(bank.topics)}", param_hint="--topic")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise typer.BadParameter(
            f"choose one of {', '.join(DIFFICULTIES)}", param_hint="--difficulty"
        )
    found = bank.select(topic=topic, difficulty=difficulty, skills=[skill] if skill else [])
    if as_json:
        sys.stdout.write(json.dumps([q.as_dict() for q in found], ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(found)} of {len(bank)} questions")
    for column in ("id", "topic", "difficulty", "question"):
        table.add_column(column, overflow="fold")
    for q in found:
        table.add_row(q.id, q.topic, q.difficulty, escape(q.question))
    console.print(table)


@prep_app.command("plan")
def plan(
    role: Annotated[
        str, typer.Option(help=f"target role: {', '.join(ROLE_MODELS)}")
    ] = "ml-engineer",
    resume: Annotated[Path | None, typer.Option(help="a resume to read the skills from")] = None,
    skills: Annotated[str | None, typer.Option(help="skills, separated by commas")] = None,
    stages: Annotated[
        str | None, typer.Option(help="the company's stages in order, separated by commas")
    ] = None,
    level: Annotated[str | None, typer.Option(help="EN, MI, SE or EX")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A mock-interview plan: a block per stage with questions on the person's gaps."""
    from talentmatch.ml.salary import LEVELS
    from talentmatch.ml.seniority import SURVEY_LEVEL
    from talentmatch.understanding import Understanding

    if role not in ROLE_MODELS:
        raise typer.BadParameter(f"choose one of {', '.join(ROLE_MODELS)}", param_hint="--role")
    if level is not None and level.upper() not in LEVELS:
        raise typer.BadParameter(f"choose one of {', '.join(LEVELS)}", param_hint="--level")
    understanding = Understanding()
    taxonomy = understanding.skills.taxonomy
    held: list[str] = []
    if resume is not None:
        try:
            parsed = understanding.read_resume(read_bytes(resume))[1]
        except (InputError, TalentmatchError, ValueError) as exc:
            raise typer.BadParameter(str(exc), param_hint="--resume") from exc
        held = [s.skill.id for s in parsed.skills]
        level = level or SURVEY_LEVEL.get(parsed.seniority or "")
    if skills:
        held += [s.id for s in taxonomy.normalize(x.strip() for x in skills.split(","))]
    gap = CareerCounsellor(taxonomy).gap(held, role)
    result = mock_plan(
        understanding.questions,
        ROLE_MODELS[role],
        gap=gap,
        company_stages=[s for s in (stages or "").split(",") if s.strip()],
        level=level.upper() if level else None,
    )
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
        return
    _render(result.as_dict())


def _render(plan: dict[str, Any]) -> None:
    origin = "the company's stages" if plan["from_company"] else "the role's usual loop"
    console.print(
        f"[bold]Mock interview: {plan['role']['title']}[/bold] ({origin}, {plan['minutes']} min)"
    )
    for index, stage in enumerate(plan["stages"], start=1):
        kind = (
            f" [dim](read as {stage['kind']})[/dim]"
            if stage["kind"] not in (None, stage["name"])
            else ""
        )
        console.print(
            f"\n{index}. [bold]{escape(stage['name'])}[/bold]{kind} · {stage['minutes']} min"
            f" · {escape(stage['tests'])}"
        )
        if stage["focus"]:
            console.print(f"   gaps it may probe: {', '.join(stage['focus'])}")
        for q in stage["questions"]:
            console.print(f"   - {escape(q['question'])} [dim]({q['difficulty']}, {q['id']})[/dim]")
