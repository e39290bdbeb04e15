"""Finders for fields that resumes and job posts share: date ranges, places, money, years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import pycountry

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
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
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "DC",
    ]
)
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "britain": "GB",
    "uae": "AE",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "vietnam": "VN",
    "czech republic": "CZ",
    "turkey": "TR",
    "iran": "IR",
    "taiwan": "TW",
    "holland": "NL",
}
_PLACE = re.compile(
    r"\b(?P<city>[A-Z][A-Za-zÀ-ÿ.'-]+(?:[ -][A-Z][A-Za-zÀ-ÿ.'-]+){0,2}),\s*"
    r"(?P<region>[A-Z][A-Za-zÀ-ÿ.]+(?:\s[A-Z][A-Za-zÀ-ÿ.]+){0,2})\b"
)


@dataclass(frozen=True)
class Place:
    text: str
    country: str  # ISO 3166-1 alpha-2, "" when unknown


@cache
def _country_names() -> dict[str, str]:
    names = dict(COUNTRY_ALIASES)
    for country in pycountry.countries:
        names.setdefault(country.name.lower(), country.alpha_2)
        common = getattr(country, "common_name", None)
        if common:
            names.setdefault(common.lower(), country.alpha_2)
    return names


def country_code(text: str) -> str:
    """ISO alpha-2 code for a country name, alias or code; "" if it is none."""
    key = text.strip().strip(".").lower()
    if key in _country_names():
        return _country_names()[key]
    if (
        len(key) == 2
        and pycountry.countries.get(alpha_2=key.upper()) is not None
        and key.upper() != "IN"
    ):
        return key.upper()
    return ""


def find_place(text: str) -> Place | None:
    """The first "City, Country" or "City, ST" (US state) in ``text``."""
    for match in _PLACE.finditer(text):
        region = match.group("region")
        if region.upper() in US_STATES and len(region) == 2:
            return Place(match.group(0), "US")
        # "Berlin, Germany. EUR 80k": try the longest run of words that names a country.
        words = region.split()
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size])
            code = country_code(candidate) or country_code(candidate.rstrip("."))
            if code:
                end = match.start("region") + len(candidate)
                return Place(text[match.start() : end].rstrip("."), code)
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

CURRENCY_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "CHF": "CHF",
    "C$": "CAD",
    "A$": "AUD",
    "S$": "SGD",
}
CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "INR",
        "SGD",
        "JPY",
        "CNY",
        "BRL",
        "MXN",
        "NZD",
        "ZAR",
        "ILS",
        "HKD",
        "CZK",
        "HUF",
    ]
)
_AMOUNT = r"\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?\s*[kK]|\d{2,7}(?:\.\d{1,2})?"
_CURRENCY = r"(?:C\$|A\$|S\$|[$€£¥₹]|\b(?:" + "|".join(sorted(CURRENCY_CODES)) + r")\b)"
SALARY_RANGE = re.compile(
    rf"(?P<cur1>{_CURRENCY})?\s*(?P<low>{_AMOUNT})\s*(?P<cur2>{_CURRENCY})?\s*(?:-|–|—|to)\s*"
    rf"(?P<cur3>{_CURRENCY})?\s*(?P<high>{_AMOUNT})\s*(?P<cur4>{_CURRENCY})?"
    r"(?P<period>\s*(?:per|/|an|a)\s*(?:year|annum|yr|hour|hr|month|mo)\b)?",
    re.IGNORECASE,
)
SALARY_SINGLE = re.compile(
    rf"(?P<cur1>{_CURRENCY})\s*(?P<low>{_AMOUNT})(?P<period>\s*(?:per|/|an|a)\s*(?:year|annum|yr|hour|hr|month|mo)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SalaryRange:
    minimum: int
    maximum: int
    currency: str
    period: str  # what the post said: year, month or hour; amounts are yearly


def _amount(text: str) -> float:
    text = text.strip().lower().replace(" ", "")
    if text.endswith("k"):
        return float(text[:-1].replace(",", ".")) * 1000
    if re.fullmatch(r"\d{1,3}([,.]\d{3})+", text):
        return float(re.sub(r"[,.]", "", text))
    return float(text.replace(",", ""))


def _currency(*symbols: str | None) -> str:
    for symbol in symbols:
        if symbol:
            return CURRENCY_SYMBOLS.get(
                symbol, CURRENCY_SYMBOLS.get(symbol.upper(), symbol.upper())
            )
    return ""


def find_salary(text: str) -> SalaryRange | None:
    """A yearly salary range with its currency ("$120k-150k", "80.000 - 95.000 EUR")."""
    for match in SALARY_RANGE.finditer(text):
        currency = _currency(
            match.group("cur1"), match.group("cur2"), match.group("cur3"), match.group("cur4")
        )
        if not currency:
            continue
        low, high = _amount(match.group("low")), _amount(match.group("high"))
        return _yearly(low, high, currency, match.group("period"))
    single = SALARY_SINGLE.search(text)
    if single:
        amount = _amount(single.group("low"))
        return _yearly(amount, amount, _currency(single.group("cur1")), single.group("period"))
    return None


def _yearly(low: float, high: float, currency: str, period_text: str | None) -> SalaryRange | None:
    period = "year"
    if period_text:
        lowered = period_text.lower()
        period = (
            "hour"
            if re.search(r"hour|hr", lowered)
            else "month"
            if re.search(r"month|mo\b", lowered)
            else "year"
        )
    factor = {"year": 1, "month": 12, "hour": 2080}[period]
    low, high = low * factor, high * factor
    if low > high:
        low, high = high, low
    if low < 1000 or high > 50_000_000:
        return None  # a year, a count or a typo, not a salary
    return SalaryRange(round(low), round(high), currency, period)
