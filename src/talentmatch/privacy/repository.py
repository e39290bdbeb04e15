from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from talentmatch.companies.models import Company
from talentmatch.privacy.models import ProfileView


class ProfileViewRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(
        self, company_id: uuid.UUID, profile_id: uuid.UUID, hour: datetime, viewed_at: datetime
    ) -> None:
        """Record a view unless this company's view of the profile in that hour is recorded."""
        values = {
            "id": uuid.uuid4(),
            "company_id": company_id,
            "profile_id": profile_id,
            "hour": hour,
            "viewed_at": viewed_at,
            "created_at": viewed_at,
            "updated_at": viewed_at,
        }
        keys = ["profile_id", "company_id", "hour"]
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            on_postgres = postgresql.insert(ProfileView).values(values)
            self.session.execute(on_postgres.on_conflict_do_nothing(index_elements=keys))
        elif dialect == "sqlite":
            on_sqlite = sqlite.insert(ProfileView).values(values)
            self.session.execute(on_sqlite.on_conflict_do_nothing(index_elements=keys))
        else:  # no portable "insert or ignore": look first (one recorder thread per process)
            found = self.session.scalar(
                sa.select(ProfileView.id).where(
                    ProfileView.company_id == company_id,
                    ProfileView.profile_id == profile_id,
                    ProfileView.hour == hour,
                )
            )
            if found is None:
                self.session.execute(sa.insert(ProfileView).values(values))

    def for_profile(
        self, profile_id: uuid.UUID, *, limit: int | None = None
    ) -> Sequence[tuple[ProfileView, str]]:
        """The profile's views, newest first, with the company's name."""
        query = (
            sa.select(ProfileView, Company.name)
            .join(Company, Company.id == ProfileView.company_id)
            .where(ProfileView.profile_id == profile_id)
            .order_by(ProfileView.viewed_at.desc(), ProfileView.id)
        )
        if limit is not None:
            query = query.limit(limit)
        return [(view, name) for view, name in self.session.execute(query)]
