"""The marketplace's own pay data: interview-request salaries by role, level and country.

A cell is published only when no company's offers can be read off it (k-anonymity): it needs
``pay_insights_min_requests`` requests from ``pay_insights_min_companies`` companies, and no
single company may have sent more than ``pay_insights_max_company_share`` of them. Only
quartiles are shown (no minimum, maximum or mean, which one offer moves), rounded to a
thousand, and no total over cells, so a hidden cell cannot be recovered by subtraction.
Amounts are converted to the display currency at the ECB reference rate of each request's day.
"""

from __future__ import annotations

import statistics
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from talentmatch.config import Settings
from talentmatch.counselling.salary import publishable
from talentmatch.insights.repository import request_pay
from talentmatch.insights.schemas import PayCell, PayReport, PayThresholds
from talentmatch.kit.errors import InvalidInput
from talentmatch.ml import money
from talentmatch.ml.fields import country_name
from talentmatch.ml.salary import level_code, level_name, title_key
from talentmatch.ml.seniority import SURVEY_LEVEL
from talentmatch.ml.stored import StoredParse

ROUND_TO = 1000


@dataclass
class _Cell:
    amounts: list[float] = field(default_factory=list)
    companies: Counter[uuid.UUID] = field(default_factory=Counter)


def thresholds(settings: Settings) -> PayThresholds:
    return PayThresholds(
        min_requests=settings.pay_insights_min_requests,
        min_companies=settings.pay_insights_min_companies,
        max_company_share=settings.pay_insights_max_company_share,
    )


def _rounded(value: float) -> int:
    return int(round(value / ROUND_TO) * ROUND_TO)


def pay_report(
    session: Session,
    settings: Settings,
    *,
    role: str | None = None,
    level: str | None = None,
    country: str | None = None,
) -> PayReport:
    """The published cells (filtered by role, level and country when given), highest median
    first, and how many cells the thresholds hide."""
    currency = settings.pay_insights_currency
    if not money.can_convert(currency):
        raise InvalidInput(f"the display currency {currency} has no ECB reference rate")
    try:
        wanted_level = level_code(level)
    except ValueError as error:
        raise InvalidInput(str(error), field="level") from None
    wanted_role = title_key(role) if role and role.strip() else None
    wanted_country = (country or "").strip().upper() or None
    rules = thresholds(settings)
    cells: dict[tuple[str, str | None, str], _Cell] = defaultdict(_Cell)
    not_converted = 0
    for row in request_pay(session):
        key = title_key(row.job_title)
        seniority = row.seniority or StoredParse.of(row.parsed).seniority
        cell_level = SURVEY_LEVEL.get(seniority or "")
        if (
            (wanted_role is not None and key != wanted_role)
            or (wanted_level is not None and cell_level != wanted_level)
            or (wanted_country is not None and row.country != wanted_country)
        ):
            continue
        found = money.conversion(
            float(row.salary), row.currency, currency, row.sent_at.date() if row.sent_at else None
        )
        if found is None:
            not_converted += 1
            continue
        cell = cells[(key, cell_level, row.country)]
        cell.amounts.append(found.converted)
        cell.companies[row.company_id] += 1
    shown = []
    for (key, cell_level, cell_country), cell in cells.items():
        if not publishable(len(cell.amounts), cell.companies, rules):
            continue
        p25, p50, p75 = statistics.quantiles(cell.amounts, n=4, method="inclusive")
        shown.append(
            PayCell(
                role=key.capitalize(),
                level=level_name(cell_level),
                country=cell_country,
                country_name=country_name(cell_country) if cell_country else "not stated",
                requests=len(cell.amounts),
                companies=len(cell.companies),
                p25=_rounded(p25),
                p50=_rounded(p50),
                p75=_rounded(p75),
            )
        )
    shown.sort(key=lambda c: (-c.p50, c.role, c.country))
    return PayReport(
        currency=currency,
        rounded_to=ROUND_TO,
        thresholds=rules,
        cells=shown,
        hidden_cells=len(cells) - len(shown),
        requests_not_converted=not_converted,
    )
