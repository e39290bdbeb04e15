"""The identity-blind view of a resume or profile: what matching, salary benchmarks, the career
gap and interview preparation read.

Two resumes that differ only in who the person is (name, contact details, pronouns and
gendered words, age, marital status, nationality, identity-group affiliations) give the same
blind text, byte for byte, so every score computed from it is the same. What is removed:

- the person's names (the whole name anywhere; a single part of it anywhere too, unless the
  part is also a word with another sense, a skill like "Ruby" or a place like "Washington",
  which is removed only where it reads as the name: the header's name line, "Ruby's", "Ruby
  led ...", "I am Ruby"); outside the header a name that is a sentence's subject reads
  "they" and a possessive "their", as "she" and "her" do;
- e-mail addresses, web links, ``@handles``, phone numbers, street addresses and postcodes;
- labelled personal details (date of birth, age, gender, marital status, nationality or
  citizenship unless it states a right to work, religion, photo, passport, parents' names...)
  and unlabelled ages ("born 1975", "born 12.03.1988", "DOB 1988", "aged 45", "45 years old",
  "a 58-year-old engineer"),
  marital words;
- graduation years older than the last degree's, "Class of 1998" anywhere included (an age
  proxy; the last one stays);
- pronoun statements ("(she/her)", "he/him", "ze/zir", "Pronouns: they/them"), whatever
  they say;
- pronouns and gendered words, mapped to one neutral form ("she" and "he" -> "they",
  "chairwoman" and "chairman" -> "chair"; "women's" and "men's" as modifiers vanish);
- identity-group words of affiliations ("Black", "Muslim", "LGBTQ" ... as proper words; an
  ethnic or national word such as "Chinese" or "Korean" where it names who a society,
  association, club, network ... is for), and organisations whose name alone says the group
  ("Women Who Code", "NSBE", "Hillel"): the affiliation reads as its group-free rest
  ("Member, Society of Women Engineers" -> "Member, Society of Engineers", the same as a
  member of a society without the word).

The module is pure: text in, text out, deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import phonenumbers

from talentmatch.ml.fields import country_code, find_city
from talentmatch.ml.reference import load_table
from talentmatch.ml.sections import section_heading
from talentmatch.ml.skills import SkillExtractor, SkillTaxonomy

BLIND_VERSION = "blind-3"  # blind-3: family, birthplace, religious dress, names as subjects

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
    r"photo(?:graph)?|passport(?:\s+(?:no|number))?\.?|height|weight|blood\s+group|"
    r"disability|disabilities|medical\s+conditions?|hometown|home\s+town|native\s+place|"
    r"place\s+of\s+origin"
)
PERSONAL_DETAIL = re.compile(
    rf"(?<![\w])(?P<label>{PERSONAL_LABELS})\s*[:：]\s*(?P<value>[^|;\n]*)"
    # "Marital Status - Married", "Nationality\tNigerian": at a line's start or after "|"
    rf"|(?:^|(?<=\|))\s*(?P<dash_label>{PERSONAL_LABELS})(?:\s+[-–—]\s+|\t+)(?P<dash_value>[^|;\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
AGE = re.compile(
    r"\b(?:born\b[^|;\n]{0,30}?(?:19|20)\d\d"
    # A birth date without a colon: "DOB 1988", "date of birth 12/03/1988", "b. 1988".
    r"|(?:d\.?o\.?b|date\s+of\s+birth|year\s+of\s+birth|birth\s*date|birth\s*year|birthday)"
    r"\.?\s*[-–]?\s*"
    r"(?:\d{1,2}(?:st|nd|rd|th)?[./\s-]+(?:\d{1,2}|[a-z]{3,9})\.?[./\s,-]+"
    r"|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d"
    r"|(?<![\w.])b\.\s?(?:19|20)\d\d"
    # "45 years old", and as an adjective: "a 58-year-old engineer".
    r"|aged\s+\d{1,2}(?![+\d]|\s*(?:days|weeks|months))"
    r"|\d{1,2}[\s-]*(?:years?|yrs?)[\s-]+(?:old|young)|\d{1,2}\s*(?:y/o|y\.o\.|yo)"
    r"|age\s+\d{1,2})(?![\w/])",
    re.IGNORECASE,
)
# "Class of 1998" (or '98), "graduated high school 1982": a graduation year wherever it stands.
CLASS_OF = re.compile(
    r"\bclass\s+of\s+(?:(?P<year>(?:19|20)\d\d)|['’](?P<short>\d\d))\b"
    r"|\bgraduated\b[^|;\n\d]{0,40}?(?P<graduated>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# In the header, an age after the name ("Emily Walsh, 58").
HEADER_AGE = re.compile(
    r"^\s*[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þa-z][\w'’.-]+){1,3}\s*"
    r"(?:,\s*(?P<age>\d{2})(?=\s*(?:$|[|,;(]))|(?P<bracketed>\(\s*\d{2}\s*\))(?=\s*(?:$|[|,;])))"
)
# A maiden name ("née O'Brien").
MAIDEN_NAME = re.compile(r"\b(?:née|nee|geb\.|geborene)\s+[A-ZÀ-Þ][\w'’-]+", re.IGNORECASE)
# A stated set of pronouns ("she/her", "(he/him/his)", "ze/zir", "any pronouns"), with its
# label: that pronouns are stated at all, and which, says the gender.
_SUBJECTS = r"she|he|they|ze|zie|xe|ey|fae|any"
_OBJECTS = (
    r"her|hers|him|his|them|their|theirs|zir|zirs|hir|hirs|xem|xyr|em|eir|faer|it|they|she|he|"
    r"any|all"
)
PRONOUN_SET = re.compile(
    rf"(?:\bpronouns?\s*[:：-]?\s*)?[(\[]?\s*\b(?:{_SUBJECTS})\s*/\s*(?:{_OBJECTS})\b"
    rf"(?:\s*/\s*(?:{_OBJECTS})\b)*\s*[)\]]?|\bany\s+pronouns\b",
    re.IGNORECASE,
)
MARITAL = re.compile(
    r"\b(?:(?:happily\s+)?married|unmarried|divorced|widowed|widower|widow)\b"
    # with its date ("Widowed in 2015", "married since 2009")
    r"(?:\s+(?:in|since)\s+(?:19|20)\d\d\b)?"
    # "single" only as a value on its own ("Born 1990, single", "Single."), not "single
    # sign-on" or "single-page apps"
    r"|(?:(?<=[,;|.]\s)|(?<=[,;|])|^)(?:single|separated|engaged)(?=\s*(?:[,;|.]|$))",
    re.IGNORECASE | re.MULTILINE,
)
# Family status: children, a spouse, being a mother or father of someone.
FAMILY = re.compile(
    r"(?:\b(?:and|&)\s+)?"
    r"\b(?:(?:proud|single|working|stay[- ]at[- ]home)\s+)?"
    r"(?:(?:(?:grand)?(?:mother|father)|mom|mum|dad)\s+(?:of|to)\s+(?:twins|{kids}|{count}(?![\w-]))"
    # "parent" is also a company's or a tree's: with children named, or a count that ends the
    # phrase ("Widowed, parent of two."; not "parent of two fintech brands")
    r"|(?:grand)?parent\s+(?:of|to)\s+(?:twins|{kids}|{count}(?=\s*(?:[,;.|)]|$))))"
    # "3 kids" as a fact of its own ("Married, 3 kids."), not "ran sessions for 40 children."
    r"|(?:(?:(?<=[,;|])|(?<=[,;|.]\s)|^)|\b(?:with|have|has)\s+){count}\s+"
    r"(?:(?:young|small|grown|wonderful|amazing)\s+)?"
    r"(?:kids|children|sons|daughters|grandchildren)\b(?!['’])(?=\s*(?:[,;.|)]|$))"
    r"|\b(?:no\s+(?:kids|children)|empty[- ]nester)\b"
    # a spouse named says one is married ("my husband"); "spouse and dependant cover" is a
    # benefits term
    r"|\b(?:(?:wife|husband|spouse)\s+(?:and|&)\s+)?(?:wife|husband)\b"
    r"(?:\s+(?:and|&)\s+(?:mother|father|mom|mum|dad|parent)\b)?"
    r"|\b(?:wife|husband|spouse)\s+(?:and|&)\s+(?:mother|father|mom|mum|dad|parent)\b"
    r"|\b(?:mother|father|mom|mum|dad|parent)\s+(?:and|&)\s+(?:wife|husband|spouse)\b".replace(
        "{count}", r"(?:one|two|three|four|five|six|seven|\d{1,2})"
    ).replace(
        "{kids}",
        r"(?:one|two|three|four|five|six|seven|\d{1,2}|a|an)(?:\s+[\w-]+)?\s+(?:kids?|children|"
        r"child|sons?|daughters?|boys?|girls?|toddlers?|teenagers?|teens)",
    ),
    re.IGNORECASE | re.MULTILINE,
)
# An age standing alone between commas after a role ("Engineer, 58, married"): the number is
# found first (a comma starts it), then the role before it.
BARE_AGE = re.compile(r",\s*(?P<age>1[89]|[2-9]\d)(?=\s*(?:[,;]|\.(?:\s|$)|$))")
_ROLE_BEFORE = re.compile(
    r"(?i:engineer|developer|scientist|analyst|manager|designer|architect|consultant|lead|"
    r"director|specialist|administrator|professional|programmer|researcher|student|graduate|"
    r"person|technologist|leader|executive|officer)\s*$"
)
# Where the person was born or grew up ("Born in Lagos, Nigeria", "Nigerian-born").
_PLACE_WORD = r"[A-ZÀ-Þ][\w'’-]+"
BIRTHPLACE = re.compile(
    r"\b(?:(?i:born)(?:\s+and\s+(?i:raised|bred))?"
    # "Born in 1985 in Lagos", "born on 3 March 1966 in Lagos"
    r"(?:\s+(?:in|on)\s+[\w ,.]{0,20}?(?:19|20)\d\d)?\s+(?:in|of)"
    r"|(?i:grew\s+up)\s+in|\bI\s+was\s+raised\s+in"
    r"|(?:^|(?<=[.!?]\s)|\bI\s+am\s+|\bI['’]m\s+)(?i:originally)\s+from|\bhails?\s+from"
    r"|\b(?i:a\s+)?native\s+of|\bhometown\s+(?:of|is))\s+"
    r"(?:the[ \t]+)?(?:(?:rural|northern|southern|eastern|western|central)[ \t]+)?"
    rf"{_PLACE_WORD}(?:[ \t]+(?:{_PLACE_WORD}|de|del|da|do|dos|es|el|al|la))*"
    # ", Nigeria" or " (Nigeria)"
    rf"(?:,[ \t]*{_PLACE_WORD}(?:[ \t]+{_PLACE_WORD})*"
    rf"|[ \t]*\({_PLACE_WORD}(?:[ \t]+{_PLACE_WORD})*\))?"
    # "Hong Kong-born", and "Nigerian born" (not "Software Engineer born and raised ...")
    r"|\b(?:[A-Z][\w'’]*[ \t]+)?[A-Z][\w'’]*-born\b|\b[A-Z][a-z]+(?:an|ese|ish|i|ch)[ \t]+born\b",
    re.MULTILINE,
)
# Religious dress and disability words, which say who the person is, not what they can do.
PERSONAL_TRAITS = re.compile(
    r"\b(?i:hijab|hijabi|niqab|burqa|headscarf|turban|kippah|yarmulke)"
    r"(?:[- ](?i:wearing|wearer|clad))?\b"
    r"|\b(?i:wheelchair[- ]user)(?!s)\b"
    r"|\b(?i:height|weight)\s*[:\-]?\s*\d{2,3}(?:[.,]\d+)?\s*(?i:cm|kg|lbs?)\b"
    # said of oneself: "I am deaf", "I use a wheelchair", "diagnosed with ADHD"
    r"|\b(?:I\s+am|I['’]m)\s+(?i:(?:legally\s+)?blind|deaf|hard\s+of\s+hearing|disabled|"
    r"autistic|dyslexic|neurodivergent|neurodiverse|visually\s+impaired)\b"
    r"|\bI\s+use\s+a\s+wheelchair\b|\b(?i:legally\s+blind)\b"
    r"|\b(?:(?:I\s+am|I['’]m|I\s+was|I\s+have\s+been)\s+)?(?i:diagnosed\s+with)\s+(?:ADHD|"
    r"(?i:autism|dyslexia|epilepsy|multiple\s+sclerosis|diabetes|cancer|depression|anxiety|"
    r"bipolar\s+disorder|a\s+disability|a\s+chronic\s+illness)|PTSD|MS)\b"
    r"|\bI\s+(?:am|have\s+been)\s+living\s+with\s+(?i:a\s+disability|a\s+chronic\s+illness)\b"
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Miss|Mister|Madam|Mme|Mlle|Sir|Dame)\b\.?"
    r"(?=\s+(?:[A-Z]|(?:de|da|del|van|von|der|di|du|la|le|al|el|bin)\s))"
)
# Pronouns and gendered words -> one neutral form for both genders ("" removes the word):
# object and possessive pronouns collapse into one form; neopronouns state a gender as much as
# "she" or "he".
GENDERED: dict[str, str] = dict(load_table("identity_words.json")["gendered"])
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
    r"Buddhist|LGBTQ?I?A?\+?|LGBT\+|Queer|Gay|Lesbian|Transgender|Chican[oax]|Afro-[A-Z][a-z]+)"
    r"(?![\w+])"
    # names and terms of trade that hold such a word: "Black Friday", "Black-Scholes",
    # "Christian Dior", "Asian markets"
    r"(?!-Scholes|\s+(?:Friday|Box|Hat|Duck|Swan|Rock|Dior|Louboutin|Health|Brothers|"
    r"markets?|Development\s+Bank)\b)"
)
# Organisation words: an identity word before one of these (within a few words) names who the
# organisation is for.
_ORGANISATION = (
    r"Society|Societies|Association|Club|Network|Union|Alliance|Council|League|Fellowship|"
    r"Federation|Circle|Collective|Caucus|Guild|Community|Group|Chapter|Organi[sz]ation|"
    r"Committee|Forum|Coalition|Foundation"
)
# Ethnic and national words that are a skill or a place elsewhere ("Chinese (fluent)", "Indian
# Institute of Technology"): removed only where they say who an organisation is for, directly
# or through words such as "Student" ("Korean Student Association", "Chinese Students and
# Scholars Association", "Pride Network").
_ORIGINS = (
    r"Chinese|Korean|Japanese|Vietnamese|Filipino|Filipina|Taiwanese|Indian|Pakistani|"
    r"Bangladeshi|Sri\s+Lankan|Nepali|Tamil|Punjabi|Persian|Iranian|Turkish|Kurdish|Armenian|"
    r"Lebanese|Syrian|Egyptian|Palestinian|Israeli|African|Nigerian|Ghanaian|Kenyan|Ethiopian|"
    r"Somali|Caribbean|Haitian|Jamaican|Mexican|Brazilian|Colombian|Cuban|Puerto\s+Rican|"
    r"Dominican|Polish|Ukrainian|Russian|Greek|Italian|Irish|Pacific\s+Islander|"
    r"First\s+Nations|Aboriginal|Romani|Pride|Islamic|Mormon|Evangelical|Orthodox|Bisexual|"
    r"Church|Mosque|Synagogue|Gurdwara|Parish"
)
_PEOPLE = (
    r"(?:(?:American|Canadian|British|Student|Students|Students'|Student's|Cultural|Heritage|"
    r"Professional|Professionals|Engineers|Scientists|Scholars|Graduate|Undergraduate|"
    r"Business|Employee|Employees|Staff|Alumni|Christian|Muslim|Youth|Women's|and|&)\s+)"
)
_SOCIAL = (
    r"Society|Societies|Association|Club|Network|Alliance|Circle|Collective|Caucus|Fellowship|"
    r"Community|Choir|Youth\s+Group"
)
# Forward ("Korean Student Association": an origin word, people words, the organisation; an
# institution's name such as "Indian Council of Medical Research" or "African Union" needs a
# people word between) and reverse ("Association of Chinese Professionals").
ORIGIN_AFFILIATION = re.compile(
    rf"\b(?P<origin>{_ORIGINS})\s+(?:{_PEOPLE}{{1,4}}(?:{_ORGANISATION})"
    rf"|(?:{_SOCIAL}))\b"
    rf"|\b(?:{_ORGANISATION})\s+(?:of|for)\s+(?:the\s+)?(?P<after>{_ORIGINS})\b",
    re.IGNORECASE,
)
# Organisations whose name alone says the group (the identity word would leave "Who Code").
GROUP_ORGANISATIONS = re.compile(
    r"\b(?:(?:Black\s+)?(?:Women|Girls)\s+Who\s+Code|Black\s+Girls\s+Code|"
    r"Lesbians\s+Who\s+Tech|AnitaB\.org|Grace\s+Hopper\s+Celebration|Out\s+in\s+Tech|"
    r"Out\s*&\s*Equal|Hillel(?:\s+International)?|Newman\s+Club|InterVarsity|"
    r"NSBE|SHPE|AISES|SACNAS|SASE|MAES|oSTEM|NOGLSTP|"
    # with the group's origin before it ("Nigerian Women in Tech")
    rf"(?:(?:{_ORIGINS})\s+)?"
    r"(?:Women|Girls|Black|Latin[ax]s?|Queer|LGBTQ?\+?)\s+in\s+(?:Tech|Technology|STEM|Engineering|"
    r"Computing|Data|AI|Science|Cloud|Security|Product|Machine\s+Learning|ML|Open\s+Source))"
    r"(?![\w])"
    # "Society of Women Engineers (SWE)" keeps "Society of Engineers"; the acronym goes.
    r"|(?<=Engineers\s)\(SWE\)",
)
# A header line that is a name and a pronoun statement or a maiden name ("Mary Ann Smith
# (she/her)", "Mary Smith (née O'Brien)"): the resume parser may not read a name there, so the
# blinder reads it itself.
_NAME_WITH_PRONOUNS = re.compile(
    rf"^\s*(?P<name>[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þa-z][\w'’.-]+){{1,3}})\s*[,|–—-]?\s*"
    rf"[(\[]?\s*(?:(?:pronouns?\s*[:：-]?\s*)?(?:{_SUBJECTS})\s*/|(?:née|nee|geb\.|geborene)\s)",
    re.IGNORECASE,
)
# A name part with another sense ("Ruby", "Washington") is the name only in these places.
_NAME_VERBS = (
    r"is|was|has|had|led|leads|built|builds|joined|worked|works|designed|developed|managed|"
    r"brings|holds|loves|enjoys|specialises|specializes|received|graduated|mentors|mentored|"
    r"wrote|writes|owns|owned|created|creates|shipped|ships|ran|runs|drove|drives|delivered|"
    r"delivers|coached|coaches|trained|trains|organised|organized|organises|organizes|launched|"
    r"launches|founded|started|teaches|taught|speaks|spoke|helped|helps|will|can|would|also"
)
_INSTITUTION_AFTER = re.compile(
    r"\s+(?:University|College|Institute|School|Academy|Street|Road|Avenue|Hall|Foundation)\b"
)
PARTICLES = frozenset("de da van von der den del la le bin binti al el di du dos das ter".split())
_SEPARATOR_RUN = re.compile(r"(?:\s*[|,;·•/–—:-]\s*){2,}")
_HEADER_LINES = 10


# What every line is searched for, each with the word (a group of _CUE_WORDS) a text must
# hold for it to be worth it: FAMILY, BIRTHPLACE and PERSONAL_TRAITS have no fixed start to
# look for, and most resumes hold none of their words.
_GUARDED: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (EMAIL, None),
    (LINK, None),
    (HANDLE, None),
    (STREET, None),
    (AGE, None),
    (MARITAL, None),
    (FAMILY, "family"),
    (BIRTHPLACE, "birth"),
    (PERSONAL_TRAITS, "trait"),
    (HONORIFIC, None),
    (PRONOUN_SET, None),
    (MAIDEN_NAME, None),
    (GROUP_WORDS, None),
    (GROUP_ORGANISATIONS, None),
)
_CUE_WORDS = re.compile(
    r"\b(?:(?P<family>(?:grand)?(?:mother|father|parent)|mom|mum|dad|kids?|children|child|sons|"
    r"daughters?|wife|husband|spouse|empty[- ]nester)"
    r"|(?P<birth>born|grew|raised|originally|hails?|native|hometown)"
    r"|(?P<trait>hijab|hijabi|niqab|burqa|headscarf|turban|kippah|yarmulke|wheelchair|height|"
    r"weight|am|I['’]m|blind|diagnosed|living))\b"
    r"|[A-Za-z]-born\b(?P<born>)",
    re.IGNORECASE,
)


def _cue_groups(text: str) -> set[str]:
    """Which of the guarded patterns' words ``text`` holds (one pass over it)."""
    found: set[str] = set()
    for match in _CUE_WORDS.finditer(text):
        found.add("birth" if match.group("born") is not None else str(match.lastgroup))
        if len(found) == 3:
            break
    return found


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


def stated_name(text: str) -> str | None:
    """The name on a header line that states pronouns or a maiden name beside it ("Mary Ann
    Smith (she/her)"), or None."""
    for line in text.splitlines()[:_HEADER_LINES]:
        match = _NAME_WITH_PRONOUNS.match(line)
        if match:
            words = [w for w in match.group("name").split() if w.lower() not in PARTICLES]
            if all(w[:1].isupper() for w in words):
                return match.group("name")
    return None


def without_personal_details(text: str) -> str:
    """``text`` with where the person was born and their labelled personal details (date and
    place of birth, nationality...) blanked out by spaces: what the resume parser looks for the
    place the person lives in ("Born in Lagos, Nigeria" is not where they live)."""
    spans = [m.span() for m in BIRTHPLACE.finditer(text)]
    spans += [m.span() for m in PERSONAL_DETAIL.finditer(text)]
    if not spans:
        return text
    return _apply(text, [_Edit(start, end, "") for start, end in spans], keep_length=True)


def _with_stated_name(text: str, identity: Identity) -> Identity:
    """``identity`` with the name a header states beside pronouns or a maiden name."""
    stated = stated_name(text)
    if not stated or stated in identity.names:
        return identity
    return Identity((*identity.names, stated), identity.emails, identity.phones, identity.links)


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

    def name_spans(self, text: str, identity: Identity) -> list[tuple[int, int]]:
        """Where ``text`` reads as the person's name (start and end offsets): the places the
        blind text removes the name or reads "they" for it."""
        identity = _with_stated_name(text, identity)
        return [
            (offset + start, offset + end)
            for offset, line, in_header, _ in self._lines(text)
            for name in identity.names
            for start, end, _ in self._name_runs(line, name, in_header=in_header)
        ]

    def _lines(self, text: str) -> Iterator[tuple[int, str, bool, str]]:
        """Each line with text that is not a heading: (offset, line, whether it is in the
        header, the section it is in)."""
        offset = 0
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
                yield offset, line, section == "header", section
            offset += len(line)

    def _edits(self, text: str, identity: Identity) -> list[_Edit]:
        identity = _with_stated_name(text, identity)
        edits: list[_Edit] = []
        education_years: list[tuple[int, int, int]] = []  # (start, end, year)
        # The patterns with no fixed start to look for run only on texts with their words.
        present = _cue_groups(text)
        patterns = [pattern for pattern, group in _GUARDED if group is None or group in present]
        for offset, line, in_header, section in self._lines(text):
            edits += self._line_edits(line, offset, identity, patterns, in_header=in_header)
            if section == "education":
                education_years += [
                    (offset + m.start(), offset + m.end(), int(m.group(0)))
                    for m in YEAR.finditer(line)
                ]
            education_years += [
                (offset + m.start(), offset + m.end(), _class_year(m))
                for m in CLASS_OF.finditer(line)
            ]
        if education_years:
            # Graduation years before the last degree's say how old the person is.
            last = max(year for _, _, year in education_years)
            edits += [_Edit(s, e, "") for s, e, year in education_years if year < last]
        return edits

    def _line_edits(
        self,
        line: str,
        offset: int,
        identity: Identity,
        patterns: Sequence[re.Pattern[str]],
        *,
        in_header: bool,
    ) -> list[_Edit]:
        edits: list[_Edit] = []

        def remove(pattern: re.Pattern[str], source: str = line) -> None:
            edits.extend(
                _Edit(offset + m.start(), offset + m.end(), "") for m in pattern.finditer(source)
            )

        for match in PERSONAL_DETAIL.finditer(line):
            label = (match.group("label") or match.group("dash_label")).lower()
            if label.startswith(("nationality", "citizenship")) and _WORK_RIGHT.search(
                match.group("value") or match.group("dash_value") or ""
            ):
                continue  # a right to work is a job fact
            edits.append(_Edit(offset + match.start(), offset + match.end(), ""))
        for pattern in patterns:
            remove(pattern)
        edits += [
            _Edit(offset + m.start("age"), offset + m.end("age"), "")
            for m in BARE_AGE.finditer(line)
            if _ROLE_BEFORE.search(_before(line, m.start(), 40))
        ]
        for match in ORIGIN_AFFILIATION.finditer(line):
            word = "origin" if match.group("origin") else "after"
            edits.append(_Edit(offset + match.start(word), offset + match.end(word), ""))
        for known in (*identity.emails, *identity.links, *identity.phones):
            remove(_literal(known))
        if in_header:
            edits += [
                _Edit(offset + m.start(group), offset + m.end(group), "")
                for m in HEADER_AGE.finditer(line)
                for group in ("age", "bracketed")
                if m.group(group)
            ]
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
        edits: list[_Edit] = []
        for start, end, plain in self._name_runs(line, name, in_header=in_header):
            edits += _as_pronoun(
                line, offset, start, end, in_header=in_header, subject_by_place=plain
            )
        return edits

    def _name_runs(self, line: str, name: str, *, in_header: bool) -> list[tuple[int, int, bool]]:
        """Where ``line`` reads as ``name``: (start, end, whether a part with no other sense,
        or two parts side by side, stand there)."""
        # Where the name stands: (start, end, whether a part with no other sense is there).
        parts = _name_parts(name)
        # A name whose every part is also a skill or a place, written as a list outside the
        # header ("Ruby, Julia, Python" in Julia Ruby's skills), is the list, not the name.
        listed = not in_header and all(self.has_other_sense(p.lower()) for p in parts)
        spans = [
            (m.start(), m.end(), True)
            for m in (*_whole_name(name).finditer(line), *_family_name(name).finditer(line))
            if not (listed and "," in m.group(0))
        ]
        for part in parts:
            other_sense = self.has_other_sense(part.lower())
            # Beside another part of the name ("Mary Ann is ..."), a part is the name too.
            others = tuple(p for p in parts if p != part)
            for match in _name_part(part).finditer(line):
                after = line[match.end() :]
                if _INSTITUTION_AFTER.match(after):
                    continue  # "Brown University" is a place, not the person
                possessive = match.group(0).endswith(("'s", "’s"))
                beside = _beside(line, match.start(), match.end(), others)
                if other_sense and not (
                    (in_header and _a_name_line(line, parts))
                    or possessive
                    or beside
                    or _reads_as_name(after)
                    or _past_subject(_before(line, match.start()), after)
                    or _INTRODUCED.search(_before(line, match.start()))
                    or _APPOSITION.match(after)
                ):
                    continue
                spans.append((match.start(), match.end(), not other_sense or beside))
        # Parts side by side ("Mary Ann") are one name: one subject, one removal.
        runs: list[list[int]] = []
        for start, end, plain in sorted(spans):
            if runs and start <= runs[-1][1] + 1 and not line[runs[-1][1] : start].strip():
                runs[-1][1] = max(runs[-1][1], end)
                runs[-1][2] = runs[-1][2] or int(plain)
            else:
                runs.append([start, end, int(plain)])
        return [(start, end, bool(plain)) for start, end, plain in runs]


def _as_pronoun(
    line: str,
    offset: int,
    start: int,
    end: int,
    *,
    in_header: bool,
    subject_by_place: bool = True,
) -> list[_Edit]:
    """The edits for the name at ``line[start:end]``: outside the header, a name that is a
    sentence's subject becomes "they" (with the verb after it agreeing) and a possessive
    "their", as "she" and "her" do, so that "Julia led" and "She led" read alike; elsewhere
    the name is removed. ``subject_by_place``: a name at a sentence's start before a lower-case
    word is its subject (not said of a name part that is also a skill: "Ruby scripts ...")."""
    found = line[start:end]
    if in_header:
        return [_Edit(offset + start, offset + end, "")]
    before = _before(line, start)
    sentence_start = bool(_SENTENCE_START.search(before))
    clause_start = sentence_start or bool(_CLAUSE_START.search(before))

    def case(word: str) -> str:
        return word.capitalize() if sentence_start else word

    if found.endswith(("'s", "’s")):
        return [_Edit(offset + start, offset + end, case("their"), exact=True)]
    after = line[end:]
    verb = _NEXT_WORD.match(after)
    next_word = verb.group(1) if verb is not None else ""
    # A name part that is also a skill is a subject before a verb in the past ("Julia
    # optimised"), which a skill seldom is.
    subject = _reads_as_name(after) or (
        clause_start and next_word.islower() and (subject_by_place or _past_verb(next_word))
    )
    if not subject:
        return [_Edit(offset + start, offset + end, "")]
    edits = [_Edit(offset + start, offset + end, case("they"), exact=True)]
    if verb is not None and verb.group(1).islower():
        plural = _plural_verb(verb.group(1))
        if plural != verb.group(1):
            at = offset + end + verb.start(1)
            edits.append(_Edit(at, at + len(verb.group(1)), plural, exact=True))
    return edits


# Where a sentence starts: the line's start (after a bullet) or after a full stop.
_SENTENCE_START = re.compile(r"(?:^\s*(?:[-•*–·]\s*)?|[.!?][\"')\]]?\s+)$")
# Where a clause starts: after a conjunction or a semicolon ("... and Julia optimised").
_CLAUSE_START = re.compile(r"(?:[;,]|\b(?:and|but|then|so|while|where|when|because))\s+$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z][a-z'’]*)\b")


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    replacement: str
    exact: bool = False  # the replacement as written, not in the replaced word's case


def _apply(text: str, edits: Sequence[_Edit], *, keep_length: bool) -> str:
    """The text with the edits made. An edit inside a wider one gives way to it ("Julia" in
    "Julia Ruby"); edits that overlap otherwise, or cover the same text differently, merge
    into one removal."""
    if not edits:
        return text
    merged: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if merged and edit.start < merged[-1].end:
            last = merged[-1]
            inside = edit.end <= last.end and (edit.start, edit.end) != (last.start, last.end)
            if not inside and (edit.end > last.end or edit.replacement != last.replacement):
                merged[-1] = _Edit(last.start, max(last.end, edit.end), "")
            continue
        merged.append(edit)
    pieces = []
    position = 0
    capitalise = False
    for edit in merged:
        piece = _capitalised(text[position : edit.start], capitalise)
        pieces.append(piece)
        # Removals side by side ("Married mother of two, backend ..."): nothing was written
        # between them, so the next word still starts the sentence.
        pending = capitalise and not any(c.isalnum() for c in piece)
        span = text[edit.start : edit.end]
        if keep_length:
            pieces.append("".join(c if c == "\n" else " " for c in span))
            capitalise = False
        else:
            replacement = edit.replacement if edit.exact else _cased(edit.replacement, span)
            pieces.append(replacement + ("\n" if "\n" in span else ""))
            # A sentence's first word removed ("Hijab-wearing backend engineer"): the next
            # word starts the sentence, as it would have had the word never been written.
            capitalise = not replacement and (
                pending or (span[:1].isupper() and _starts_sentence(text, edit.start))
            )
        position = edit.end
    pieces.append(_capitalised(text[position:], capitalise))
    return "".join(pieces)


def _starts_sentence(text: str, at: int) -> bool:
    """Whether ``text[at:]`` starts a sentence: at a line's start (after a bullet) or after a
    full stop."""
    return bool(_SENTENCE_START.search(_before(text, at)))


def _before(text: str, at: int, window: int = 60) -> str:
    """What stands before ``at`` on its line, the last ``window`` characters of it at most (so
    that a very long line is not scanned again for every match on it); a cut line starts with
    a mark that no "line start" pattern takes for one."""
    start = text.rfind("\n", max(0, at - window), at) + 1
    if start == 0 and at > window:
        return "\x00" + text[at - window : at]
    return text[start:at]


def _capitalised(text: str, capitalise: bool) -> str:
    """``text`` with its first word capitalised if ``capitalise`` and the word is all lower
    case ("backend" -> "Backend"; "iOS" stays)."""
    if not capitalise:
        return text
    match = re.match(r"[\s,;:]*([a-z][a-z'’-]*)\b", text)
    if match is None:
        return text
    at = match.start(1)
    return text[:at] + text[at].upper() + text[at + 1 :]


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
    # A sentence removed whole leaves its full stop: "Engineer. Aged 58. Loves Go" and
    # "Engineer, 58." read as "Engineer. Loves Go" and "Engineer."
    line = _DANGLING_STOP.sub(r"\1", line)
    line = re.sub(r"\s+([,;:)]|\.(?=\s|$))", r"\1", line)
    line = re.sub(r"\(\s*\)|\[\s*\]", "", line)
    line = _STOP_AFTER_SEPARATOR.sub(".", line)
    line = _DOUBLE_STOP.sub(".", line)
    line = re.sub(r"^[.,;:]\s+", "", line.strip())
    return " ".join(line.split()).strip(" |,;·•/–—-")


# Each starts only where a run starts (a look-behind), so a run of 20,000 dots is read once,
# not once per dot; an ellipsis ("Kafka... then") stays.
_DANGLING_STOP = re.compile(r"(?<![.!?])([.!?])(?:\s+\.)++(?=\s|$)")
_DOUBLE_STOP = re.compile(r"(?<![.])\.\.(?![.])")
_STOP_AFTER_SEPARATOR = re.compile(r"(?<![,;:])[,;:]++\.(?=\s|$)")


def _first_separator(run: str) -> str:
    mark = next(c for c in run if not c.isspace())
    return f"{mark} " if mark in ",;:" else f" {mark} "


# The verb after a subject pronoun agrees with "they": "she is" and "they are" read the same.
_SUBJECT_VERB = re.compile(
    r"(?<![\w'’])(?:he|she|they|ze|zie|xe)\s+(?P<verb>[a-z]+)\b", re.IGNORECASE
)
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


def _class_year(match: re.Match[str]) -> int:
    """The year of "Class of 1998", "Class of '98" (a two-digit year up to 40 is 20xx) or
    "graduated ... 1982"."""
    if match.group("year") or match.group("graduated"):
        return int(match.group("year") or match.group("graduated"))
    short = int(match.group("short"))
    return 2000 + short if short <= 40 else 1900 + short


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
def _family_name(name: str) -> re.Pattern[str]:
    """A family name that starts with a particle ("de la Cruz" of "Ana de la Cruz"), whole;
    a pattern that matches nothing for other names (their parts are removed one by one)."""
    parts = name.split()
    start = next((i for i in range(1, len(parts)) if parts[i].lower() in PARTICLES), None)
    if start is None or start == len(parts) - 1:
        return re.compile(r"(?!)")
    tail = r"\s+".join(re.escape(p) for p in parts[start:])
    return re.compile(rf"(?<![\w])(?:{tail})(?:['’]s)?(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=20_000)
def _name_part(part: str) -> re.Pattern[str]:
    """A part of a name as a whole word, as names are written (capitalised or in capitals),
    with a possessive ("Ada's") taken along."""
    forms = sorted({part, part.capitalize(), part.upper()}, key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w@.])(?:{alternatives})(?:['’]s)?(?![\w])")


def _beside(line: str, start: int, end: int, others: tuple[str, ...]) -> bool:
    """Whether another part of the name stands right before or after ``line[start:end]``."""
    if not others:
        return False
    after, before = _beside_patterns(others)
    return bool(after.match(line, end) or before.search(_before(line, start)))


@lru_cache(maxsize=20_000)
def _beside_patterns(others: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = "|".join(re.escape(f) for o in others for f in {o, o.upper()})
    return (
        re.compile(rf"\s+(?:{words})(?![\w])"),
        re.compile(rf"(?<![\w])(?:{words})\s+$"),
    )


_NAME_CONTEXT = re.compile(rf"^\s+(?:{_NAME_VERBS})\b")


def _reads_as_name(after: str) -> bool:
    return bool(_NAME_CONTEXT.match(after))


# "I am Julia", "My name is Julia", and "Julia, a backend engineer": the name, whatever else
# the word means.
_INTRODUCED = re.compile(r"(?:\bI\s+am|\bI['’]m|\bmy\s+name\s+is|\bname\s*[:：-])\s+$", re.I)
_APPOSITION = re.compile(r",\s+(?:an?|the)\s+[a-z]")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def _a_name_line(line: str, parts: Sequence[str]) -> bool:
    """Whether a header line is the name's own line: every word on it a part of the name or
    an initial ("Julia R."). A part with another sense elsewhere in the header ("Austin, TX",
    "iOS Developer (Swift)") is the place or the skill."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", line)
    known = {p.lower() for p in parts}
    return bool(words) and all(
        w.lower().rstrip(".") in known or _INITIAL.match(w) or w.lower() in PARTICLES for w in words
    )


def _past_subject(before: str, after: str) -> bool:
    """Whether a word at a sentence's or a clause's start is followed by a verb in the past
    ("Julia optimised ..."): the subject of a sentence about what the person did."""
    verb = _NEXT_WORD.match(after)
    word = verb.group(1) if verb is not None else ""
    starts = _SENTENCE_START.search(before) or _CLAUSE_START.search(before)
    return bool(starts) and word.islower() and _past_verb(word)


def _past_verb(word: str) -> bool:
    return word.endswith("ed") and len(word) > 3


def _default_heading(line: str) -> str | None:
    # The resume parser's own rule for headings.
    return section_heading(line)
