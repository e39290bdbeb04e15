"""A resume's text into a structured profile: contact, experience, education, skills, level.

Sections are found by their headings; experience entries by their date ranges, with the title
and company read from the same or the previous line; years of experience are the union of the
entries' intervals; the seniority level comes from the latest title and the years.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import phonenumbers

from talentmatch.ml.fields import (
    DATE_RANGE,
    YEARS_OF_EXPERIENCE,
    country_code,
    find_city,
    find_place,
    merged_months,
    parse_date,
)
from talentmatch.ml.identity import Identity, IdentityBlinder, without_personal_details
from talentmatch.ml.occupations import OccupationMatch, TitleNormalizer
from talentmatch.ml.reference import load_table
from talentmatch.ml.sections import line_heading, split_sections
from talentmatch.ml.seniority import EXECUTIVE_WORDS as EXECUTIVE_WORDS
from talentmatch.ml.seniority import LEVELS
from talentmatch.ml.seniority import level_of_title as seniority_level
from talentmatch.ml.skills import Skill, SkillExtractor

# resume-3: a birthplace is no location; a city after a street; a name before "(".
PARSER_VERSION = "resume-3"
# The levels and the title cues are the seniority vocabulary's (``talentmatch.ml.seniority``).
SENIORITY_LEVELS = LEVELS

# Words that make a line a job title, and words of a resume's first lines that are no part of
# a name (``reference/resume_words.json``).
_WORDS = load_table("resume_words.json")
TITLE_WORDS = frozenset(_WORDS["title_words"])
DEGREE = re.compile(
    r"\b(?:Ph\.?\s?D\.?|Doctorate|Doctor of [A-Z][a-z]+|M\.?B\.?A\.?|M\.?\s?Sc\.?|B\.?\s?Sc\.?|"
    r"M\.?\s?Eng\.?|"
    r"B\.?\s?Eng\.?|B\.?\s?Tech\.?|M\.?\s?Tech\.?|B\.?A\.?|M\.?A\.?|B\.?S\.?|M\.?S\.?|"
    r"Bachelor(?:'s)?(?: of| in)?|Master(?:'s)?(?: of| in)?|Diplom[a]?|Associate(?:'s)? degree|"
    r"Licence|Laurea)\b[^,;|\n()]*",
)
INSTITUTION = re.compile(
    r"[^,;|\n()–—]*\b(?:University|Universit[éàä]t?|Universidad|Università|Institute|College|School|"
    r"Polytechnic|Politecnico|Academy|ETH|EPFL|MIT|IIT|KTH|TU [A-Z][a-z]+|École)\b[^,;|\n()–—]*"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Profile sites people give without "https://" ("indeed.com/r/Ada-L/1f2e..."), besides any
# address that starts with a scheme or "www.".
PROFILE_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|indeed\.com/r|stackoverflow\.com|"
    r"kaggle\.com|behance\.net|dribbble\.com"
)
URL = re.compile(
    rf"(?:https?://|www\.)[^\s,;|()<>\"]+|\b(?:[a-z]{{2,3}}\.)?(?:{PROFILE_HOSTS})/[^\s,;|()<>\"]+",
    re.I,
)
# Tracking parameters that profile sites append (Indeed's "?isid=rex-download&ikw=...").
_PROFILE_PATH = re.compile(rf"^(?:https?://)?(?:[a-z]{{2,3}}\.)?(?:{PROFILE_HOSTS})/", re.I)
# A profile address cut at the end of a line goes on at the start of the next
# ("indeed.com/r/Ada-\nLovelace/1f2e3d"): a run with a slash or digits, not a word.
_CONTINUATION = re.compile(r"[\w.~%/?=&#+-]*(?:/|\d)[\w.~%/?=&#+-]*")
_NAME_SPLIT = re.compile(r"\s*[|,•·–—\t(]\s*|\s+-\s+|\s{3,}")
_NAME_LABEL = re.compile(
    r"^(?:(?:full\s+)?name\s*[:\-–]|(?:resume|résumé|cv|curriculum vitae)(?:\s+of)?\b)\s*|"
    r"\s+(?:resume|résumé|cv|curriculum vitae)\s*$",
    re.IGNORECASE,
)
HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "er", "sri", "shri", "smt"])
PARTICLES = frozenset("de da van von der den del la le bin binti al el di du dos das ter".split())
NOT_NAME_WORDS = frozenset(_WORDS["not_name_words"])
_SEPARATORS = re.compile(r"\s+(?:at|@)\s+|\s*[|,–—·•]\s*|\s+-\s+")


@dataclass(frozen=True)
class ExperienceEntry:
    title: str
    company: str
    start: date | None
    end: date | None
    current: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "company": self.company,
            "start": self.start.isoformat()[:7] if self.start else None,
            "end": None if self.current else (self.end.isoformat()[:7] if self.end else None),
            "current": self.current,
        }


@dataclass(frozen=True)
class EducationEntry:
    degree: str
    institution: str

    def as_dict(self) -> dict[str, str]:
        return {"degree": self.degree, "institution": self.institution}


@dataclass(frozen=True)
class SkillEvidence:
    skill: Skill
    evidence: str

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.skill.id,
            "name": self.skill.name,
            "category": self.skill.category,
            "evidence": self.evidence,
        }


@dataclass
class ParsedResume:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    country: str | None = None
    links: list[str] = field(default_factory=list)
    summary: str = ""
    experience: list[ExperienceEntry] = field(default_factory=list)
    education: list[EducationEntry] = field(default_factory=list)
    skills: list[SkillEvidence] = field(default_factory=list)
    years_experience: float | None = None
    seniority: str | None = None
    occupation: OccupationMatch | None = None
    parser_version: str = PARSER_VERSION

    @property
    def titles(self) -> list[str]:
        return list(dict.fromkeys(e.title for e in self.experience if e.title))

    @property
    def companies(self) -> list[str]:
        return list(dict.fromkeys(e.company for e in self.experience if e.company))

    def as_dict(self) -> dict[str, Any]:
        """What ``talentmatch parse resume --json`` prints (a stable contract), plus details."""
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "location": self.location,
            "titles": self.titles,
            "companies": self.companies,
            "education": [e.as_dict() for e in self.education],
            "skills": [
                {"id": s.skill.id, "name": s.skill.name, "category": s.skill.category}
                for s in self.skills
            ],
            "years_experience": self.years_experience,
            "seniority": self.seniority,
            "occupation": self.occupation.as_dict() if self.occupation else None,
            "country": self.country,
            "links": self.links,
            "summary": self.summary,
            "experience": [e.as_dict() for e in self.experience],
            "skill_evidence": [s.as_dict() for s in self.skills],
            "parser_version": self.parser_version,
        }


class ResumeParser:
    """Parse resume text into a :class:`ParsedResume`.

    Parameters
    ----------
    extractor, normalizer:
        The skill extractor and title normaliser to use; the packaged ones when omitted.
    today:
        The date "present" means; today when omitted (fixed in tests).

    Examples
    --------
    >>> parser = ResumeParser()
    >>> parsed = parser.parse("Ada Lovelace\\nada@example.org\\n\\nEXPERIENCE\\n"
    ...                       "Data Scientist, Acme (2019 - 2023)\\n- Python, SQL")
    >>> parsed.name, parsed.titles, parsed.years_experience
    ('Ada Lovelace', ['Data Scientist'], 4.0)
    """

    def __init__(
        self,
        extractor: SkillExtractor | None = None,
        normalizer: TitleNormalizer | None = None,
        *,
        today: date | None = None,
    ) -> None:
        self.extractor = extractor or SkillExtractor()
        self.normalizer = normalizer or TitleNormalizer().fit()
        self.today = today
        # Skills and the occupation are read from the resume with its identity blanked out:
        # "Julia Ruby" is a name, not two programming languages.
        self.blinder = IdentityBlinder.for_taxonomy(self.extractor.taxonomy)
        self.title_shape = TitleShape.shipped()

    def _unheaded_lines(self, lines: Sequence[str]) -> list[str]:
        """Where a resume opens with a heading, the first lines that may still hold the name
        (a two-column layout can put a sidebar above it): not the headings' own lines that
        list skills. "SKILLS / Oracle SQL Loader, Python" would otherwise make "Oracle SQL
        Loader" the name, blanked from the text and the skills."""
        return [line for line in lines[:8] if not self.extractor.extract(line)]

    def parse(self, text: str) -> ParsedResume:
        today = self.today or date.today()
        lines = [line.strip() for line in text.splitlines()]
        sections = split_sections(lines)
        header = sections.get("header", [])
        emails = EMAIL.findall(text)
        links = find_links(text)
        parsed = ParsedResume(
            name=find_name(
                header or self._unheaded_lines(lines),
                hints=[*emails[:3], *links[:10]],
                is_title=self.title_shape,
            ),
            email=_first(emails),
            phone=find_phone(text),
            links=links,
            summary=" ".join(sections.get("summary", []))[:2000],
        )
        place = find_place(without_personal_details("\n".join(header or lines[:8]))) or find_place(
            without_personal_details("\n".join(lines[:15]))
        )
        if place:
            parsed.location, parsed.country = place.text, place.country
        parsed.experience = find_experience(sections.get("experience") or lines, today=today)
        parsed.education = find_education(sections.get("education", []))
        identity = identity_of(parsed)
        parsed.skills = [
            SkillEvidence(skill, _evidence(text, mentions[0].start, mentions[0].end))
            for skill, mentions in self.extractor.extract_skills(self.blinder.mask(text, identity))
        ]
        parsed.years_experience = years_of_experience(parsed.experience, text, today=today)
        latest_title = parsed.titles[0] if parsed.titles else None
        parsed.seniority = seniority_level(latest_title, parsed.years_experience)
        if latest_title:
            matches = self.normalizer.normalize(self.blinder.words(latest_title), top=1)
            parsed.occupation = matches[0] if matches else None
        return parsed


class TitleShape:
    """Whether a line reads as a job title by the words of O*NET's titles (the shipped title
    table): every word is used in three titles or more, and the last word heads three or more
    ("Plumber Supervisor", "Bevel Mill Operator", "software application tester").

    Two capitalised words are read as a name unless something says otherwise; without this, a
    resume that opens with a title and no name lost its title as a "name", blanked from the
    text and the skills that matching reads. ``python -m benchmarks.title_lines``: held-out
    O*NET titles read as names 3,295 -> 523 of 5,535; every persona name of the counterfactual
    corpus, with its own surnames and with trade surnames ("Todd Baker"), still found. A first
    name that is a word of titles can still lose a trade surname ("Grant Baker"), so an e-mail
    or a profile link that names the person is trusted first.
    """

    WORD_TITLES = 3
    HEAD_TITLES = 3

    def __init__(self, titles: Sequence[str]) -> None:
        self._words: dict[str, int] = {}
        self._heads: dict[str, int] = {}
        for title in titles:
            words = _title_words(title)
            for word in set(words):
                self._words[word] = self._words.get(word, 0) + 1
            if words:
                self._heads[words[-1]] = self._heads.get(words[-1], 0) + 1

    @classmethod
    @cache
    def shipped(cls) -> TitleShape:
        table = load_table("titles.json.gz")["titles"]
        occupations = load_table("occupations.json.gz")["occupations"]
        return cls([t for t, _code in table] + [o["title"] for o in occupations])

    def __call__(self, line: str) -> bool:
        words = _title_words(line)
        return (
            bool(words)
            and self._heads.get(words[-1], 0) >= self.HEAD_TITLES
            and all(self._words.get(w, 0) >= self.WORD_TITLES for w in words)
        )


def _title_words(text: str) -> list[str]:
    """Lower-case words, plurals made singular ("testers" counts as "tester"). Not
    ``normalize_title``'s words: it drops level words, and "Junior Mason" is a name."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def identity_of(parsed: ParsedResume) -> Identity:
    """Who the resume says the person is: the name and contact details it gives."""
    return Identity.of(
        names=[parsed.name], emails=[parsed.email], phones=[parsed.phone], links=parsed.links
    )


def find_name(
    lines: Sequence[str],
    *,
    hints: Sequence[str] = (),
    is_title: Callable[[str], bool] | None = None,
) -> str | None:
    """The candidate's name among the first lines of a resume.

    ``hints`` are the e-mail addresses and profile links found: a line whose words appear in
    them ("priya nk" beside indeed.com/r/Priya-NK/...) is the name even in lower case or as
    one word. Otherwise a name is two to four capitalised words that are no heading, job
    title or place, or the first line in lower case ("priya nk"); ``is_title`` tells job
    titles beyond the title words (:class:`TitleShape`).
    """
    tokens = _hint_tokens(hints)
    first = True
    for line in lines[:8]:
        if not line.strip():
            continue
        parts = [p for p in _NAME_SPLIT.split(_NAME_LABEL.sub("", line.strip())) if p.strip()]
        candidate = parts[0].strip() if parts else ""
        words = candidate.split()
        while words and words[0].lower().rstrip(".") in HONORIFICS:
            words = words[1:]
        lowered = [w.lower().strip(".") for w in words]
        was_first = first
        # "Curriculum Vitae" above the name leaves the name the first line that counts.
        first = first and bool(lowered) and all(w in NOT_NAME_WORDS for w in lowered)
        if not 1 <= len(words) <= 5 or not all(_name_word(w) for w in words):
            continue
        if line_heading(candidate) or any(w in TITLE_WORDS or w in NOT_NAME_WORDS for w in lowered):
            continue
        named = [w for w in lowered if len(w) >= 3 and w not in PARTICLES]
        if named and all(_in_tokens(w, tokens) for w in named):
            return _tidy_name(words)
        if not 2 <= len(words) <= 4 or (is_title is not None and is_title(candidate)):
            continue
        if all(w[0].isupper() or w.lower() in PARTICLES for w in words):
            if not _is_place(" ".join(words)):
                return _tidy_name(words)
        elif was_first and len(words) <= 3 and all(w.islower() for w in words):
            return _tidy_name(words)
    return None


_HANDLE = re.compile(
    r"(?:linkedin\.com/in|indeed\.com/r|github\.com|gitlab\.com)/([^/?#\s]+)", re.IGNORECASE
)


def _hint_tokens(hints: Sequence[str]) -> set[str]:
    """Words of the e-mail addresses' local parts and the profile handles ("ada-lovelace-1")."""
    parts = []
    for hint in hints:
        if "@" in hint and "/" not in hint:
            parts.append(hint.split("@", 1)[0])
        else:
            parts += _HANDLE.findall(hint)
    return {t for part in parts for t in re.split(r"[^a-z]+", part.lower()) if len(t) >= 2}


def _in_tokens(word: str, tokens: set[str]) -> bool:
    # "adalovelace@" holds "ada" and "lovelace" run together.
    return word in tokens or (len(word) >= 4 and any(word in t for t in tokens))


def _name_word(word: str) -> bool:
    """Letters, with the apostrophes, hyphens and full stops that names and initials use."""
    core = re.sub(r"['’.-]", "", word)
    return core.isalpha() and word[0].isalpha() and (word.count(".") <= 1 or len(core) <= 3)


def _is_place(text: str) -> bool:
    return bool(country_code(text)) or find_city(text) is not None


def _tidy_name(words: Sequence[str]) -> str:
    """ "ADA LOVELACE" -> "Ada Lovelace", "priya nk" -> "Priya NK"; mixed case stays."""
    tidy = []
    for word in words:
        if word.islower() and word not in PARTICLES:
            word = word.upper() if len(word.rstrip(".")) <= 2 else word.capitalize()
        elif word.isupper() and len(word) > 2:
            word = word.capitalize()
        tidy.append(word)
    return " ".join(tidy)


def find_links(text: str) -> list[str]:
    """Web addresses with their scheme, each once; profile sites' without tracking parameters.

    >>> find_links("Email me on Indeed: indeed.com/r/Ada-\\nLovelace/0a1b2c3d4e5f6a7b")
    ['https://indeed.com/r/Ada-Lovelace/0a1b2c3d4e5f6a7b']
    """
    links: dict[str, str] = {}
    for match in URL.finditer(text):
        url = match.group(0)
        rest = text[match.end() :]
        if url.endswith(("/", "-")) and rest.startswith("\n"):
            following = _CONTINUATION.match(rest.lstrip("\n"))
            if following:
                url += following.group(0)
        url = url.rstrip(".,;:!?'’")
        if _PROFILE_PATH.match(url):
            url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        if not re.match(r"https?://", url, re.IGNORECASE):
            url = f"https://{url}"
        key = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/")
        links.setdefault(key, url)
    return list(links.values())


# Contact details stand at the top of a resume (or in its footer); the matcher tries every
# digit run under five regions, seconds on a long, number-heavy document.
PHONE_HEAD_CHARS = 4000
PHONE_TAIL_CHARS = 1000


def find_phone(text: str) -> str | None:
    if len(text) > PHONE_HEAD_CHARS + PHONE_TAIL_CHARS:
        text = f"{text[:PHONE_HEAD_CHARS]}\n{text[-PHONE_TAIL_CHARS:]}"
    for region in (None, "US", "GB", "DE", "IN"):
        for match in phonenumbers.PhoneNumberMatcher(
            text, region or "ZZ", leniency=phonenumbers.Leniency.VALID
        ):
            return match.raw_string.strip()
    return None


def find_experience(lines: Sequence[str], *, today: date) -> list[ExperienceEntry]:
    entries = []
    for index, line in enumerate(lines):
        match = DATE_RANGE.search(line)
        if not match or line.startswith(("-", "•", "*", "·")):
            continue
        start = parse_date(match.group("start"), today=today)
        end = parse_date(match.group("end"), today=today)
        current = bool(
            re.match(r"present|current|now|today|ongoing|date", match.group("end"), re.I)
        )
        rest = (line[: match.start()] + " " + line[match.end() :]).strip(" ,|()[]–—-:\t")
        previous = [
            candidate
            for candidate in lines[max(0, index - 2) : index]
            if candidate
            and not candidate.startswith(("-", "•", "*", "·"))
            and not DATE_RANGE.search(candidate)
        ]
        title, company = _title_and_company(rest, previous[-1] if previous else "")
        if start and end and end >= start and (title or company):
            entries.append(ExperienceEntry(title, company, start, end, current))
    # Most recent first.
    return sorted(entries, key=lambda e: (e.end or date.min, e.start or date.min), reverse=True)


def _has_title_word(text: str) -> bool:
    return any(w in TITLE_WORDS for w in re.findall(r"[a-z-]+", text.lower()))


def _title_and_company(rest: str, previous: str) -> tuple[str, str]:
    parts = [p.strip(" ()[]") for p in _SEPARATORS.split(rest) if p and p.strip(" ()[]")]
    # A trailing place ("Berlin, Germany") is neither title nor company.
    if len(parts) >= 3 and find_place(", ".join(parts[-2:])) and not _has_title_word(parts[-1]):
        parts = parts[:-2]
    if len(parts) >= 2:
        first, second = parts[0], parts[1]
        if _has_title_word(second) and not _has_title_word(first):
            return second, first
        return first, second
    single = parts[0] if parts else ""
    if previous and not line_heading(previous):
        if single and not _has_title_word(single) and _has_title_word(previous):
            return previous, single
        if not single:
            inner = [p.strip() for p in _SEPARATORS.split(previous) if p.strip()]
            if len(inner) >= 2:
                return _title_and_company(previous, "")
            return previous, ""
        if _has_title_word(single) and not _has_title_word(previous):
            return single, previous
    return single, ""


def find_education(lines: Sequence[str]) -> list[EducationEntry]:
    entries: list[EducationEntry] = []
    for index, line in enumerate(lines):
        degree = DEGREE.search(line)
        if not degree:
            continue
        institution = INSTITUTION.search(line[: degree.start()] + " | " + line[degree.end() :])
        if institution is None:
            for neighbour in [*lines[index + 1 : index + 2], *lines[max(0, index - 1) : index]]:
                institution = INSTITUTION.search(neighbour)
                if institution:
                    break
        degree_text = DATE_RANGE.sub("", degree.group(0)).strip(" -–—,(")
        entries.append(
            EducationEntry(degree_text, institution.group(0).strip(" -–—,") if institution else "")
        )
    return entries


def years_of_experience(
    entries: Sequence[ExperienceEntry], text: str, *, today: date
) -> float | None:
    intervals = [(e.start, min(e.end, today)) for e in entries if e.start and e.end]
    if intervals:
        return round(merged_months(intervals) / 12, 1)
    stated = [int(m.group("years")) for m in YEARS_OF_EXPERIENCE.finditer(text)]
    return float(max(stated)) if stated else None


def _first(values: Sequence[str]) -> str | None:
    return values[0] if values else None


def _evidence(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    return line if len(line) <= 160 else text[max(line_start, start - 70) : end + 70].strip()
