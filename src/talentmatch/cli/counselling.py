"""`talentmatch career gap`: the gap report, reverse skill set and roadmap toward a role, for
a resume or a list of skills, offline (without the marketplace's live demand)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from talentmatch.cli.common import (
    BatchOption,
    InputError,
    JsonFlag,
    dispatch,
    read_bytes,
)
from talentmatch.ml.careers import ROLE_MODELS, CareerCounsellor

career_app = typer.Typer(help="Career counselling.", no_args_is_help=True)
console = Console()


@career_app.command("gap")
def gap(
    role: Annotated[str, typer.Option(help=f"target role: {', '.join(ROLE_MODELS)}")] = "",
    resume: Annotated[Path | None, typer.Option(help="a resume to read the skills from")] = None,
    skills: Annotated[str | None, typer.Option(help="skills, separated by commas")] = None,
    as_json: JsonFlag = False,
    batch: BatchOption = None,
) -> None:
    """Where a person stands against a role: coverage by area, the reverse skill set, the
    closest roles and an ordered roadmap."""
    from talentmatch.understanding import Understanding

    understanding = Understanding()
    base = batch.parent if batch is not None else Path()

    def handle(item: dict[str, Any]) -> dict[str, Any]:
        target = item.get("role") or "ml-engineer"
        if target not in ROLE_MODELS:
            raise InputError(f"unknown role {target!r}; choose one of {', '.join(ROLE_MODELS)}")
        taxonomy = understanding.skills.taxonomy
        if isinstance(item.get("resume"), str):
            parsed = understanding.read_resume(read_bytes(base / item["resume"]))[1]
            held = [s.skill.id for s in parsed.skills]
        elif isinstance(item.get("skills"), str | list):
            names = item["skills"]
            names = names.split(",") if isinstance(names, str) else names
            held = [s.id for s in taxonomy.normalize(str(n).strip() for n in names)]
        else:
            raise InputError('give "resume" (a path) or "skills"')
        counsellor = CareerCounsellor(taxonomy)
        return {
            "skills": held,
            "gap": counsellor.gap(held, target).as_dict(),
            "reverse_skill_set": counsellor.reverse_skill_set(held, target),
            "closest_roles": [
                {"id": g.role.id, "score": round(g.score, 3)}
                for g in counsellor.closest_roles(held)
            ],
            "roadmap": [asdict(p) for p in counsellor.roadmap(held, target)],
        }

    single: dict[str, Any] | None = None
    if resume is not None or skills is not None:
        single = {"role": role or None, "resume": str(resume) if resume else None, "skills": skills}
        single = {k: v for k, v in single.items() if v is not None}
    dispatch(
        handle,
        batch=batch,
        single=single,
        missing="give --resume PATH, --skills LIST or --batch FILE",
        as_json=as_json,
        render=_render,
    )


def _render(result: dict[str, Any]) -> None:
    gap = result["gap"]
    console.print(f"[bold]{gap['role']['title']}[/bold]: {gap['score']:.0%} covered")
    for area in gap["areas"]:
        if area["need"] > 0:
            missing = ", ".join(s["name"] for s in area["missing"][:5]) or "-"
            console.print(f"  {area['area']:<22} {area['score']:>4.0%}  missing: {missing}")
    for move in result["reverse_skill_set"]:
        console.print(f"  from {move['from']}: learn {move['area']}")
    for index, phase in enumerate(result["roadmap"], start=1):
        steps = ", ".join(s["name"] for s in phase["steps"])
        console.print(f"{index}. {phase['area']}: {steps}\n   milestone: {phase['milestone']}")
