"""The identity-blind view of a resume or profile: what matching, salary benchmarks, the career
gap and interview preparation read.

Two resumes that differ only in who the person is (name, contact details, pronouns and
gendered words, age, marital status, nationality, identity-group affiliations) give the same
blind text, byte for byte, so every score computed from it is the same. What is removed:

- the person's names (the whole name anywhere; a single part of it anywhere too, unless the
  part is also a word with another sense, a skill like "Ruby" or a place like "Washington",
  which is removed only where it reads as the name: the header, "Ruby's", "Ruby led ...");
- e-mail addresses, web links, ``@handles``, phone numbers, street addresses and postcodes;
- labelled personal details (date of birth, age, gender, marital status, nationality or
  citizenship unless it states a right to work, religion, photo, passport, parents' names...)
  and unlabelled ages ("born 1975", "aged 45", "45 years old"), marital words;
- graduation years older than the last degree's (an age proxy; the last one stays);
- pronouns and gendered words, mapped to one neutral form ("she" and "he" -> "they",
  "chairwoman" and "chairman" -> "chair"; "women's" and "men's" as modifiers vanish);
- identity-group words of affiliations ("Black", "Muslim", "LGBTQ" ... as proper words).

The module is pure: text in, text out, deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers

from talentmatch.ml.fields import country_code, find_city
from talentmatch.ml.skills import SkillExtractor, SkillTaxonomy

BLIND_VERSION = "blind-1"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PROFILE_HOSTS = (
    r"linkedin\.com|github\.com|gitlab\.com|bitbucket\.org|indeed\.com|stackoverflow\.com|"
    r"kaggle\.com|behance\.net|dribbble\.com|twitter\.com|x\.com|medium\.com|about\.me"
)
# Anywhere: an address with a scheme or "www.", or a profile site's page.
LINK = re.compile(
    rf"(?:https?://|www\.)[^\s,;|()<>\"]+|\b(?:[a-z]{{2,3}}\.)?(?:{PROFILE_HOSTS})/[^\s,;|()<>\"]*",
    re.IGNORECASE,
)
# In the header only (elsewhere "socket.io" or "ASP.NET" are skills): a bare personal domain.
BARE_DOMAIN = re.compile(
    r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|io|dev|me|org|net|co|ai|app|xyz|info|page|site|ly|tech)"
    r"(?:/[^\s,;|()<>\"]*)?(?![\w.])",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
_YEAR_SPAN = re.compile(r"^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$")
STREET = re.compile(
    r"\b\d{1,5}[a-z]?\s+(?:[A-Z][\w'.-]*\s+){1,4}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|"
    r"Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy)\b\.?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Flat)\.?\s*#?\s*\w+)?"
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|allee|platz)\s+\d{1,4}[a-z]?\b",
)
# Postcodes in the header: US ZIP after a state, UK postcodes, five-digit European codes.
POSTCODE = re.compile(
    r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b\d{4,5}(?=\s+[A-Z])"
)
_WORK_RIGHT = re.compile(
    r"work|permit|visa|authori[sz]|sponsor|right to|green card|residen|blue card", re.IGNORECASE
)
# "Label: value" personal details; the value runs to the next separator or the line's end.
PERSONAL_LABELS = (
    r"date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|birth\s*date|birthday|born|place\s+of\s+birth|age|"
    r"gender|sex|pronouns|marital\s+status|civil\s+status|family\s+status|nationality|"
    r"citizenship|religion|caste|ethnicity|race|father'?s\s+name|mother'?s\s+name|"
    r"husband'?s\s+name|wife'?s\s+name|spouse(?:'?s\s+name)?|children|dependants|dependents|"
    r"photo(?:graph)?|passport(?:\s+(?:no|number))?\.?|height|weight|blood\s+group"
)
PERSONAL_DETAIL = re.compile(
    rf"(?<![\w])(?P<label>{PERSONAL_LABELS})\s*[:：]\s*(?P<value>[^|;\n]*)", re.IGNORECASE
)
AGE = re.compile(
    r"\b(?:born\b[^|;\n]{0,30}?(?:19|20)\d\d"
    r"|aged\s+\d{1,2}|\d{1,2}\s*(?:years?|yrs?)\s+old|age\s+\d{1,2})\b",
    re.IGNORECASE,
)
MARITAL = re.compile(
    r"\b(?:married|unmarried|divorced|widowed|widower|widow)\b"
    # "single" only as a value on its own ("Born 1990, single"), not "single sign-on"
    r"|(?:(?<=[,;|]\s)|(?<=[,;|])|^)single(?=\s*(?:[,;|.]|$))",
    re.IGNORECASE | re.MULTILINE,
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Miss|Mister|Madam|Mme|Mlle|Sir|Dame)\b\.?(?=\s+[A-Z])")
# Pronouns and gendered words -> one neutral form for both genders ("" removes the word).
GENDERED = {
    "he": "they",
    "she": "they",
    "him": "their",
    "her": "their",
    "his": "their",
    "hers": "their",
    "them": "their",  # object and possessive pronouns collapse into one form
    "theirs": "their",
    "himself": "themself",
    "herself": "themself",
    "themselves": "themself",
    "he's": "they're",
    "she's": "they're",
    "he'd": "they'd",
    "she'd": "they'd",
    "he'll": "they'll",
    "she'll": "they'll",
    "man": "person",
    "woman": "person",
    "men": "",
    "women": "",
    "men's": "",
    "women's": "",
    "mens": "",
    "womens": "",
    "male": "",
    "female": "",
    "ladies": "",
    "ladies'": "",
    "gentlemen": "",
    "lady": "person",
    "gentleman": "person",
    "boy": "child",
    "girl": "child",
    "boys": "children",
    "girls": "children",
    "boys'": "",
    "girls'": "",
    "husband": "spouse",
    "wife": "spouse",
    "husbands": "spouses",
    "wives": "spouses",
    "father": "parent",
    "mother": "parent",
    "fathers": "parents",
    "mothers": "parents",
    "dad": "parent",
    "mom": "parent",
    "mum": "parent",
    "son": "child",
    "daughter": "child",
    "sons": "children",
    "daughters": "children",
    "brother": "sibling",
    "sister": "sibling",
    "brothers": "siblings",
    "sisters": "siblings",
    "maternity": "parental",
    "paternity": "parental",
    "fraternity": "student society",
    "sorority": "student society",
    "brotherhood": "fellowship",
    "sisterhood": "fellowship",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "chairmen": "chairs",
    "chairwomen": "chairs",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "salesman": "salesperson",
    "saleswoman": "salesperson",
    "salesmen": "salespeople",
    "saleswomen": "salespeople",
    "businessman": "businessperson",
    "businesswoman": "businessperson",
    "foreman": "supervisor",
    "forewoman": "supervisor",
    "craftsman": "craftsperson",
    "craftswoman": "craftsperson",
    "policeman": "police officer",
    "policewoman": "police officer",
    "fireman": "firefighter",
    "firewoman": "firefighter",
    "waiter": "server",
    "waitress": "server",
    "actress": "actor",
    "hostess": "host",
    "steward": "flight attendant",
    "stewardess": "flight attendant",
    "headmaster": "head teacher",
    "headmistress": "head teacher",
    "alumnus": "graduate",
    "alumna": "graduate",
    "alumni": "graduates",
    "alumnae": "graduates",
}
_GENDERED_WORD = re.compile(
    r"(?<![\w'’])(?:"
    + "|".join(sorted((re.escape(w).replace("'", "['’]") for w in GENDERED), key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
# Identity-group words as proper words (affiliations such as "Black Engineers Society").
GROUP_WORDS = re.compile(
    r"\b(?:African[- ]American|Asian[- ]American|Native[- ]American|Black|Hispanic|Latin[oax]|"
    r"Latine|Asian|Indigenous|Arab|Jewish|Muslim|Christian|Catholic|Protestant|Hindu|Sikh|"
    r"Buddhist|LGBTQ?I?A?\+?|Queer|Gay|Lesbian|Transgender)(?![\w+])"
)
# A name part with another sense ("Ruby", "Washington") is the name only in these places.
_NAME_VERBS = (
    r"is|was|has|had|led|leads|built|builds|joined|worked|works|designed|developed|managed|"
    r"brings|holds|loves|enjoys|specialises|specializes|received|graduated"
)
_INSTITUTION_AFTER = re.compile(
    r"\s+(?:University|College|Institute|School|Academy|Street|Road|Avenue|Hall|Foundation)\b"
)
PARTICLES = frozenset("de da van von der den del la le bin binti al el di du dos das ter".split())
_SEPARATOR_RUN = re.compile(r"(?:\s*[|,;·•/–—:-]\s*){2,}")
_HEADER_LINES = 10


@dataclass(frozen=True)
class Identity:
    """What identifies the person: their names and contact details as the profile knows them."""

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        *,
        names: Iterable[str | None] = (),
        emails: Iterable[str | None] = (),
        phones: Iterable[str | None] = (),
        links: Iterable[str | None] = (),
    ) -> Identity:
        def clean(values: Iterable[str | None]) -> tuple[str, ...]:
            return tuple(sorted({v.strip() for v in values if v and v.strip()}))

        return cls(clean(names), clean(emails), clean(phones), clean(links))


def stored_identity(
    parsed: Mapping[str, Any] | None, *, phone: str = "", links: Sequence[str] = ()
) -> Identity:
    """The identity a stored profile knows: the name and contact details its resume gave
    (the parser's stored structure) and the phone and links the person typed."""
    parsed = parsed or {}

    def texts(value: Any) -> list[str]:
        values = value if isinstance(value, list) else [value]
        return [v for v in values if isinstance(v, str)]

    return Identity.of(
        names=texts(parsed.get("name")),
        emails=texts(parsed.get("email")),
        phones=[*texts(parsed.get("phone")), phone],
        links=[*texts(parsed.get("links")), *links],
    )


def blind_skill_ids(
    skill_ids: Sequence[str],
    *,
    parsed: Mapping[str, Any] | None,
    identity: Identity,
    blinder: IdentityBlinder,
    extractor: SkillExtractor,
    resume_text: Callable[[], str],
) -> list[str]:
    """A profile's skills without those read from the person's own name.

    Profiles parsed before the parser blanked names out may hold "Julia" and "Ruby" for
    Julia Ruby: a skill that a part of the name spells, that the stored parse found, and that
    the resume does not mention once the identity is blanked out, is left out. A skill the
    person typed and the old parse never read from the name stays."""
    taxonomy = extractor.taxonomy
    spelled = {
        skill.id
        for name in identity.names
        for part in _name_parts(name)
        if (skill := taxonomy.lookup(part)) is not None
    }
    if not spelled:
        return list(skill_ids)
    read = {
        str(entry.get("id"))
        for entry in (parsed or {}).get("skills") or []
        if isinstance(entry, Mapping)
    }
    suspects = spelled & read & set(skill_ids)
    if not suspects:
        return list(skill_ids)
    found = {
        skill.id for skill, _ in extractor.extract_skills(blinder.mask(resume_text(), identity))
    }
    return [s for s in skill_ids if s not in suspects or s in found]


class IdentityBlinder:
    """Blind texts and titles.

    Parameters
    ----------
    has_other_sense:
        Whether a (lower-case) word means something besides a name: a skill alias or a
        place. Such a name part is removed only where it reads as the name.
    heading:
        The section a line heads, if it is a heading (the resume parser's rule).

    Examples
    --------
    >>> blinder = IdentityBlinder()
    >>> who = Identity.of(names=["Lakisha Washington"], emails=["lakisha@example.org"])
    >>> blinder.text("Lakisha Washington\\nlakisha@example.org\\nShe led her team.", who)
    'They led their team.'
    """

    def __init__(
        self,
        has_other_sense: Callable[[str], bool] | None = None,
        heading: Callable[[str], str | None] | None = None,
    ) -> None:
        self.has_other_sense = lru_cache(maxsize=50_000)(has_other_sense or (lambda _word: False))
        self.heading = heading or _default_heading

    @classmethod
    def for_taxonomy(cls, taxonomy: SkillTaxonomy) -> IdentityBlinder:
        """The blinder for which a name part that is a skill of ``taxonomy`` or a place
        ("Ruby", "Washington") has another sense."""

        def other_sense(word: str) -> bool:
            return (
                taxonomy.lookup(word) is not None
                or bool(country_code(word))
                or find_city(word, loose=True) is not None
            )

        return cls(other_sense)

    def text(self, text: str, identity: Identity = Identity()) -> str:
        """The blind text: identity removed, pronouns and gendered words neutral, lines tidied
        (empty ones dropped), so that only what the person did and knows is left."""
        if not text:
            return ""
        edited = _apply(text, self._edits(text, identity), keep_length=False)
        lines = [_tidy(line) for line in edited.splitlines()]
        return "\n".join(line for line in lines if any(c.isalnum() for c in line))

    def mask(self, text: str, identity: Identity = Identity()) -> str:
        """``text`` with its identity blanked out by spaces (same length and offsets): what the
        skill extractor reads, so that "Julia Ruby" is no skill of Julia Ruby's."""
        if not text:
            return ""
        return _apply(text, self._edits(text, identity), keep_length=True)

    def words(self, text: str) -> str:
        """A short text (a title, a wished role) with gendered words neutral."""
        if not text:
            return text
        return _tidy(_apply(text, _gendered_edits(text, 0), keep_length=False))

    def _edits(self, text: str, identity: Identity) -> list[_Edit]:
        edits: list[_Edit] = []
        offset = 0
        education_years: list[tuple[int, int, int]] = []  # (start, end, year)
        section = "header"
        header_count = 0
        for line in text.splitlines(keepends=True):
            stripped = line.strip()
            heading = self.heading(stripped) if stripped else None
            if heading:
                section = heading
            elif stripped:
                if section == "header":
                    header_count += 1
                    if header_count > _HEADER_LINES:
                        section = "body"
                in_header = section == "header"
                edits += self._line_edits(line, offset, identity, in_header=in_header)
                if section == "education":
                    education_years += [
                        (offset + m.start(), offset + m.end(), int(m.group(0)))
                        for m in YEAR.finditer(line)
                    ]
            offset += len(line)
        if education_years:
            # Graduation years before the last degree's say how old the person is.
            last = max(year for _, _, year in education_years)
            edits += [_Edit(s, e, "") for s, e, year in education_years if year < last]
        return edits

    def _line_edits(
        self, line: str, offset: int, identity: Identity, *, in_header: bool
    ) -> list[_Edit]:
        edits: list[_Edit] = []

        def remove(pattern: re.Pattern[str], source: str = line) -> None:
            edits.extend(
                _Edit(offset + m.start(), offset + m.end(), "") for m in pattern.finditer(source)
            )

        for match in PERSONAL_DETAIL.finditer(line):
            label = match.group("label").lower()
            if label.startswith(("nationality", "citizenship")) and _WORK_RIGHT.search(
                match.group("value")
            ):
                continue  # a right to work is a job fact
            edits.append(_Edit(offset + match.start(), offset + match.end(), ""))
        for pattern in (EMAIL, LINK, HANDLE, STREET, AGE, MARITAL, HONORIFIC, GROUP_WORDS):
            remove(pattern)
        for known in (*identity.emails, *identity.links, *identity.phones):
            remove(_literal(known))
        if in_header:
            remove(BARE_DOMAIN)
            remove(POSTCODE)
            edits += [
                _Edit(offset + m.start(), offset + m.end(), "")
                for m in PHONE_LIKE.finditer(line)
                if _phone_shaped(m.group(0))
            ]
            edits += _phone_edits(line, offset)
        for name in sorted(identity.names, key=len, reverse=True):
            edits += self._name_edits(line, offset, name, in_header=in_header)
        edits += _gendered_edits(line, offset)
        return edits

    def _name_edits(self, line: str, offset: int, name: str, *, in_header: bool) -> list[_Edit]:
        edits = [
            _Edit(offset + m.start(), offset + m.end(), "")
            for m in _whole_name(name).finditer(line)
        ]
        for part in _name_parts(name):
            other_sense = self.has_other_sense(part.lower())
            for match in _name_part(part).finditer(line):
                after = line[match.end() :]
                if _INSTITUTION_AFTER.match(after):
                    continue  # "Brown University" is a place, not the person
                possessive = match.group(0).endswith(("'s", "’s"))
                if other_sense and not (in_header or possessive or _reads_as_name(after)):
                    continue
                edits.append(_Edit(offset + match.start(), offset + match.end(), ""))
        return edits


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str


def _apply(text: str, edits: Sequence[_Edit], *, keep_length: bool) -> str:
    """The text with the edits made; overlapping edits merge into the widest removal."""
    if not edits:
        return text
    merged: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if merged and edit.start < merged[-1].end:
            last = merged[-1]
            if edit.end > last.end or edit.replacement != last.replacement:
                merged[-1] = _Edit(last.start, max(last.end, edit.end), "")
            continue
        merged.append(edit)
    pieces = []
    position = 0
    for edit in merged:
        pieces.append(text[position : edit.start])
        span = text[edit.start : edit.end]
        if keep_length:
            pieces.append("".join(c if c == "\n" else " " for c in span))
        else:
            pieces.append(_cased(edit.replacement, span) + ("\n" if "\n" in span else ""))
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def _cased(replacement: str, original: str) -> str:
    """The replacement in the original word's case ("She" -> "They", "HE" -> "THEY")."""
    if not replacement:
        return ""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _tidy(line: str) -> str:
    """One space between words; separators left alone by a removal merged and trimmed."""
    line = " ".join(line.split())
    line = _SEPARATOR_RUN.sub(lambda m: _first_separator(m.group(0)), line)
    line = re.sub(r"\s+([,;.:)])", r"\1", line)
    line = re.sub(r"\(\s*\)|\[\s*\]", "", line)
    return " ".join(line.split()).strip(" |,;·•/–—-")


def _first_separator(run: str) -> str:
    mark = next(c for c in run if not c.isspace())
    return f"{mark} " if mark in ",;:" else f" {mark} "


# The verb after a subject pronoun agrees with "they": "she is" and "they are" read the same.
_SUBJECT_VERB = re.compile(r"(?<![\w'’])(?:he|she|they)\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't"}
_ES_ENDINGS = ("ches", "shes", "sses", "xes", "zzes", "oes")


def _plural_verb(verb: str) -> str:
    """The form a verb takes after "they" ("leads" -> "lead", "tries" -> "try")."""
    if verb in _AGREEMENT:
        return _AGREEMENT[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(_ES_ENDINGS):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith(("ss", "us", "is")) and len(verb) > 3:
        return verb[:-1]
    return verb


def _gendered_edits(text: str, offset: int) -> list[_Edit]:
    edits = [
        _Edit(offset + m.start(), offset + m.end(), GENDERED[_gender_key(m.group(0))])
        for m in _GENDERED_WORD.finditer(text)
    ]
    for match in _SUBJECT_VERB.finditer(text):
        verb = match.group("verb")
        plural = _plural_verb(verb) if verb.islower() else verb
        if plural != verb:
            edits.append(_Edit(offset + match.start("verb"), offset + match.end("verb"), plural))
    return edits


def _gender_key(word: str) -> str:
    return word.lower().replace("’", "'")


def _phone_shaped(candidate: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    return digits >= 7 and not _YEAR_SPAN.match(candidate.strip())


def _phone_edits(line: str, offset: int) -> list[_Edit]:
    return [
        _Edit(offset + m.start, offset + m.end, "")
        for m in phonenumbers.PhoneNumberMatcher(
            line, "US", leniency=phonenumbers.Leniency.POSSIBLE
        )
        if _phone_shaped(m.raw_string)
    ]


@lru_cache(maxsize=20_000)
def _literal(value: str) -> re.Pattern[str]:
    return re.compile(re.escape(value), re.IGNORECASE)


def _name_parts(name: str) -> list[str]:
    parts = [p.strip("'’.") for p in re.split(r"[\s,]+", name)]
    return [
        p
        for p in dict.fromkeys(parts)
        if len(p) >= 2 and p.lower() not in PARTICLES and p.lower().rstrip(".") not in _HONORIFICS
    ]


_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"])


@lru_cache(maxsize=20_000)
def _whole_name(name: str) -> re.Pattern[str]:
    """The whole name, in any case, with any spacing or punctuation between its parts, in
    either order ("Ada Lovelace", "LOVELACE, Ada")."""
    parts = [re.escape(p) for p in re.split(r"[\s,]+", name.strip()) if p]
    between = r"[\s,.'’-]+"
    forward = between.join(parts)
    reverse = between.join([parts[-1], *parts[:-1]]) if len(parts) > 1 else forward
    return re.compile(rf"(?<![\w@])(?:{forward}|{reverse})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=20_000)
def _name_part(part: str) -> re.Pattern[str]:
    """A part of a name as a whole word, as names are written (capitalised or in capitals),
    with a possessive ("Ada's") taken along."""
    forms = sorted({part, part.capitalize(), part.upper()}, key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w@.])(?:{alternatives})(?:['’]s)?(?![\w])")


_NAME_CONTEXT = re.compile(rf"^\s+(?:{_NAME_VERBS})\b")


def _reads_as_name(after: str) -> bool:
    return bool(_NAME_CONTEXT.match(after))


def _default_heading(line: str) -> str | None:
    # The resume parser's own rule (imported here: the parser imports this module).
    from talentmatch.ml.resume import section_heading

    return section_heading(line)
