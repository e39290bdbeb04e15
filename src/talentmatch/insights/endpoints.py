from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from talentmatch.accounts.dependencies import CurrentUser
from talentmatch.counselling.schemas import LevelQuery
from talentmatch.deps import SessionDep, SettingsDep
from talentmatch.insights.pay import pay_report
from talentmatch.insights.schemas import PayReport
from talentmatch.kit.fields import CountryCode, ShortText

router = APIRouter(prefix="/api", tags=["insights"])


@router.get("/insights/pay")
def pay(
    _user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    role: Annotated[ShortText | None, Query(description="a job title, e.g. Data Scientist")] = None,
    level: Annotated[
        LevelQuery | None, Query(description="entry, mid, senior or executive")
    ] = None,
    country: Annotated[CountryCode | None, Query(description="ISO 3166 alpha-2")] = None,
) -> PayReport:
    """The salaries companies named in this marketplace's interview requests, by role, level
    and country, in one currency. A cell is shown only with enough requests from enough
    companies, none of them above a set share, so that no company's offer can be read off it;
    the thresholds come with the answer."""
    return pay_report(session, settings, role=role, level=level, country=country or None)
