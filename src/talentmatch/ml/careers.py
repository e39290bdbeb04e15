"""Career counselling as a pure library: role competency models, skill-gap reports, the
"reverse skill set", roadmaps with prerequisites, and specialism advice.

The role models are written by the project in ``reference/careers.json`` (which skills a role
needs, and how much, by area); every weight is then scaled by demand: the taxonomy's demand
(O*NET hot/in-demand technologies, ESCO occupations, Stack Overflow questions) and, when the
caller passes it, the share of open marketplace jobs that ask for the skill. What a person
holds counts toward a skill the role asks for through the skill relations table
(:class:`SkillRelations`): Go and Java are partial evidence of algorithms and testing,
Kubernetes of Docker and Linux.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from talentmatch.ml.reference import load_table
from talentmatch.ml.skills import SkillRelations, SkillTaxonomy

# The areas, interview loops, role models, prerequisites, milestones and specialisms.
_TABLES = load_table("careers.json")
AREAS: tuple[str, ...] = tuple(_TABLES["areas"])
# Credit from a related skill below this is "missing", not "partly".
PARTLY_THRESHOLD = 0.3
VIA_SHOWN = 3  # held skills named as the source of a partial credit


@dataclass(frozen=True)
class RoleModel:
    id: str
    title: str
    summary: str
    # area -> ((skill id, importance 1..3), ...)
    areas: Mapping[str, tuple[tuple[str, int], ...]]
    # The interview loop, in order: (stage, what it tests).
    loop: tuple[tuple[str, str], ...]


# The interview loops roles share, by name.
_LOOPS: dict[str, tuple[tuple[str, str], ...]] = {
    name: tuple((stage, tests) for stage, tests in loop)
    for name, loop in _TABLES["interview_loops"].items()
}

ROLE_MODELS: dict[str, RoleModel] = {
    row["id"]: RoleModel(
        row["id"],
        row["title"],
        row["summary"],
        {
            area: tuple((skill, importance) for skill, importance in skills)
            for area, skills in row["areas"].items()
        },
        _LOOPS[row["loop"]],
    )
    for row in _TABLES["role_models"]
}

# What to learn first: a skill's prerequisites (only those in the plan are ordered before it).
PREREQUISITES: dict[str, tuple[str, ...]] = {
    skill: tuple(first) for skill, first in _TABLES["prerequisites"].items()
}

# One concrete milestone per area: finishing an area's steps means shipping this.
MILESTONES: dict[str, str] = dict(_TABLES["milestones"])


@dataclass(frozen=True)
class Specialism:
    id: str
    name: str
    skills: tuple[str, ...]
    keywords: tuple[str, ...]
    salary_title: str  # how the salary survey names a role in it


SPECIALISMS: tuple[Specialism, ...] = tuple(
    Specialism(
        row["id"], row["name"], tuple(row["skills"]), tuple(row["keywords"]), row["salary_title"]
    )
    for row in _TABLES["specialisms"]
)


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SkillStanding:
    skill: str
    name: str
    area: str
    weight: float
    credit: float  # 1 held, 0..1 through a related skill, 0 missing
    via: str | None = None

    @property
    def state(self) -> str:
        if self.credit >= 1.0:
            return "have"
        return "partly" if self.credit >= PARTLY_THRESHOLD else "missing"


@dataclass(frozen=True)
class AreaGap:
    area: str
    score: float  # weighted share covered, 0..1
    need: float  # the area's share of the role's total weight
    have: list[SkillStanding] = field(default_factory=list)
    partly: list[SkillStanding] = field(default_factory=list)
    missing: list[SkillStanding] = field(default_factory=list)
    # Held skills of this area the role does not list (Go toward an ML role's engineering):
    # they count through what they imply, and the report names them.
    also: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GapReport:
    role: RoleModel
    score: float
    areas: list[AreaGap]

    def standings(self) -> list[SkillStanding]:
        return [s for a in self.areas for s in (*a.have, *a.partly, *a.missing)]

    def as_dict(self) -> dict[str, Any]:
        def item(s: SkillStanding) -> dict[str, Any]:
            out: dict[str, Any] = {"id": s.skill, "name": s.name, "weight": round(s.weight, 3)}
            if s.via:
                out.update(via=s.via, credit=round(s.credit, 2))
            return out

        return {
            "role": {"id": self.role.id, "title": self.role.title},
            "score": round(self.score, 3),
            "areas": [
                {
                    "area": a.area,
                    "score": round(a.score, 3),
                    "need": round(a.need, 3),
                    "have": [item(s) for s in a.have],
                    "partly": [item(s) for s in a.partly],
                    "missing": [item(s) for s in a.missing],
                    "also": list(a.also),
                }
                for a in self.areas
            ],
        }


@dataclass(frozen=True)
class RoadmapStep:
    skill: str
    name: str
    area: str
    weight: float
    prerequisites: tuple[str, ...]
    done: bool
    partly_via: str | None


@dataclass(frozen=True)
class RoadmapPhase:
    area: str
    milestone: str
    steps: list[RoadmapStep]


@dataclass(frozen=True)
class SpecialismAdvice:
    specialism: Specialism
    demand: float  # share of open jobs that ask for it
    jobs: int
    premium: float | None  # median pay relative to the role's, e.g. 0.08 = 8 % more
    fit: float
    why: list[str]


# ---------------------------------------------------------------------------- counsellor


class CareerCounsellor:
    """Gap reports, reverse skill sets, roadmaps and specialism advice for a set of skills.

    Parameters
    ----------
    taxonomy:
        The skill taxonomy (names and demand).
    market_demand:
        Optional ``skill id -> share of open marketplace jobs asking for it`` (0..1).
    relations:
        Areas, implications and neighbours of skills; the packaged table when omitted.
    """

    def __init__(
        self,
        taxonomy: SkillTaxonomy,
        market_demand: Mapping[str, float] | None = None,
        relations: SkillRelations | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.market_demand = dict(market_demand or {})
        self.relations = relations or SkillRelations.load()

    def name(self, skill_id: str) -> str:
        skill = self.taxonomy.skills.get(skill_id)
        return skill.name if skill else skill_id.replace("-", " ")

    def weight(self, skill_id: str, importance: int) -> float:
        """Importance scaled by demand: the taxonomy's (public data) and the marketplace's."""
        skill = self.taxonomy.skills.get(skill_id)
        public = skill.demand if skill else 0.0
        market = self.market_demand.get(skill_id, 0.0)
        return importance * (1.0 + public) * (1.0 + market)

    def credit(self, skill_id: str, held: set[str]) -> tuple[float, str | None]:
        """Credit toward a skill (1 held, else what held skills imply or neighbour) and the
        names of the held skills that give it ("Go, Java, Python")."""
        value, via = self.relations.credit(skill_id, held)
        names = ", ".join(self.name(v) for v in via[:VIA_SHOWN])
        return value, names or None

    def gap(self, skills: Iterable[str], role_id: str) -> GapReport:
        role = ROLE_MODELS[role_id]
        held = set(skills)
        totals = {
            area: sum(self.weight(s, i) for s, i in role.areas.get(area, ())) for area in AREAS
        }
        grand = sum(totals.values()) or 1.0
        areas: list[AreaGap] = []
        covered_total = 0.0
        for area in AREAS:
            have: list[SkillStanding] = []
            partly: list[SkillStanding] = []
            missing: list[SkillStanding] = []
            covered = 0.0
            for skill_id, importance in role.areas.get(area, ()):
                weight = self.weight(skill_id, importance)
                credit, via = self.credit(skill_id, held)
                standing = SkillStanding(skill_id, self.name(skill_id), area, weight, credit, via)
                covered += weight * credit
                {"have": have, "partly": partly, "missing": missing}[standing.state].append(
                    standing
                )
            covered_total += covered
            missing.sort(key=lambda s: -s.weight)
            score = covered / totals[area] if totals[area] else 1.0
            listed = {s for s, _ in role.areas.get(area, ())}
            also = sorted(
                self.name(s) for s in held if s not in listed and self.relations.area(s) == area
            )
            areas.append(AreaGap(area, score, totals[area] / grand, have, partly, missing, also))
        return GapReport(role, covered_total / grand, areas)

    def closest_roles(self, skills: Iterable[str]) -> list[GapReport]:
        """Every role model, the one the skills already cover best first."""
        held = list(skills)
        return sorted((self.gap(held, r) for r in ROLE_MODELS), key=lambda g: -g.score)

    def reverse_skill_set(
        self, skills: Iterable[str], target: str, current: str | None = None
    ) -> list[dict[str, Any]]:
        """The areas the move from ``current`` (by default the role the skills fit best) to
        ``target`` asks for that the current role does not: a software engineer moving to ML
        needs maths, statistics and ML; a data scientist needs software engineering, DevOps
        and cloud. Ordered by what is left to learn."""
        held = list(skills)
        if current is None:
            ranked = [g for g in self.closest_roles(held) if g.role.id != target]
            current = ranked[0].role.id if ranked else target
        target_gap, current_gap = self.gap(held, target), self.gap(held, current)
        current_need = {a.area: a.need for a in current_gap.areas}
        result: list[dict[str, Any]] = []
        for area in target_gap.areas:
            extra = area.need - current_need.get(area.area, 0.0)
            if extra <= 0.02:
                continue
            result.append(
                {
                    "area": area.area,
                    "target_need": round(area.need, 3),
                    "current_need": round(current_need.get(area.area, 0.0), 3),
                    "your_score": round(area.score, 3),
                    "to_learn": [s.name for s in area.missing[:5]],
                    "left": round(extra * (1.0 - area.score), 4),
                }
            )
        result.sort(key=lambda r: -r["left"])
        return [{"from": ROLE_MODELS[current].title, **r} for r in result]

    def roadmap(
        self, skills: Iterable[str], role_id: str, done: Iterable[str] = ()
    ) -> list[RoadmapPhase]:
        """Ordered steps toward the role: every missing or partly met skill, after its
        prerequisites, grouped into phases by area with one concrete milestone each. Steps the
        person marked done (``done``) or whose skill they now hold are ``done``."""
        report = self.gap(skills, role_id)
        marked = set(done)
        todo = [s for s in report.standings() if s.state != "have" or s.skill in marked]
        plan_ids = {s.skill for s in todo}
        by_id = {s.skill: s for s in todo}
        ordered: list[SkillStanding] = []
        placed: set[str] = set()

        def place(skill_id: str, trail: frozenset[str]) -> None:
            if skill_id in placed or skill_id in trail:
                return
            for before in PREREQUISITES.get(skill_id, ()):
                if before in plan_ids:
                    place(before, trail | {skill_id})
            placed.add(skill_id)
            ordered.append(by_id[skill_id])

        # Most left to learn first (weight not yet covered), each after what it needs.
        for standing in sorted(todo, key=lambda s: (-s.weight * (1.0 - s.credit), s.skill)):
            place(standing.skill, frozenset())
        phases: dict[str, RoadmapPhase] = {}
        for standing in ordered:
            phase = phases.setdefault(
                standing.area, RoadmapPhase(standing.area, MILESTONES[standing.area], [])
            )
            phase.steps.append(
                RoadmapStep(
                    skill=standing.skill,
                    name=standing.name,
                    area=standing.area,
                    weight=round(standing.weight, 3),
                    prerequisites=tuple(
                        self.name(p) for p in PREREQUISITES.get(standing.skill, ()) if p in plan_ids
                    ),
                    done=standing.skill in marked,
                    partly_via=standing.via,
                )
            )
        # Phases in the order their first step appears: prerequisites' areas come first.
        first = {area: i for i, s in reversed(list(enumerate(ordered))) for area in [s.area]}
        return sorted(phases.values(), key=lambda p: first[p.area])

    def specialisms(
        self,
        skills: Iterable[str],
        jobs: Sequence[tuple[Sequence[str], str]],
        *,
        wished: Iterable[str] = (),
        premium_of: Mapping[str, float | None] | None = None,
        top: int = 3,
    ) -> list[SpecialismAdvice]:
        """Demand on the marketplace (``jobs``: each open job's skill ids and text), salary
        premium (``premium_of``: specialism id -> relative pay) and fit to the skills, best
        first; the ``top`` best fits are listed first, then the rest by demand."""
        held = set(skills)
        wishes = " ".join(w.lower() for w in wished)
        advice = []
        for spec in SPECIALISMS:
            asking = sum(
                1
                for job_skills, text in jobs
                if set(job_skills) & set(spec.skills)
                or any(k in text.lower() for k in spec.keywords)
            )
            credits = [(s, *self.credit(s, held)) for s in spec.skills]
            fit = sum(c for _, c, _ in credits) / len(credits)
            why = []
            have = [self.name(s) for s, c, _ in credits if c >= 1.0]
            partly = [f"{self.name(s)} via {v}" for s, c, v in credits if 0 < c < 1 and v]
            if have:
                why.append("you have " + ", ".join(have))
            if partly:
                why.append("partly: " + ", ".join(partly))
            if any(k in wishes for k in (spec.name.lower(), *spec.keywords)):
                fit = min(1.0, fit + 0.25)
                why.append("on your wish list")
            demand = asking / len(jobs) if jobs else 0.0
            if asking:
                why.append(f"{asking} open job{'s ask' if asking != 1 else ' asks'} for it")
            premium = (premium_of or {}).get(spec.id)
            if premium is not None and premium > 0.02:
                why.append(f"pays about {premium:.0%} more than the base role")
            advice.append(SpecialismAdvice(spec, demand, asking, premium, round(fit, 3), why))
        best = sorted(advice, key=lambda a: (-a.fit, -a.demand))[:top]
        rest = sorted((a for a in advice if a not in best), key=lambda a: -a.demand)
        return best + rest
