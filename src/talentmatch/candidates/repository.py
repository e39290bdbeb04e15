from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from talentmatch.accounts.models import User
from talentmatch.candidates.models import (
    CandidateProfile,
    HiddenCompany,
    ProfileStatus,
    RemotePreference,
    ResumeFile,
    ResumeStatus,
)
from talentmatch.companies.models import Company
from talentmatch.companies.repository import CompanyRepository
from talentmatch.kit.clock import as_utc
from talentmatch.kit.company_names import matching_keys
from talentmatch.kit.queries import among, chunked


def _json_list_contains(
    column: InstrumentedAttribute[list[str]], value: str
) -> sa.ColumnElement[bool]:
    """Case-insensitive "this JSON list of strings has ``value``", on SQLite and PostgreSQL."""
    needle = json.dumps(value.lower())[1:-1]  # the element as JSON text, without its quotes
    pattern = '%"' + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + '"%'
    return sa.func.lower(sa.cast(column, sa.Text)).like(pattern, escape="\\")


class CandidateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_ids(self, profile_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, CandidateProfile]:
        """The profiles of ``profile_ids`` by id, in chunked ``IN`` lists."""
        found: dict[uuid.UUID, CandidateProfile] = {}
        for chunk in chunked(profile_ids):
            query = sa.select(CandidateProfile).where(
                among(self.session, CandidateProfile.id, chunk)
            )
            found.update((p.id, p) for p in self.session.scalars(query))
        return found

    def get(self, profile_id: uuid.UUID) -> CandidateProfile | None:
        return self.session.get(CandidateProfile, profile_id)

    def for_user(self, user_id: uuid.UUID) -> CandidateProfile | None:
        return self.session.scalar(
            sa.select(CandidateProfile).where(CandidateProfile.user_id == user_id)
        )

    def owner(self, profile: CandidateProfile) -> User:
        user = self.session.get(User, profile.user_id)
        assert user is not None  # enforced by the foreign key
        return user

    def resume(self, profile_id: uuid.UUID) -> ResumeFile | None:
        return self.session.scalar(sa.select(ResumeFile).where(ResumeFile.profile_id == profile_id))

    def resume_by_id(self, resume_id: uuid.UUID, *, lock: bool = False) -> ResumeFile | None:
        """A resume by its own id; ``lock`` takes its row lock (two reading runs take turns)."""
        if lock:
            return self.session.get(ResumeFile, resume_id, with_for_update=True)
        return self.session.get(ResumeFile, resume_id)

    def resumes_reading_since(self, before: datetime) -> list[tuple[uuid.UUID, str]]:
        """(id, sha256) of resumes still waiting to be read that were stored before ``before``."""
        rows = self.session.execute(
            sa.select(ResumeFile.id, ResumeFile.sha256).where(
                ResumeFile.status == ResumeStatus.READING, ResumeFile.updated_at < before
            )
        ).all()
        return [(row.id, row.sha256) for row in rows]

    def resume_info(self, profile_id: uuid.UUID) -> ResumeFile | None:
        """The resume row without loading its bytes."""
        return self.session.scalar(
            sa.select(ResumeFile)
            .where(ResumeFile.profile_id == profile_id)
            .options(sa.orm.defer(ResumeFile.content), sa.orm.defer(ResumeFile.text))
        )

    def has_resume(self, profile_id: uuid.UUID) -> bool:
        return (
            self.session.scalar(sa.select(ResumeFile.id).where(ResumeFile.profile_id == profile_id))
            is not None
        )

    def with_resume(self, profile_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of ``profile_ids`` (a page of them) have a resume file."""
        return set(
            self.session.scalars(
                sa.select(ResumeFile.profile_id).where(
                    among(self.session, ResumeFile.profile_id, profile_ids)
                )
            )
        )

    def hidden_company(self, hidden_id: uuid.UUID) -> HiddenCompany | None:
        return self.session.get(HiddenCompany, hidden_id)

    def hidden_companies(self, profile_id: uuid.UUID) -> list[HiddenCompany]:
        return list(
            self.session.scalars(
                sa.select(HiddenCompany)
                .where(HiddenCompany.profile_id == profile_id)
                .order_by(HiddenCompany.created_at)
            )
        )

    def keys_hiding_from(self, company: Company) -> set[str]:
        """Every stored hidden-company key that names ``company`` (fuzzy: "ACME" = "Acme Inc.",
        "Gl0bex" = "Globex"), by any name or domain it has had, less the resemblances an
        operator has ruled out (never its own exact names)."""
        companies = CompanyRepository(self.session)
        own = companies.identity_keys(company)
        all_keys = self.session.scalars(sa.select(HiddenCompany.key).distinct())
        return matching_keys(own, all_keys) - (companies.exempt_keys(company.id) - own)

    def hiding_counts(self, keys: set[str]) -> dict[str, int]:
        """How many profiles hide each of ``keys``."""
        if not keys:
            return {}
        rows = self.session.execute(
            sa.select(HiddenCompany.key, sa.func.count(sa.distinct(HiddenCompany.profile_id)))
            .where(HiddenCompany.key.in_(keys))
            .group_by(HiddenCompany.key)
        )
        return {key: count for key, count in rows}

    def is_hidden_from(self, profile_id: uuid.UUID, keys: set[str]) -> bool:
        if not keys:
            return False
        found = self.session.scalar(
            sa.select(HiddenCompany.id)
            .where(HiddenCompany.profile_id == profile_id, HiddenCompany.key.in_(keys))
            .limit(1)
        )
        return found is not None

    def visible_among(
        self, profile_ids: Sequence[uuid.UUID], hidden_keys: set[str], now: datetime
    ) -> list[CandidateProfile]:
        """The profiles of ``profile_ids`` (a retrieval shortlist) that ``visible_query`` would
        return, in shortlist order: :meth:`visible_stamps_among`'s, then loaded by primary
        key."""
        visible = [p for p, *_ in self.visible_stamps_among(profile_ids, hidden_keys, now)]
        rows = self.by_ids(visible)
        return [rows[p] for p in visible if p in rows]

    def visible_stamps_among(
        self, profile_ids: Sequence[uuid.UUID], hidden_keys: set[str], now: datetime
    ) -> list[tuple[uuid.UUID, datetime, datetime | None]]:
        """``(id, updated_at, the resume's updated_at or None)`` of the profiles of
        ``profile_ids`` that ``visible_query`` would return, in shortlist order, without
        loading them: enough to tell whether a remembered profile is current."""
        found: dict[uuid.UUID, tuple[datetime, datetime | None]] = {}
        for chunk in chunked(profile_ids):
            # Status and expiry are read, not searched: the shortlist drives the query.
            query = (
                sa.select(
                    CandidateProfile.id,
                    CandidateProfile.updated_at,
                    CandidateProfile.status,
                    CandidateProfile.live_until,
                    ResumeFile.updated_at,
                )
                .outerjoin(ResumeFile, ResumeFile.profile_id == CandidateProfile.id)
                .where(among(self.session, CandidateProfile.id, chunk))
            )
            found.update(
                (profile_id, (updated_at, resume_at))
                for profile_id, updated_at, status, live_until, resume_at in self.session.execute(
                    query
                )
                if status is ProfileStatus.LIVE
                and live_until is not None
                and as_utc(live_until) > now
            )
        hidden = self._hiding_among(list(found), hidden_keys)
        return [(p, *found[p]) for p in profile_ids if p in found and p not in hidden]

    def _hiding_among(
        self, profile_ids: Sequence[uuid.UUID], hidden_keys: set[str]
    ) -> set[uuid.UUID]:
        if not hidden_keys:
            return set()
        hiding: set[uuid.UUID] = set()
        for chunk in chunked(profile_ids):
            hiding.update(
                self.session.scalars(
                    sa.select(HiddenCompany.profile_id).where(
                        among(self.session, HiddenCompany.profile_id, chunk),
                        HiddenCompany.key.in_(hidden_keys),
                    )
                )
            )
        return hiding

    def count_hiding(self, hidden_keys: set[str]) -> int:
        """How many profiles hide from a company with these keys (live or not)."""
        if not hidden_keys:
            return 0
        query = sa.select(sa.func.count(sa.distinct(HiddenCompany.profile_id))).where(
            HiddenCompany.key.in_(hidden_keys)
        )
        return self.session.scalar(query) or 0

    def visible_query(
        self,
        hidden_keys: set[str],
        now: datetime,
        *,
        skill: str | None = None,
        skills: Sequence[str] = (),
        title: str | None = None,
        level: str | None = None,
        min_years: float | None = None,
        max_years: float | None = None,
        country: str | None = None,
        remote: RemotePreference | None = None,
        salary_caps: Mapping[str, float] | None = None,
        available_by: date | None = None,
    ) -> sa.Select[CandidateProfile]:
        """Live, unexpired profiles not hidden from the company whose keys are ``hidden_keys``,
        filtered in SQL. ``salary_caps`` is the most a profile may expect per currency (the
        caller converts); profiles with no expectation pass, other currencies do not."""
        query = sa.select(CandidateProfile).where(
            CandidateProfile.status == ProfileStatus.LIVE, CandidateProfile.live_until > now
        )
        if hidden_keys:
            query = query.where(
                ~sa.exists().where(
                    HiddenCompany.profile_id == CandidateProfile.id,
                    HiddenCompany.key.in_(hidden_keys),
                )
            )
        for wanted in [*skills, *([skill] if skill else [])]:
            query = query.where(_json_list_contains(CandidateProfile.skills, wanted))
        if level:
            # The seniority the resume parser read (jobs' Seniority values).
            query = query.where(CandidateProfile.parsed["seniority"].as_string() == level)
        if min_years is not None:
            query = query.where(CandidateProfile.years_experience >= min_years)
        if max_years is not None:
            query = query.where(CandidateProfile.years_experience <= max_years)
        if salary_caps is not None:
            query = query.where(
                sa.or_(
                    CandidateProfile.min_salary.is_(None),
                    *(
                        (CandidateProfile.salary_currency == code)
                        & (CandidateProfile.min_salary <= cap)
                        for code, cap in salary_caps.items()
                    ),
                )
            )
        if title:
            query = query.where(_json_list_contains(CandidateProfile.titles, title))
        if country:
            query = query.where(CandidateProfile.country == country)
        if remote:
            query = query.where(
                CandidateProfile.remote_preference.in_([remote, RemotePreference.ANY])
            )
        if available_by is not None:
            query = query.where(
                CandidateProfile.available_from.is_(None)
                | (CandidateProfile.available_from <= available_by)
            )
        return query

    def salary_currencies(self) -> list[str]:
        """The currencies live profiles state their expectation in (a handful)."""
        return list(
            self.session.scalars(
                sa.select(CandidateProfile.salary_currency)
                .where(
                    CandidateProfile.status == ProfileStatus.LIVE,
                    CandidateProfile.min_salary.is_not(None),
                )
                .distinct()
            )
        )

    def count_visible(self, hidden_keys: set[str], now: datetime) -> int:
        """How many rows ``visible_query(hidden_keys, now)`` (no filters) returns: the live pool
        (one index range) less the live profiles that hide from the company (few), rather than
        a ``NOT EXISTS`` probe per live profile."""
        live = (CandidateProfile.status == ProfileStatus.LIVE) & (CandidateProfile.live_until > now)
        total = self.session.scalar(sa.select(sa.func.count(CandidateProfile.id)).where(live)) or 0
        if not hidden_keys:
            return total
        hiding = self.session.scalar(
            sa.select(sa.func.count(sa.distinct(HiddenCompany.profile_id)))
            .join(CandidateProfile, CandidateProfile.id == HiddenCompany.profile_id)
            .where(HiddenCompany.key.in_(hidden_keys), live)
        )
        return total - (hiding or 0)

    def page(
        self,
        query: sa.Select[CandidateProfile],
        *,
        limit: int,
        offset: int,
        oldest_first: bool = False,
        total: int | None = None,
    ) -> tuple[Sequence[CandidateProfile], int]:
        """A page of ``query`` and its row count (``total`` when the caller knows it)."""
        if total is None:
            total = (
                self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
            )
        order = (
            (
                # Edits of a live profile wait since they were made, not since its first review.
                sa.func.coalesce(
                    CandidateProfile.edits_submitted_at, CandidateProfile.submitted_at
                ).asc(),
                CandidateProfile.id,
            )
            if oldest_first
            # ix_candidate_profiles_status_updated_at read backwards: no sort of the pool.
            else (CandidateProfile.updated_at.desc(), CandidateProfile.id.desc())
        )
        items = self.session.scalars(query.order_by(*order).limit(limit).offset(offset)).all()
        return items, total

    def awaiting_review(self) -> sa.Select[CandidateProfile]:
        """Submitted profiles, and live ones whose edited free text waits for review."""
        return sa.select(CandidateProfile).where(
            (CandidateProfile.status == ProfileStatus.SUBMITTED)
            | (
                (CandidateProfile.status == ProfileStatus.LIVE)
                & CandidateProfile.edits_submitted_at.is_not(None)
            )
        )

    def by_status(self, status: ProfileStatus) -> sa.Select[CandidateProfile]:
        return sa.select(CandidateProfile).where(CandidateProfile.status == status)

    def users_by_id(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, User]:
        users = self.session.scalars(sa.select(User).where(among(self.session, User.id, user_ids)))
        return {user.id: user for user in users}
