"""Counselling for a candidate: where they stand against a target role, what to learn next,
which specialisms fit, what the role pays, and how its interviews run. The library
(:mod:`talentmatch.ml.careers`) does the reasoning; this module feeds it the profile and the
marketplace's live demand."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from talentmatch.candidates.models import CandidateProfile
from talentmatch.counselling.models import RoadmapProgress
from talentmatch.counselling.repository import MarketRepository, RoadmapRepository
from talentmatch.counselling.salary import market_estimate, profile_level
from talentmatch.kit.errors import InvalidInput
from talentmatch.matching.profiles import blind_skill_names
from talentmatch.matching.repository import MatchSourceRepository
from talentmatch.ml.careers import (
    ROLE_MODELS,
    SPECIALISMS,
    CareerCounsellor,
    GapReport,
    RoadmapPhase,
    RoleModel,
    SpecialismAdvice,
)
from talentmatch.ml.salary import LEVELS
from talentmatch.ml.skills import SkillTaxonomy
from talentmatch.ml.stored import StoredParse
from talentmatch.understanding import Understanding

# Words in a wish-list role or a title -> the role model it means.
ROLE_WORDS = (
    ("mlops", "mlops-engineer"),
    ("research", "ml-researcher"),
    ("analytics engineer", "analytics-engineer"),
    ("data engineer", "data-engineer"),
    ("data scientist", "data-scientist"),
    ("machine learning", "ml-engineer"),
    ("ml ", "ml-engineer"),
    ("ai ", "ml-engineer"),
    ("software", "software-engineer"),
    ("backend", "software-engineer"),
    ("back-end", "software-engineer"),
    ("frontend", "software-engineer"),
    ("front-end", "software-engineer"),
    ("full stack", "software-engineer"),
    ("full-stack", "software-engineer"),
    ("fullstack", "software-engineer"),
    ("mobile", "software-engineer"),
    ("platform", "software-engineer"),
    ("devops", "software-engineer"),
    ("site reliability", "software-engineer"),
    ("sre ", "software-engineer"),
    ("developer", "software-engineer"),
    ("programmer", "software-engineer"),
    # Last: any other engineer ("Staff Frontend Engineer" must not get the ML loop).
    (" engineer ", "software-engineer"),
)


@dataclass(frozen=True)
class Counsel:
    role: RoleModel
    gap: GapReport
    reverse: list[dict[str, Any]]
    closest: list[GapReport]
    related_occupations: list[dict[str, Any]]
    roadmap: list[RoadmapPhase]
    progress: tuple[int, int]  # steps done, steps in all
    specialisms: list[SpecialismAdvice]
    salary: dict[str, Any]
    salary_by_level: list[tuple[str, dict[str, Any]]]
    level: str | None


def role_for(texts: list[str]) -> str | None:
    for text in texts:
        padded = f" {text.lower()} "
        for word, role_id in ROLE_WORDS:
            if word in padded:
                return role_id
    return None


def current_role(profile: CandidateProfile, target: str) -> str | None:
    current = role_for(list(profile.titles or [])[:1])
    return current if current != target else None


def default_role(profile: CandidateProfile) -> str:
    """The role a candidate aims at: their wish list first, then the role models' closest."""
    return role_for(list(profile.target_roles or [])) or "ml-engineer"


def check_role(role_id: str) -> RoleModel:
    model = ROLE_MODELS.get(role_id)
    if model is None:
        choices = ", ".join(ROLE_MODELS)
        raise InvalidInput(f"unknown role {role_id!r}; choose one of {choices}", field="role")
    return model


def open_jobs(session: Session, taxonomy: SkillTaxonomy) -> list[tuple[list[str], str]]:
    return [
        (
            [s.id for s in taxonomy.normalize([*(required or []), *(nice or [])])],
            f"{title}\n{description}",
        )
        for required, nice, title, description in MarketRepository(session).open_job_texts()
    ]


def market_demand(jobs: list[tuple[list[str], str]]) -> dict[str, float]:
    """Share of open jobs that ask for each skill."""
    counts = Counter(skill for skills, _ in jobs for skill in set(skills))
    return {skill: count / len(jobs) for skill, count in counts.items()} if jobs else {}


def skill_ids(
    session: Session, understanding: Understanding, profile: CandidateProfile
) -> list[str]:
    """The profile's skills as the counsellor reads them: identity-blind, like the matching
    (no skill read from the person's own name)."""
    return blind_skill_names(
        understanding,
        profile,
        lambda: MatchSourceRepository(session).resume_texts([profile.id]).get(profile.id, ""),
    )


def gap_for(
    session: Session, understanding: Understanding, profile: CandidateProfile, role_id: str
) -> GapReport:
    """The profile's gap toward a role, weighted by the marketplace's live demand."""
    taxonomy = understanding.skills.taxonomy
    counsellor = CareerCounsellor(taxonomy, market_demand(open_jobs(session, taxonomy)))
    return counsellor.gap(skill_ids(session, understanding, profile), check_role(role_id).id)


def counsel(
    session: Session,
    understanding: Understanding,
    profile: CandidateProfile,
    role_id: str | None = None,
) -> Counsel:
    role = check_role(role_id or default_role(profile))
    taxonomy = understanding.skills.taxonomy
    jobs = open_jobs(session, taxonomy)
    counsellor = CareerCounsellor(taxonomy, market_demand(jobs))
    skills = skill_ids(session, understanding, profile)
    done = RoadmapRepository(session).done_skills(profile.id, role.id)
    roadmap = counsellor.roadmap(skills, role.id, done)
    steps = [step for phase in roadmap for step in phase.steps]
    level = profile_level(profile)
    country = profile.country or None
    salaries = understanding.salaries
    by_level = [
        (lvl, market_estimate(session, salaries, role.title, level=lvl, country=country))
        for lvl in LEVELS
    ]
    base = salaries.estimate(role.title, level=level, country=country)
    # Several specialisms share a survey title: estimate each title once.
    medians = {
        title: salaries.estimate(title, level=level, country=country).p50
        for title in {spec.salary_title for spec in SPECIALISMS}
    }
    premiums: dict[str, float | None] = {
        spec.id: medians[spec.salary_title] / base.p50 - 1.0 if base.p50 else None
        for spec in SPECIALISMS
    }
    occupation = StoredParse.of(profile.parsed).occupation_code
    related = (
        [m.as_dict() for m in understanding.related.related(occupation, top=5)]
        if occupation
        else []
    )
    return Counsel(
        role=role,
        gap=counsellor.gap(skills, role.id),
        # The move starts from the role the person's titles name, else the closest by skills.
        reverse=counsellor.reverse_skill_set(skills, role.id, current_role(profile, role.id)),
        closest=counsellor.closest_roles(skills)[:4],
        related_occupations=related,
        roadmap=roadmap,
        progress=(sum(s.done for s in steps), len(steps)),
        specialisms=counsellor.specialisms(
            skills,
            jobs,
            wished=[*(profile.specialisms or []), *(profile.target_roles or [])],
            premium_of=premiums,
        ),
        salary=dict(by_level)[level]
        if level in LEVELS
        else market_estimate(session, salaries, role.title, level=level, country=country),
        salary_by_level=by_level,
        level=level,
    )


def mark_step(
    session: Session, profile: CandidateProfile, role_id: str, skill_id: str, *, done: bool
) -> None:
    role = check_role(role_id)
    if not any(skill_id == s for items in role.areas.values() for s, _ in items):
        raise InvalidInput(f"{skill_id!r} is not a step toward {role.title}", field="skill")
    existing = RoadmapRepository(session).step(profile.id, role_id, skill_id)
    if done and existing is None:
        session.add(RoadmapProgress(profile_id=profile.id, role_id=role_id, skill_id=skill_id))
    elif not done and existing is not None:
        session.delete(existing)
    session.flush()
