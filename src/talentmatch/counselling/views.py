"""The counselling results as plain data, for the JSON API and the CLI."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from talentmatch.counselling.service import Counsel
from talentmatch.ml.careers import RoadmapPhase, SpecialismAdvice
from talentmatch.ml.salary import level_name


def roadmap_dict(phases: list[RoadmapPhase]) -> list[dict[str, Any]]:
    return [asdict(phase) for phase in phases]


def specialism_dict(advice: SpecialismAdvice) -> dict[str, Any]:
    return {
        "id": advice.specialism.id,
        "name": advice.specialism.name,
        "demand": round(advice.demand, 4),
        "open_jobs": advice.jobs,
        "salary_premium": round(advice.premium, 3) if advice.premium is not None else None,
        "fit": advice.fit,
        "why": advice.why,
    }


def counsel_dict(counsel: Counsel) -> dict[str, Any]:
    done, total = counsel.progress
    return {
        "role": {"id": counsel.role.id, "title": counsel.role.title},
        "gap": counsel.gap.as_dict(),
        "reverse_skill_set": counsel.reverse,
        "closest_roles": [
            {"id": g.role.id, "title": g.role.title, "score": round(g.score, 3)}
            for g in counsel.closest
        ],
        "related_occupations": counsel.related_occupations,
        "roadmap": roadmap_dict(counsel.roadmap),
        "progress": {"done": done, "steps": total},
        "specialisms": [specialism_dict(a) for a in counsel.specialisms],
        "salary": {**counsel.salary, "level": level_name(counsel.level)},
        "salary_by_level": {
            level_name(level): estimate for level, estimate in counsel.salary_by_level
        },
        "interview_loop": [{"stage": s, "tests": t} for s, t in counsel.role.loop],
    }
