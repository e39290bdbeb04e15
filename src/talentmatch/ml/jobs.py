"""A job post into required and nice-to-have skills, level, salary, place and remote policy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from talentmatch.ml.fields import (
    YEARS_OF_EXPERIENCE,
    SalaryRange,
    find_salary,
    read_place,
    warm_places,
)
from talentmatch.ml.occupations import OccupationMatch, TitleNormalizer
from talentmatch.ml.seniority import level_of_title
from talentmatch.ml.skills import Skill, SkillExtractor

PARSER_VERSION = "job-2"  # job-2: city, salaries in more notations

REQUIRED_HEADINGS = re.compile(
    r"^(?:requirements|required|must[- ]haves?|qualifications|what you(?:'ll)? (?:bring|need|have)|"
    r"you (?:have|bring|are)|about you|who you are|your profile|skills|minimum qualifications|"
    r"what we(?:'re| are) looking for)\b",
    re.IGNORECASE,
)
NICE_HEADINGS = re.compile(
    r"^(?:nice[- ]to[- ]haves?|bonus(?: points)?|preferred(?: qualifications)?|pluses|extra credit|"
    r"it would be great if|good to have|desirable)\b",
    re.IGNORECASE,
)
OTHER_HEADINGS = re.compile(
    r"^(?:about us|about the (?:role|team|company)|what you(?:'ll)? do|responsibilities|benefits|"
    r"perks|what we offer|why join|the role|your role|how to apply|our stack|tech stack)\b",
    re.IGNORECASE,
)
NICE_CUES = re.compile(
    r"\b(?:nice to have|a plus|is a plus|bonus|preferred|ideally|would be great|desirable|"
    r"familiarity with|exposure to|good to have)\b",
    re.IGNORECASE,
)
REMOTE = re.compile(
    r"\b(?:fully remote|100% remote|remote[- ]first|work from anywhere|remote)\b", re.I
)
HYBRID = re.compile(r"\bhybrid\b", re.I)
ONSITE = re.compile(r"\b(?:on[- ]?site|in[- ]office|in the office|office[- ]based)\b", re.I)
NOT_REMOTE = re.compile(r"\b(?:not|no|non)[- ]remote\b", re.I)


@dataclass
class ParsedJob:
    title: str
    required_skills: list[Skill] = field(default_factory=list)
    nice_to_have_skills: list[Skill] = field(default_factory=list)
    seniority: str | None = None
    years_required: int | None = None
    salary: SalaryRange | None = None
    location: str | None = None  # the place as the post wrote it ("Berlin, Germany")
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    remote_policy: str | None = None
    occupation: OccupationMatch | None = None
    parser_version: str = PARSER_VERSION

    def as_dict(self) -> dict[str, Any]:
        def skills(items: list[Skill]) -> list[dict[str, str]]:
            return [{"id": s.id, "name": s.name, "category": s.category} for s in items]

        return {
            "title": self.title,
            "required_skills": skills(self.required_skills),
            "nice_to_have_skills": skills(self.nice_to_have_skills),
            "seniority": self.seniority,
            "years_required": self.years_required,
            "salary_min": self.salary.minimum if self.salary else None,
            "salary_max": self.salary.maximum if self.salary else None,
            "currency": self.salary.currency if self.salary else None,
            "salary_period": self.salary.period if self.salary else None,
            "location": self.location,
            "city": self.city,
            "country": self.country,
            "remote_policy": self.remote_policy,
            "occupation": self.occupation.as_dict() if self.occupation else None,
            "parser_version": self.parser_version,
        }


class JobPostParser:
    """Parse a job title and description.

    Examples
    --------
    >>> parser = JobPostParser()
    >>> job = parser.parse("Senior Data Engineer", "Requirements:\\n- Python, Spark\\n"
    ...                    "Nice to have:\\n- dbt\\nRemote (EU). EUR 80k - 95k")
    >>> [s.name for s in job.required_skills], [s.name for s in job.nice_to_have_skills]
    (['Python', 'Apache Spark'], ['dbt'])
    >>> job.remote_policy, job.salary.currency, job.seniority
    ('remote', 'EUR', 'senior')
    >>> job = parser.parse("Data Engineer", "Based in Munich. Salary: 90.000 € - 110.000 €")
    >>> job.city, job.country, job.salary.minimum, job.salary.maximum, job.salary.currency
    ('Munich', 'DE', 90000, 110000, 'EUR')
    """

    def __init__(
        self, extractor: SkillExtractor | None = None, normalizer: TitleNormalizer | None = None
    ) -> None:
        self.extractor = extractor or SkillExtractor()
        self.normalizer = normalizer
        warm_places()

    def parse(self, title: str, description: str) -> ParsedJob:
        job = ParsedJob(title=title)
        required: dict[str, Skill] = {}
        nice: dict[str, Skill] = {}
        loose: dict[str, Skill] = {}
        has_required_section = False
        section = "other"
        for raw in _segments(description):
            line = raw.strip().lstrip("-•*· ").strip()
            if not line:
                continue
            heading = line.rstrip(":").strip()
            if len(heading) <= 60 and (
                NICE_HEADINGS.match(heading)
                or REQUIRED_HEADINGS.match(heading)
                or OTHER_HEADINGS.match(heading)
            ):
                if NICE_HEADINGS.match(heading):
                    section = "nice"
                elif REQUIRED_HEADINGS.match(heading):
                    section, has_required_section = "required", True
                else:
                    section = "other"
                rest = line.split(":", 1)[1] if ":" in line else ""
                if not rest.strip():
                    continue
                line = rest
            target = (
                nice
                if section == "nice" or NICE_CUES.search(line)
                else (required if section == "required" else loose)
            )
            for skill, _ in self.extractor.extract_skills(line):
                target.setdefault(skill.id, skill)
        for skill_id, skill in loose.items():
            if not has_required_section and skill_id not in nice:
                required.setdefault(skill_id, skill)
        for skill, _ in self.extractor.extract_skills(title):
            required.setdefault(skill.id, skill)
        job.required_skills = list(required.values())
        job.nice_to_have_skills = [s for k, s in nice.items() if k not in required]
        years = [int(m.group("years")) for m in YEARS_OF_EXPERIENCE.finditer(description)]
        job.years_required = min(years) if years else None
        job.seniority = (
            level_of_title(title, float(job.years_required) if job.years_required else None)
            if (title or job.years_required)
            else None
        )
        place = read_place(description, not_a_place=self._is_skill)
        if place:
            job.location, job.city, job.country = place.text, place.city or None, place.country
        # The place says what a bare "$" or "kr" stands for.
        job.salary = find_salary(description, country=job.country or "")
        job.remote_policy = remote_policy(f"{title}\n{description}")
        if self.normalizer is not None and title:
            matches = self.normalizer.normalize(title, top=1)
            job.occupation = matches[0] if matches else None
        return job

    def _is_skill(self, name: str) -> bool:
        # "Experience in Spring" names the framework, not the town in Texas.
        return self.extractor.taxonomy.lookup(name) is not None


_INLINE_HEADING = re.compile(
    r"(?<=[.;!?])\s+|\n|\s+(?=(?:nice[- ]to[- ]haves?|requirements|must[- ]haves?|bonus|preferred|"
    r"qualifications|responsibilities)\s*:)",
    re.IGNORECASE,
)


def _segments(description: str) -> list[str]:
    """Lines, further cut at sentence ends and at inline headings ("... Nice to have: dbt")."""
    return [part for part in _INLINE_HEADING.split(description) if part and part.strip()]


def remote_policy(text: str) -> str | None:
    if HYBRID.search(text):
        return "hybrid"
    if REMOTE.search(text) and not NOT_REMOTE.search(text):
        return "remote"
    if ONSITE.search(text) or NOT_REMOTE.search(text):
        return "onsite"
    return None
