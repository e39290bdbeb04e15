"""Every query of the fair re-ranking options."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.fairness.ranking.models import (
    PLATFORM_ROW,
    CompanyFairRanking,
    FairRankingCalibration,
    PlatformFairRanking,
)


class FairRankingRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def platform(self) -> PlatformFairRanking | None:
        return self.session.get(PlatformFairRanking, PLATFORM_ROW)

    def company(self, company_id: uuid.UUID) -> CompanyFairRanking | None:
        return self.session.scalar(
            sa.select(CompanyFairRanking).where(CompanyFairRanking.company_id == company_id)
        )

    def attributes_chosen(self, company_id: uuid.UUID) -> tuple[str | None, str | None]:
        """The attribute the platform's option and the company's own re-rank by (None where
        off or never set), in one read: every employer's match list asks."""
        platform = (
            sa.select(PlatformFairRanking.attribute)
            .where(PlatformFairRanking.id == PLATFORM_ROW)
            .scalar_subquery()
        )
        company = (
            sa.select(CompanyFairRanking.attribute)
            .where(CompanyFairRanking.company_id == company_id)
            .scalar_subquery()
        )
        chosen = self.session.execute(sa.select(platform, company)).one()
        return chosen[0], chosen[1]

    def attributes_in_use(self) -> set[str]:
        """Every attribute some list is re-ranked by: the platform's option where it is on (it
        comes first for every company), else the companies' own."""
        platform = self.session.scalar(
            sa.select(PlatformFairRanking.attribute).where(PlatformFairRanking.id == PLATFORM_ROW)
        )
        if platform:
            return {platform}
        companies = sa.select(CompanyFairRanking.attribute).where(
            CompanyFairRanking.attribute.is_not(None)
        )
        return {a for a in self.session.scalars(companies.distinct()) if a}

    def latest_calibration(self, attribute: str) -> FairRankingCalibration | None:
        return self.session.scalar(
            sa.select(FairRankingCalibration)
            .where(FairRankingCalibration.attribute == attribute)
            .order_by(FairRankingCalibration.created_at.desc(), FairRankingCalibration.id)
            .limit(1)
        )

    def add(
        self, option: CompanyFairRanking | PlatformFairRanking | FairRankingCalibration
    ) -> None:
        self.session.add(option)
        self.session.flush()

    def companies_on(self) -> int:
        """Companies whose own option is on."""
        query = sa.select(sa.func.count()).where(CompanyFairRanking.attribute.is_not(None))
        return int(self.session.scalar(query) or 0)
