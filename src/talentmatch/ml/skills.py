"""Skill taxonomy and skill extraction with character offsets.

The taxonomy (``reference/skills.json.gz``) gives each skill an id, a preferred name, aliases,
a category and demand signals. Extraction finds every alias in a text with an Aho-Corasick
automaton, keeps whole-word, longest, non-overlapping matches, and accepts the ambiguous forms
("Go", "R", "C", "Spark", "Excel") only in a technical context: written as a name is written,
next to other skills or to words such as "programming" or "experience with".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick

from talentmatch.ml.reference import load_table

# The taxonomy's categories, and the words near which an ambiguous form reads as the skill
# (``reference/skill_words.json``).
_WORDS = load_table("skill_words.json")
CATEGORIES: tuple[str, ...] = tuple(_WORDS["categories"])
CONTEXT_WORDS = frozenset(_WORDS["context_words"])
CONTEXT_WINDOW = 80  # characters either side where another skill makes a form unambiguous
_WORD = re.compile(r"[a-z]+")


def normalize_alias(text: str) -> str:
    """Lower case with single spaces; symbols that are part of names (C++, C#, .NET, CI/CD) kept."""
    text = text.lower().replace("\u2019", "'").strip()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" ,;:()[]")


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    ambiguous_aliases: frozenset[str]
    broad: bool
    demand: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SkillMention:
    """A skill found in a text: ``text[start:end]`` is the evidence."""

    skill: Skill
    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.skill.id,
            "name": self.skill.name,
            "category": self.skill.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


LOOKUP_CACHE_SIZE = 100_000


@dataclass
class SkillTaxonomy:
    """The skills a text can mention, by id and by normalised alias."""

    skills: dict[str, Skill]
    by_alias: dict[str, Skill] = field(init=False)
    # Names already looked up (profiles repeat the same few thousand skill names, and matching
    # looks up every shortlisted profile's skills per request).
    _seen: dict[str, Skill | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_alias = {}
        self._seen = {}
        # Seed entries first: a project-written alias wins over one derived from O*NET.
        for skill in sorted(self.skills.values(), key=lambda s: "onet" in s.sources[:1]):
            for alias in (skill.name, *skill.aliases):
                self.by_alias.setdefault(normalize_alias(alias), skill)

    @classmethod
    def load(cls) -> SkillTaxonomy:
        """The taxonomy shipped with the package."""
        table = load_table("skills.json.gz")
        skills = {}
        for row in table["skills"]:
            skills[row["id"]] = Skill(
                id=row["id"],
                name=row["name"],
                category=row["category"],
                aliases=tuple(row["aliases"]),
                ambiguous_aliases=frozenset(normalize_alias(a) for a in row["ambiguous_aliases"]),
                broad=row["broad"],
                demand=row["demand"]["score"],
                sources=tuple(row["sources"]),
            )
        return cls(skills)

    def get(self, skill_id: str) -> Skill | None:
        return self.skills.get(skill_id)

    def lookup(self, name: str) -> Skill | None:
        """The skill a name or alias stands for ("k8s" -> Kubernetes), if any."""
        try:
            return self._seen[name]
        except KeyError:
            pass
        skill = self.by_alias.get(normalize_alias(name))
        if len(self._seen) < LOOKUP_CACHE_SIZE:
            self._seen[name] = skill
        return skill

    def normalize(self, names: Iterable[str]) -> list[Skill]:
        """Known skills for free-text names, in order, without repeats."""
        found: dict[str, Skill] = {}
        for name in names:
            skill = self.lookup(name)
            if skill is not None:
                found.setdefault(skill.id, skill)
        return list(found.values())


class SkillExtractor:
    """Find taxonomy skills in text, with character offsets.

    Parameters
    ----------
    taxonomy:
        The skills to look for; the packaged taxonomy when omitted.

    Examples
    --------
    >>> extractor = SkillExtractor()
    >>> [m.skill.name for m in extractor.extract("Built services in Go and Python on k8s")]
    ['Go', 'Python', 'Kubernetes']
    >>> [m.skill.name for m in extractor.extract("JavaScript, not Java; go to the office")]
    ['JavaScript', 'Java']
    """

    def __init__(self, taxonomy: SkillTaxonomy | None = None) -> None:
        self.taxonomy = taxonomy or SkillTaxonomy.load()
        self._automaton = ahocorasick.Automaton()
        for alias, skill in self.taxonomy.by_alias.items():
            if alias:
                self._automaton.add_word(alias, (alias, skill))
        self._automaton.make_automaton()

    def extract(self, text: str) -> list[SkillMention]:
        lowered = text.lower()
        candidates: list[tuple[int, int, str, Skill]] = []
        for end_index, (alias, skill) in self._automaton.iter(lowered):
            start, end = end_index - len(alias) + 1, end_index + 1
            if _whole_word(lowered, start, end):
                candidates.append((start, end, alias, skill))
        # Longest match first, then leftmost: "Apache Spark" over "Spark", "C++" over "C".
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken: list[tuple[int, int, str, Skill]] = []
        occupied = bytearray(len(text) + 1)
        for start, end, alias, skill in candidates:
            if any(occupied[start:end]):
                continue
            taken.append((start, end, alias, skill))
            occupied[start:end] = b"\x01" * (end - start)
        taken.sort(key=lambda c: c[0])
        firm = [(s, e) for s, e, alias, skill in taken if alias not in skill.ambiguous_aliases]
        mentions = []
        for start, end, alias, skill in taken:
            if alias in skill.ambiguous_aliases and not _in_context(text, start, end, skill, firm):
                continue
            mentions.append(SkillMention(skill, start, end, text[start:end]))
        return mentions

    def extract_skills(self, text: str) -> list[tuple[Skill, list[SkillMention]]]:
        """Each skill once, in order of first mention, with all its mentions."""
        grouped: dict[str, tuple[Skill, list[SkillMention]]] = {}
        for mention in self.extract(text):
            grouped.setdefault(mention.skill.id, (mention.skill, []))[1].append(mention)
        return list(grouped.values())


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    # "C" in "C++"/"C#", ".NET" in "ASP.NET": a symbol that continues a name is no boundary.
    if after in "+#" or (before == "." and start > 1 and text[start - 2].isalnum()):
        return False
    return not (after == "." and end + 1 < len(text) and text[end + 1].isalnum())


def _in_context(
    text: str, start: int, end: int, skill: Skill, firm: Sequence[tuple[int, int]]
) -> bool:
    """Is an ambiguous form ("Go", "R", "Spark") used as the name of a skill here?"""
    surface = text[start:end]
    if surface.islower() and len(surface) <= 6:
        return False  # "go to", "spark joy", "excel at": names are capitalised
    following = text[end : end + 8]
    if len(surface) == 1 and (
        following.startswith((".", "&", "-level", "-suite", "'"))
        or text[max(0, start - 1) : start] == "'"
    ):
        return False  # an initial ("C. Smith"), "R&D", "C-level"
    near = any(abs(s - start) <= CONTEXT_WINDOW or abs(e - end) <= CONTEXT_WINDOW for s, e in firm)
    if near:
        return True
    window = text[max(0, start - 40) : end + 40].lower()
    return any(word in CONTEXT_WORDS for word in _WORD.findall(window))


# Credit a neighbour earns toward a skill: knowing MySQL is partial evidence for PostgreSQL.
NEAR_CREDIT = 0.3


@dataclass(frozen=True)
class SkillRelations:
    """What each skill of the taxonomy belongs to and leads to: its career area, the skills it
    implies (credit in (0, 1]: FastAPI -> Python 0.6) and its neighbours (same area, same
    kind: PostgreSQL -> MySQL). Built from O*NET Technology Skills, ESCO skills, Stack Overflow
    tags and the project's curation (``reference/skill_relations.json.gz``; see NOTICE).

    Examples
    --------
    >>> relations = SkillRelations.load()
    >>> relations.area("go"), relations.implies("fastapi")["python"]
    ('software engineering', 0.6)
    """

    areas: tuple[str, ...]
    rows: dict[str, dict[str, Any]]

    @classmethod
    def load(cls) -> SkillRelations:
        """The table shipped with the package, read once per process."""
        return _load_relations()

    def area(self, skill_id: str) -> str | None:
        """The career area ("software engineering", "devops", ...); None for a skill left
        without one (see :meth:`why_no_area`) or unknown."""
        area = self.rows.get(skill_id, {}).get("area")
        return str(area) if area else None

    def why_no_area(self, skill_id: str) -> str | None:
        """Why a known skill deliberately has no area ("soft skill: ...")."""
        reason = self.rows.get(skill_id, {}).get("no_area")
        return str(reason) if reason else None

    def implies(self, skill_id: str) -> dict[str, float]:
        """Skills that holding this one partly proves, with the credit, strongest first."""
        return dict(self.rows.get(skill_id, {}).get("implies", {}))

    def near(self, skill_id: str) -> tuple[str, ...]:
        """Skills of the same area and kind, closest first."""
        return tuple(self.rows.get(skill_id, {}).get("near", ()))

    def credit(self, skill_id: str, held: Iterable[str]) -> tuple[float, tuple[str, ...]]:
        """How far ``held`` skills cover ``skill_id`` (1 when held), and the held skills that
        give the credit, strongest first. Evidence from several skills adds up as independent
        evidence does (1 - prod(1 - c)): Go, Java and Python together say more about
        algorithms than any one of them."""
        owned = set(held)
        if skill_id in owned:
            return 1.0, ()
        credits: list[tuple[float, str]] = []
        for other in sorted(owned):
            row = self.rows.get(other, {})  # read in place: this runs per pair when matching
            value = float(row.get("implies", {}).get(skill_id, 0.0))
            if skill_id in row.get("near", ()):
                value = max(value, NEAR_CREDIT)
            if value > 0:
                credits.append((value, other))
        if not credits:
            return 0.0, ()
        missing = 1.0
        for value, _ in credits:
            missing *= 1.0 - min(value, 1.0)
        credits.sort(key=lambda c: -c[0])
        return round(1.0 - missing, 4), tuple(other for _, other in credits)


@cache
def _load_relations() -> SkillRelations:
    table = load_table("skill_relations.json.gz")
    return SkillRelations(tuple(table["areas"]), dict(table["skills"]))
