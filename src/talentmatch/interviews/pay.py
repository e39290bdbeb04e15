"""An interview request's pay compared with what it is measured against: the candidate's minimum
(base against base), the job's band (base) and the market benchmark (the survey reports base
pay, in USD). Amounts in different currencies are converted with the ECB reference rate of the
request's date (:mod:`talentmatch.ml.money`), and every sentence shows both amounts."""

from __future__ import annotations

import datetime
from typing import Any

from talentmatch.interviews.schemas import (
    BenchmarkInCurrency,
    CompensationView,
    ConvertedAmount,
    MinimumCheck,
)
from talentmatch.ml import money
from talentmatch.ml.money import Compensation, Conversion, amount_text, conversion_text


def compensation_view(pay: Compensation) -> CompensationView:
    return CompensationView(
        base=pay.base,
        currency=pay.currency,
        bonus_percent=pay.bonus_percent,
        bonus=pay.bonus,
        equity_per_year=pay.equity_per_year,
        equity_vesting=pay.equity_vesting or "",
        total=pay.total,
        summary=pay.describe(),
    )


def converted(found: Conversion) -> ConvertedAmount:
    return ConvertedAmount(
        amount=round(found.amount),
        currency=found.currency,
        converted=round(found.converted),
        to_currency=found.to_currency,
        rate_date=found.rate_date,
        text=conversion_text(found),
    )


def _rate_note(found: Conversion) -> str:
    return f" (ECB rate of {found.rate_date.isoformat()})" if found.rate_date else ""


def minimum_check(
    base: int,
    currency: str,
    minimum: int | None,
    minimum_currency: str,
    on: datetime.date | None,
) -> MinimumCheck | None:
    """The offer's base against the candidate's minimum base, in the minimum's currency; None
    when there is no minimum. ``meets`` is None when no ECB rate links the two currencies."""
    if not minimum:
        return None
    found = money.conversion(base, currency, minimum_currency, on)
    if found is None:
        return MinimumCheck(
            minimum=minimum,
            minimum_currency=minimum_currency,
            base=None,
            meets=None,
            text=(
                f"{amount_text(base, currency)} cannot be compared with the candidate's "
                f"minimum base of {amount_text(minimum, minimum_currency)}: the ECB publishes "
                "no rate for "
                f"{currency if not money.can_convert(currency) else minimum_currency}"
            ),
        )
    meets = found.converted >= minimum
    verdict = "meets" if meets else "below"
    return MinimumCheck(
        minimum=minimum,
        minimum_currency=minimum_currency,
        base=converted(found),
        meets=meets,
        text=(
            f"{conversion_text(found)}, {verdict} the candidate's minimum base of "
            f"{amount_text(minimum, minimum_currency)}{_rate_note(found)}"
        ),
    )


def band_warnings(
    base: int,
    currency: str,
    band_min: int | None,
    band_max: int | None,
    band_currency: str,
    on: datetime.date | None,
) -> list[str]:
    """A base outside the job's advertised band (compared in the band's currency)."""
    if band_min is None and band_max is None:
        return []
    found = money.conversion(base, currency, band_currency, on)
    band = " – ".join(f"{b:,}" for b in (band_min, band_max) if b is not None)
    band = f"{band} {band_currency}"
    if found is None:
        return [f"the offer in {currency} cannot be compared with the band in {band_currency}"]
    offer = f"the base salary of {conversion_text(found)}"
    if band_min is not None and found.converted < band_min:
        return [f"{offer} is below the job's advertised band of {band}{_rate_note(found)}"]
    if band_max is not None and found.converted > band_max:
        return [f"{offer} is above the job's advertised band of {band}{_rate_note(found)}"]
    return []


def minimum_warnings(check: MinimumCheck | None) -> list[str]:
    if check is None or check.meets:
        return []
    if check.meets is None:
        return [check.text]
    return [f"base salary {check.text}"]


def benchmark_in(
    market: dict[str, Any] | None, currency: str, on: datetime.date | None
) -> BenchmarkInCurrency | None:
    """The benchmark's quartiles (base pay) in ``currency``; None without a benchmark or a
    rate. The same currency returns them unchanged."""
    if not market or not all(market.get(q) for q in ("p25", "p50", "p75")):
        return None
    source = str(market.get("currency") or "USD")
    quartiles = [
        money.conversion(float(market[q]), source, currency, on) for q in ("p25", "p50", "p75")
    ]
    if any(q is None for q in quartiles):
        return None
    p25, p50, p75 = (q for q in quartiles if q is not None)
    return BenchmarkInCurrency(
        p25=round(p25.converted),
        p50=round(p50.converted),
        p75=round(p75.converted),
        currency=currency,
        from_currency=source,
        rate_date=p50.rate_date,
    )


def market_warnings(
    base: int, currency: str, market: dict[str, Any] | None, on: datetime.date | None
) -> list[str]:
    """A base under the market's lower quartile (base pay) deserves a second look."""
    local = benchmark_in(market, currency, on)
    if market is None or local is None or base >= local.p25:
        return []
    source = market.get("currency") or "USD"
    quartile = amount_text(market["p25"], source)
    if source != currency:
        quartile += f" ≈ {money.approx_text(local.p25, currency)}"
        quartile += f", ECB rate of {local.rate_date.isoformat()}" if local.rate_date else ""
    return [f"the base salary is below the market's 25th percentile of base pay ({quartile})"]
