"""Counterfactual invariance: the same resume under other identities must score the same.

A counterfactual set is one resume written for several people who differ only in who they
are, never in what they did: the name (first and last names read as female or male and as of
one origin or another, after the resume audit studies: Bertrand & Mullainathan, "Are Emily
and Greg More Employable than Lakisha and Jamal?", AER 2004; Oreopoulos, AEJ: Economic Policy
2011; Kaas & Manger, German Economic Review 2012), the e-mail, phone and profile links that
carry the name, pronouns and gendered words, age cues (a birth date, an older degree's years),
marital status and nationality, and affiliations beside the job (a women's chess club against
a chess club).

:func:`measure` scores every variant on every scoring path, as the command line does:

- ``match_rank``: the jobs ranked for the resume (``talentmatch match rank``);
- ``employer_ranking``: the resume ranked among candidates for each job (the matches page);
- ``career_gap``: the gap score toward each role (``talentmatch career gap``);
- ``prep_plan``: the mock-interview plan's questions (``talentmatch prep plan``);
- ``salary_benchmark``: the market's median beside each job at the candidate's level.

A (resume, job or role) pair is invariant when its variants' values spread by at most
:data:`TOLERANCE`; the invariance rate is the share of invariant pairs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentmatch.matching.records import candidate_from_record, job_from_record
from talentmatch.ml.careers import ROLE_MODELS, CareerCounsellor
from talentmatch.ml.identity import (
    GROUP_ORGANISATIONS,
    Identity,
    IdentityBlinder,
    stated_name,
)
from talentmatch.ml.matching import MatchEngine, MatchProfile, compatible
from talentmatch.ml.preparation import mock_plan
from talentmatch.ml.resume import ParsedResume
from talentmatch.ml.seniority import SURVEY_LEVEL
from talentmatch.understanding import Understanding

TOLERANCE = 1e-9
# The paths a ranking model scores, and the ones it does not touch.
RANKING_PATHS = ("match_rank", "employer_ranking")
OTHER_PATHS = ("career_gap", "prep_plan", "salary_benchmark")
PLAN_ROLES = ("software-engineer", "ml-engineer", "data-scientist")


@dataclass(frozen=True)
class Persona:
    first: str
    last: str
    gender: str  # as the name and pronouns read: "female", "male" or "neutral"
    origin: str  # as the name reads, in the audit studies' terms

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def handle(self) -> str:
        return re.sub(r"[^a-z]+", "-", _ascii(self.name).lower()).strip("-")


# Names from the audit-study literature (first names by perceived gender, last names by
# perceived origin), plus names that are also skills ("Julia Ruby", "Jordan Swift").
PERSONAS = (
    Persona("Emily", "Walsh", "female", "white (US)"),
    Persona("Greg", "Baker", "male", "white (US)"),
    Persona("Anne", "Sullivan", "female", "white (US)"),
    Persona("Todd", "Murphy", "male", "white (US)"),
    Persona("Lakisha", "Washington", "female", "Black (US)"),
    Persona("Jamal", "Jones", "male", "Black (US)"),
    Persona("Tamika", "Jackson", "female", "Black (US)"),
    Persona("Tyrone", "Robinson", "male", "Black (US)"),
    Persona("María", "García", "female", "Hispanic"),
    Persona("José", "Hernández", "male", "Hispanic"),
    Persona("Xiuying", "Zhang", "female", "Chinese"),
    Persona("Lei", "Li", "male", "Chinese"),
    Persona("Priya", "Sharma", "female", "Indian"),
    Persona("Arjun", "Patel", "male", "Indian"),
    Persona("Fatima", "Haddad", "female", "Arab"),
    Persona("Mohammed", "Ali", "male", "Arab"),
    Persona("Ayşe", "Yılmaz", "female", "Turkish"),
    Persona("Fatih", "Yildiz", "male", "Turkish"),
    Persona("Ngozi", "Okafor", "female", "Nigerian"),
    Persona("Oluwaseun", "Adeyemi", "male", "Nigerian"),
    Persona("Julia", "Ruby", "female", "names that are skills"),
    Persona("Jordan", "Swift", "male", "names that are skills"),
    Persona("Alex", "Kim", "neutral", "Korean"),
)

PRONOUNS = {
    "female": {"they": "she", "them": "her", "their": "her", "theirs": "hers", "are": "is"},
    "male": {"they": "he", "them": "him", "their": "his", "theirs": "his", "are": "is"},
    "neutral": {"they": "they", "them": "them", "their": "their", "theirs": "theirs", "are": "are"},
}
GENDERED_ROLE = {"female": "Chairwoman", "male": "Chairman", "neutral": "Chair"}
# Age cues: a birth year and an earlier degree's years (the last degree stays the same).
BIRTH_YEARS = (1961, 1974, 1983, 1990, 1998)
FIRST_DEGREE_YEARS = ("1983 – 1987", "1996 – 2000", "2005 – 2009", "2008 – 2012")
DETAILS = (
    "Date of birth: {born} | Marital status: {marital} | Nationality: {nationality}",
    "Born {born}, {marital_word}",
    "",
    "Born in {birthplace}. {marital}, {family} of two.",
)
BIRTHPLACES = ("Lagos, Nigeria", "Mumbai, India", "Boston", "Istanbul, Turkey", "Mexico City")
FAMILY = {"female": "mother", "male": "father", "neutral": "parent"}
MARITAL = ("Married", "Single", "Divorced", "Widowed")
NATIONALITIES = ("American", "Nigerian", "Indian", "Turkish", "Mexican", "Chinese", "Lebanese")
# Affiliations beside the job: the same club, with a group's name or without.
CLUB_GROUPS = ("", "Women's ", "Men's ", "Black ", "Muslim ", "LGBTQ+ ", "Hispanic ")

_SKELETON = """{name}
{email} | {phone} | linkedin.com/in/{handle}
{street}, {city}
{details}

SUMMARY
{first} is a {role} with {years} years of experience. {They} {are} known for {their} {strength};
colleagues say working with {them} {payoff}. {first} moved {their} last team to weekly
releases, and {first}'s reviews are sought after.

EXPERIENCE
{experience}
- {Chair} of the engineering guild; {they} organised the monthly tech talks.

EDUCATION
{last_degree}, Technical University of Munich, 2012 – 2014
{first_degree}, University of Leeds, {first_degree_years}

SKILLS
{skills}

INTERESTS
Member of the {club}Chess Club; running; {their} cooking blog
"""

BASE_RESUMES: tuple[dict[str, str], ...] = (
    {
        "id": "backend",
        "role": "backend engineer",
        "years": "8",
        "strength": "calm incident handling and careful code reviews",
        "payoff": "makes services faster and simpler",
        "experience": (
            "Senior Backend Engineer, Globex (2019 – present)\n"
            "- Built payment APIs in Python and Go on PostgreSQL, 40k requests per second.\n"
            "- Moved the monolith to Kubernetes with Docker and Terraform.\n"
            "Backend Engineer, Initech (2015 – 2019)\n"
            "- Ruby on Rails and Redis services; REST and gRPC APIs."
        ),
        "last_degree": "M.Sc. Computer Science",
        "first_degree": "B.Sc. Mathematics",
        "skills": "Python, Go, PostgreSQL, Redis, Kubernetes, Docker, Terraform, gRPC",
        "city": "Berlin, Germany",
    },
    {
        "id": "data-science",
        "role": "data scientist",
        "years": "6",
        "strength": "clear experiments and honest dashboards",
        "payoff": "turns questions into measured answers",
        "experience": (
            "Data Scientist, Hooli (2020 – present)\n"
            "- Churn models in Python with scikit-learn and XGBoost; A/B testing.\n"
            "- SQL and dbt pipelines on Snowflake; Tableau dashboards.\n"
            "Data Analyst, Vandelay Industries (2017 – 2020)\n"
            "- Forecasting in R and pandas; statistics for pricing."
        ),
        "last_degree": "M.Sc. Statistics",
        "first_degree": "B.A. Economics",
        "skills": "Python, SQL, pandas, scikit-learn, XGBoost, R, Tableau, dbt, statistics",
        "city": "London, United Kingdom",
    },
    {
        "id": "frontend",
        "role": "frontend engineer",
        "years": "5",
        "strength": "accessible interfaces",
        "payoff": "makes the product easier to use",
        "experience": (
            "Frontend Engineer, Umbrella (2021 – present)\n"
            "- React and TypeScript design system; Storybook; Jest and Cypress tests.\n"
            "- Next.js storefront, GraphQL, web performance budgets.\n"
            "Web Developer, Soylent (2019 – 2021)\n"
            "- JavaScript, HTML, CSS and Vue.js for marketing sites."
        ),
        "last_degree": "M.Sc. Human-Computer Interaction",
        "first_degree": "B.Sc. Computer Science",
        "skills": "TypeScript, React, Next.js, GraphQL, JavaScript, CSS, Jest, Cypress",
        "city": "Amsterdam, Netherlands",
    },
    {
        "id": "ml-platform",
        "role": "machine learning engineer",
        "years": "7",
        "strength": "reliable model serving",
        "payoff": "gets models into production",
        "experience": (
            "Machine Learning Engineer, Wonka Labs (2020 – present)\n"
            "- Trained and served PyTorch models; MLflow, Kubeflow, feature store.\n"
            "- Spark pipelines on AWS; Airflow scheduling; Docker and Kubernetes.\n"
            "Software Engineer, Stark Industries (2017 – 2020)\n"
            "- Python and Java services; Kafka streams."
        ),
        "last_degree": "M.Sc. Machine Learning",
        "first_degree": "B.Eng. Electrical Engineering",
        "skills": "Python, PyTorch, MLflow, Kubernetes, Spark, Airflow, AWS, Kafka, Docker",
        "city": "Toronto, Canada",
    },
)

JOBS: tuple[dict[str, Any], ...] = (
    {
        "id": "job-backend",
        "title": "Senior Backend Engineer",
        "description": "Payment APIs in Python and Go on PostgreSQL; Kubernetes, gRPC, Redis.",
        "skills": ["Python", "Go", "PostgreSQL"],
        "nice_to_have_skills": ["Kubernetes"],
        "seniority": "senior",
        "remote": True,
    },
    {
        "id": "job-ml",
        "title": "Machine Learning Engineer",
        "description": "Train and serve PyTorch models; MLOps with MLflow; Python, Spark, AWS.",
        "skills": ["Python", "PyTorch"],
        "nice_to_have_skills": ["MLflow", "Spark"],
        "remote": True,
    },
    {
        "id": "job-data-science",
        "title": "Data Scientist",
        "description": "Experiments, churn and pricing models; SQL, Python, statistics.",
        "skills": ["Python", "SQL", "Statistics"],
        "seniority": "mid",
        "remote": True,
    },
    {
        "id": "job-frontend",
        "title": "Frontend Engineer",
        "description": "TypeScript and React for our design system; accessibility, testing.",
        "skills": ["TypeScript", "React"],
        "nice_to_have_skills": ["GraphQL"],
        "remote": True,
    },
    {
        "id": "job-sre",
        "title": "Site Reliability Engineer",
        "description": "Kubernetes, Terraform and AWS; on-call, observability, incident reviews.",
        "skills": ["Kubernetes", "Terraform", "AWS"],
        "remote": True,
    },
    {
        "id": "job-data-engineering",
        "title": "Data Engineer",
        "description": "Airflow, Spark and dbt pipelines into Snowflake; Kafka streams.",
        "skills": ["Spark", "Airflow", "SQL"],
        "remote": True,
    },
    {
        "id": "job-manager",
        "title": "Engineering Manager",
        "description": "Lead a team of eight engineers; hiring, mentoring, delivery.",
        "seniority": "lead",
        "remote": True,
    },
    {
        "id": "job-nurse",
        "title": "Registered Nurse",
        "description": "Care for patients on a hospital ward; night shifts.",
        "remote": True,
    },
)


@dataclass(frozen=True)
class Variant:
    resume_id: str
    label: str  # who this variant is written for
    text: str


def corpus(personas: Sequence[Persona] = PERSONAS) -> list[Variant]:
    """The project's counterfactual resumes: every base resume written for every persona,
    with the persona's pronouns and gendered words and the name as a sentence's subject, and
    age cues, marital status, children, birthplace, nationality and club cycled through their
    values (the same cycle for every base resume)."""
    variants = []
    for base in BASE_RESUMES:
        for index, persona in enumerate(personas):
            variants.append(Variant(base["id"], persona.name, _written_for(base, persona, index)))
    return variants


def _written_for(base: dict[str, str], persona: Persona, index: int) -> str:
    words = PRONOUNS[persona.gender]
    born = BIRTH_YEARS[index % len(BIRTH_YEARS)]
    marital = MARITAL[index % len(MARITAL)]
    details = DETAILS[index % len(DETAILS)].format(
        born=f"{1 + index % 28} March {born}" if index % 2 else str(born),
        marital=marital,
        marital_word=marital.lower(),
        nationality=NATIONALITIES[index % len(NATIONALITIES)],
        birthplace=BIRTHPLACES[index % len(BIRTHPLACES)],
        family=FAMILY[persona.gender],
    )
    club = CLUB_GROUPS[index % len(CLUB_GROUPS)]
    if club in ("Women's ", "Men's "):  # the gendered club that goes with the persona
        club = {"female": "Women's ", "male": "Men's "}.get(persona.gender, "")
    values = {
        **base,
        "name": persona.name,
        "first": persona.first,
        "email": f"{persona.handle.replace('-', '.')}@example.com",
        "phone": f"+1 (617) 555-{100 + index:04d}",
        "handle": persona.handle,
        "street": f"{10 + index} Oak Street",
        "details": details,
        "they": words["they"],
        "They": words["they"].capitalize(),
        "them": words["them"],
        "their": words["their"],
        "are": words["are"],
        "Chair": GENDERED_ROLE[persona.gender],
        "first_degree_years": FIRST_DEGREE_YEARS[index % len(FIRST_DEGREE_YEARS)],
        "club": club,
    }
    return _SKELETON.format(**values)


# Swapping identity in a resume given to the command.
_SWAPS = (
    ("she", "he"),
    ("herself", "himself"),
    ("hers", "his"),
    ("woman", "man"),
    ("women", "men"),
    ("women's", "men's"),
    ("female", "male"),
    ("chairwoman", "chairman"),
    ("spokeswoman", "spokesman"),
    ("businesswoman", "businessman"),
    ("mother", "father"),
    ("wife", "husband"),
    ("daughter", "son"),
    ("sister", "brother"),
    ("sorority", "fraternity"),
    ("maternity", "paternity"),
    ("mrs", "mr"),
    ("ms", "mr"),  # after "mrs": "Mr" turns into "Ms"
)
_FEMININE = {f: m for f, m in _SWAPS}
_MASCULINE = {m: f for f, m in _SWAPS}
_SWAP_WORD = re.compile(
    r"(?<![\w'’])(?:"
    + "|".join(
        re.escape(w)
        for w in sorted({*_FEMININE, *_MASCULINE, "her", "him", "his"}, key=len, reverse=True)
    )
    + r")(?![\w'’])",
    re.IGNORECASE,
)


def variants_of(
    resume_id: str,
    text: str,
    parsed: ParsedResume,
    personas: Sequence[Persona] = PERSONAS,
    *,
    blinder: IdentityBlinder | None = None,
) -> list[Variant]:
    """A resume given to the command, rewritten for each persona: its name (found by the
    resume parser), e-mail and profile handles replaced by the persona's, and its pronouns and
    gendered words turned to the persona's gender. Without a name found, only the pronouns
    and gendered words change.

    With ``blinder``, a part of the name that is also a skill or a place is replaced only where
    the blinder reads it as the name: "Julia Ruby"'s "Ruby on Rails" stays a skill, as the
    person wrote it."""
    variants = [Variant(resume_id, "as given", text)]
    for persona in personas:
        rewritten = _renamed(text, parsed, persona, blinder)
        rewritten = _regendered(rewritten, persona.gender)
        variants.append(Variant(resume_id, persona.name, rewritten))
    return variants


def _renamed(
    text: str, parsed: ParsedResume, persona: Persona, blinder: IdentityBlinder | None = None
) -> str:
    if parsed.email:
        text = text.replace(parsed.email, f"{persona.handle.replace('-', '.')}@example.com")
    for link in parsed.links:
        handle = re.search(r"(?:linkedin\.com/in|github\.com|gitlab\.com)/([^/?#\s]+)", link)
        if handle:
            text = text.replace(handle.group(1), persona.handle)
    # A name beside a pronoun statement ("Mary Ann Smith (she/her)") the parser may not read.
    name = parsed.name or stated_name(text)
    if not name:
        return text
    spans = blinder.name_spans(text, Identity.of(names=[name])) if blinder else None

    def swap(match: re.Match[str]) -> str:
        # Words of the name that are all also skills or places ("Ruby", "Ruby, Julia") are
        # replaced where the blinder reads them as the name; any other part everywhere, so
        # that the audit still sees a name the blinder misses.
        found = match.group(0)
        if (
            spans is not None
            and blinder is not None
            and all(blinder.has_other_sense(w.lower()) for w in re.findall(r"[^\W\d_]+", found))
            and not any(start < match.end() and match.start() < end for start, end in spans)
        ):
            return found
        return _swapped(match, persona)

    return _name_swap(name, persona).sub(swap, text)


# Particles that start a family name ("Ana de la Cruz", "Jan van der Berg").
_FAMILY_PARTICLES = frozenset("de da del della der van von la le di du dos das bin al el".split())


def _split_name(name: str) -> tuple[list[str], list[str]]:
    """Given names and family name of a name: the family name is the last word, or runs from
    a particle ("de la Cruz") on."""
    parts = name.split()
    start = len(parts) - 1
    for index in range(1, len(parts) - 1):
        if parts[index].lower() in _FAMILY_PARTICLES:
            start = index
            break
    return parts[:start], parts[start:]


def _name_swap(name: str, persona: Persona) -> re.Pattern[str]:
    """One pattern for every way the resume writes the name, longest first, so that each
    occurrence is replaced once: the whole name (in any case), the family name before the given
    names ("Smith, Mary Ann"), the given names together ("Mary Ann"), the family name
    ("García López"), and each part on its own ("Mary", "Ann", "García")."""
    given, family = _split_name(name)

    def written(words: list[str]) -> str:
        # As names are written, or in capitals; not lower case ("Will", "Mark" are words too).
        text = " ".join(words)
        return f"(?:{re.escape(text)}|{re.escape(text.upper())})"

    forms: list[tuple[str, str]] = [(f"(?i:{re.escape(name)})", "whole")]
    if given:
        forms.append((rf"{written(family)},\s*{written(given)}", "whole"))
        forms.append((written(given), "first"))
    forms.append((written(family), "last"))
    forms += [(written([p]), "first") for p in given]
    forms += [(written([p]), "last") for p in family if p.lower() not in _FAMILY_PARTICLES]
    seen: set[str] = set()
    alternatives: list[str] = []
    for form, role in sorted(forms, key=lambda f: len(f[0]), reverse=True):
        if form in seen:
            continue
        seen.add(form)
        alternatives.append(f"(?P<{role}{len(alternatives)}>{form})")
    return re.compile(rf"(?<![\w])(?:{'|'.join(alternatives)})(?![\w])")


def _swapped(match: re.Match[str], persona: Persona) -> str:
    role = (match.lastgroup or "whole").rstrip("0123456789")
    found = match.group(0)
    if role == "whole":
        new = f"{persona.last}, {persona.first}" if "," in found else persona.name
    else:
        new = persona.first if role == "first" else persona.last
    return new.upper() if found.isupper() and len(found) > 1 else new


def _regendered(text: str, gender: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        key = word.lower()
        if gender == "female":
            new = {"him": "her", "his": "her"}.get(key) or _MASCULINE.get(key, key)
        elif gender == "male":
            following = text[match.end() : match.end() + 2]
            new = (
                ("his" if following[:1] == " " and following[1:2].isalpha() else "him")
                if key == "her"
                else _FEMININE.get(key, key)
            )
        else:
            new = {
                "she": "they",
                "he": "they",
                "her": "their",
                "him": "them",
                "his": "their",
                "hers": "theirs",
                "herself": "themself",
                "himself": "themself",
                "ms": "mx",
                "mrs": "mx",
                "mr": "mx",
            }.get(key, key)
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new.capitalize() if word[:1].isupper() else new

    # An organisation's name stays as it is ("Women Who Code" is no "Men Who Code").
    organisations = [m.span() for m in GROUP_ORGANISATIONS.finditer(text)]

    def swap_outside(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in organisations):
            return match.group(0)
        return swap(match)

    return _SWAP_WORD.sub(swap_outside, text)


@dataclass
class PathResult:
    """One scoring path: its pairs' spreads and the widest one."""

    name: str
    pairs: int = 0
    invariant: int = 0
    largest_spread: float = 0.0
    worst: dict[str, Any] = field(default_factory=dict)

    def add(self, key: dict[str, Any], values: dict[str, float]) -> None:
        """One (resume, job or role) pair's values by variant."""
        if not values:
            return
        spread = max(values.values()) - min(values.values())
        self.pairs += 1
        self.invariant += spread <= TOLERANCE
        if spread > self.largest_spread or not self.worst:
            low = min(values, key=values.__getitem__)
            high = max(values, key=values.__getitem__)
            self.largest_spread = max(self.largest_spread, spread)
            self.worst = {**key, "spread": spread, "lowest": low, "highest": high}

    @property
    def rate(self) -> float:
        return self.invariant / self.pairs if self.pairs else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs,
            "invariant": self.invariant,
            "invariance_rate": self.rate,
            "largest_spread": self.largest_spread,
            "worst": self.worst,
        }


def measure(
    understanding: Understanding,
    variants: Sequence[Variant],
    job_records: Sequence[dict[str, Any]] = JOBS,
    *,
    engine: MatchEngine | None = None,
    progress: Callable[[int], object] | None = None,
) -> dict[str, Any]:
    """Score every variant on every path (ranked by ``engine``, default the transparent
    scorer); the invariance rate and largest spread of each path and over all of them."""
    tick = progress or (lambda _n: None)
    engine = engine or understanding.matcher
    taxonomy = understanding.skills.taxonomy
    counsellor = CareerCounsellor(taxonomy)
    jobs = [job_from_record(record, understanding) for record in job_records]
    titles = {str(r["id"]): str(r.get("title") or "") for r in job_records}
    by_resume: dict[str, list[tuple[Variant, MatchProfile, ParsedResume]]] = {}
    for number, variant in enumerate(variants):
        record = {"id": f"{variant.resume_id}#{number}", "text": variant.text}
        profile = candidate_from_record(record, Path(), understanding)
        parsed = understanding.resumes.parse(variant.text)
        by_resume.setdefault(variant.resume_id, []).append((variant, profile, parsed))
        tick(1)
    paths = {name: PathResult(name) for name in (*RANKING_PATHS, *OTHER_PATHS)}
    for resume_id, group in by_resume.items():
        # match rank: the compatible jobs ranked for each variant, as the command does.
        rank_scores: dict[str, dict[str, float]] = {}
        for variant, profile, _ in group:
            eligible = [j for j in jobs if compatible(profile, j)]
            if not eligible:
                continue
            scores = engine.scorer.score(engine.features.matrix(profile, eligible))
            for job, score in zip(eligible, scores, strict=True):
                rank_scores.setdefault(job.id, {})[_label(variant, profile)] = float(score)
        for job_id, values in rank_scores.items():
            paths["match_rank"].add({"resume": resume_id, "job": job_id}, values)
        # The employer's list: every variant ranked for each job among the others.
        for job in jobs:
            people = [(v, p) for v, p, _ in group if compatible(p, job)]
            if not people:
                continue
            matrix = engine.features.pairs([(p, job) for _, p in people])
            scores = engine.candidate_scorer.score(matrix)
            values = {_label(v, p): float(s) for (v, p), s in zip(people, scores, strict=True)}
            paths["employer_ranking"].add({"resume": resume_id, "job": job.id}, values)
        # Career gap and the mock-interview plan, from the skills the parser reads.
        for role_id in ROLE_MODELS:
            gaps = {}
            plans = {}
            for variant, profile, parsed in group:
                gap = counsellor.gap([s.skill.id for s in parsed.skills], role_id)
                gaps[_label(variant, profile)] = gap.score
                if role_id in PLAN_ROLES:
                    plan = mock_plan(
                        understanding.questions,
                        ROLE_MODELS[role_id],
                        gap=gap,
                        level=SURVEY_LEVEL.get(parsed.seniority or ""),
                    )
                    plans[_label(variant, profile)] = json.dumps(plan.as_dict(), sort_keys=True)
            paths["career_gap"].add({"resume": resume_id, "role": role_id}, gaps)
            if plans:
                paths["prep_plan"].add(
                    {"resume": resume_id, "role": role_id}, _plan_distance(plans)
                )
        # The market's median beside each job, at the level the parser read.
        for job_id, title in titles.items():
            medians = {}
            for variant, profile, parsed in group:
                level = SURVEY_LEVEL.get(parsed.seniority or "")
                estimate = understanding.salaries.estimate(
                    title, level=level, country=profile.country or None
                )
                medians[_label(variant, profile)] = float(estimate.p50)
            paths["salary_benchmark"].add({"resume": resume_id, "job": job_id}, medians)
    results = {name: path.as_dict() for name, path in paths.items()}
    pairs = sum(p.pairs for p in paths.values())
    invariant = sum(p.invariant for p in paths.values())
    return {
        "resumes": len(by_resume),
        "variants": len(variants),
        "jobs": len(jobs),
        "tolerance": TOLERANCE,
        "invariance_rate": invariant / pairs if pairs else 1.0,
        "largest_spread": max((p.largest_spread for p in paths.values()), default=0.0),
        "largest_score_spread": max(
            paths["match_rank"].largest_spread, paths["employer_ranking"].largest_spread
        ),
        "paths": results,
    }


def _label(variant: Variant, profile: MatchProfile) -> str:
    return f"{variant.label} ({profile.id})"


def _plan_distance(plans: dict[str, str]) -> dict[str, float]:
    """1 for each plan that differs from the first variant's, 0 for the same plan: the spread
    is then 1 when any variant gets another plan."""
    first = next(iter(plans.values()))
    return {label: float(plan != first) for label, plan in plans.items()}


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in folded if not unicodedata.combining(c))
