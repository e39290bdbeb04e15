from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from talentmatch.accounts.models import ApiToken, AuthSession, PasswordReset, PendingSignup, User
from talentmatch.candidates.models import CandidateProfile, HiddenCompany
from talentmatch.companies.models import Company, CompanyMember, Invitation
from talentmatch.counselling.models import RoadmapProgress
from talentmatch.db import Base, RecordMixin
from talentmatch.interviews.models import InterviewRequest, Message, RequestEvent
from talentmatch.jobs.models import Job
from talentmatch.matching.models import KeptProfile, MatchVector
from talentmatch.notifications.models import Notification, OutboxEmail
from talentmatch.preparation.models import PracticeCard, PracticeReview
from talentmatch.privacy.models import ProfileView
from talentmatch.recruiting.models import Scorecard

_Record = TypeVar("_Record", bound=RecordMixin)


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


# ----------------------------------------------------------------- a person's data, everywhere
# Export and erasure reach into every domain's tables. Lookups that exist in another domain's
# repository are used from there; these are the ones only privacy needs (for now).


class CandidateRequestRow(NamedTuple):
    request: InterviewRequest
    job_title: str
    company_name: str


class Membership(NamedTuple):
    member: CompanyMember
    company_name: str


class PersonalDataRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _all(self, model: type[_Record], *where: sa.ColumnElement[bool]) -> Sequence[_Record]:
        """Oldest first, as an export lists them."""
        return self.session.scalars(
            sa.select(model).where(*where).order_by(model.created_at, model.id)
        ).all()

    # -- the account (export)

    def api_tokens_of(self, user_id: uuid.UUID) -> Sequence[ApiToken]:
        return self._all(ApiToken, ApiToken.user_id == user_id)

    def sessions_of(self, user_id: uuid.UUID) -> Sequence[AuthSession]:
        return self._all(AuthSession, AuthSession.user_id == user_id)

    def password_resets_of(self, user_id: uuid.UUID) -> Sequence[PasswordReset]:
        return self._all(PasswordReset, PasswordReset.user_id == user_id)

    def emails_to(self, email: str) -> Sequence[OutboxEmail]:
        """E-mails to the address, in any case."""
        return self._all(OutboxEmail, sa.func.lower(OutboxEmail.to_address) == email.lower())

    def notifications_of(self, user_id: uuid.UUID) -> Sequence[Notification]:
        """The in-app notifications (the bell), read or not."""
        return self._all(Notification, Notification.user_id == user_id)

    # -- a candidate (export)

    def hidden_companies(self, profile_id: uuid.UUID) -> Sequence[HiddenCompany]:
        return self._all(HiddenCompany, HiddenCompany.profile_id == profile_id)

    def practice_cards(self, profile_id: uuid.UUID) -> Sequence[PracticeCard]:
        return self._all(PracticeCard, PracticeCard.profile_id == profile_id)

    def practice_reviews(self, profile_id: uuid.UUID) -> Sequence[PracticeReview]:
        return self._all(PracticeReview, PracticeReview.profile_id == profile_id)

    def roadmap_progress(self, profile_id: uuid.UUID) -> Sequence[RoadmapProgress]:
        return self._all(RoadmapProgress, RoadmapProgress.profile_id == profile_id)

    def candidate_requests(self, profile_id: uuid.UUID) -> list[CandidateRequestRow]:
        """The requests to the profile, oldest first, with job title and company name."""
        rows = self.session.execute(
            sa.select(InterviewRequest, Job.title, Company.name)
            .join(Job, Job.id == InterviewRequest.job_id)
            .join(Company, Company.id == InterviewRequest.company_id)
            .where(InterviewRequest.candidate_profile_id == profile_id)
            .order_by(InterviewRequest.created_at, InterviewRequest.id)
        ).all()
        return [CandidateRequestRow(request, title, name) for request, title, name in rows]

    def messages_with_sender(self, request_ids: Sequence[uuid.UUID]) -> list[tuple[Message, str]]:
        """The requests' messages, oldest first, each with its sender's name."""
        rows = self.session.execute(
            sa.select(Message, User.full_name)
            .join(User, User.id == Message.sender_user_id)
            .where(Message.request_id.in_(request_ids))
            .order_by(Message.created_at, Message.id)
        )
        return [(message, name) for message, name in rows]

    # -- an employer or operator (export; erasure redacts the same rows)

    def membership_of(self, user_id: uuid.UUID) -> Membership | None:
        found = self.session.execute(
            sa.select(CompanyMember, Company.name)
            .join(Company, Company.id == CompanyMember.company_id)
            .where(CompanyMember.user_id == user_id)
        ).first()
        return None if found is None else Membership(found[0], found[1])

    def jobs_created_by(self, user_id: uuid.UUID) -> Sequence[Job]:
        return self.session.scalars(
            sa.select(Job).where(Job.created_by_user_id == user_id).order_by(Job.created_at)
        ).all()

    def requests_sent_by(self, user_id: uuid.UUID) -> Sequence[InterviewRequest]:
        return self._all(InterviewRequest, InterviewRequest.sender_user_id == user_id)

    def messages_written_by(self, user_id: uuid.UUID) -> Sequence[Message]:
        return self._all(Message, Message.sender_user_id == user_id)

    def invitations_sent_by(self, user_id: uuid.UUID) -> Sequence[Invitation]:
        return self._all(Invitation, Invitation.invited_by_user_id == user_id)

    def profiles_reviewed_by(self, user_id: uuid.UUID) -> Sequence[CandidateProfile]:
        return self.session.scalars(
            sa.select(CandidateProfile).where(CandidateProfile.reviewed_by_user_id == user_id)
        ).all()

    # -- erasure

    def requests_to_profile(self, profile_id: uuid.UUID) -> Sequence[InterviewRequest]:
        return self.session.scalars(
            sa.select(InterviewRequest).where(InterviewRequest.candidate_profile_id == profile_id)
        ).all()

    def messages_on(self, request_ids: Sequence[uuid.UUID]) -> Sequence[Message]:
        return self.session.scalars(
            sa.select(Message).where(Message.request_id.in_(request_ids))
        ).all()

    def events_by(self, user_id: uuid.UUID) -> Sequence[RequestEvent]:
        return self.session.scalars(
            sa.select(RequestEvent).where(RequestEvent.actor_user_id == user_id)
        ).all()

    def delete_scorecards_on(self, request_ids: Sequence[uuid.UUID]) -> None:
        self.session.execute(sa.delete(Scorecard).where(Scorecard.request_id.in_(request_ids)))

    def delete_candidate_vector(self, profile_id: uuid.UUID) -> None:
        """The candidate's match vectors and the blind profile the indexer kept with them."""
        self.session.execute(
            sa.delete(MatchVector).where(
                MatchVector.kind == "candidate", MatchVector.item_id == profile_id
            )
        )
        self.session.execute(
            sa.delete(KeptProfile).where(
                KeptProfile.kind == "candidate", KeptProfile.item_id == profile_id
            )
        )

    def delete_invitations_to(self, email: str) -> None:
        """Invitations to the address, in any case."""
        self.session.execute(
            sa.delete(Invitation).where(sa.func.lower(Invitation.email) == email.lower())
        )

    def delete_pending_signups_of(self, email: str) -> None:
        """Sign-ups store the address in lower case."""
        self.session.execute(sa.delete(PendingSignup).where(PendingSignup.email == email.lower()))

    def delete_emails_to(self, email: str) -> None:
        """E-mails to the address, in any case."""
        self.session.execute(
            sa.delete(OutboxEmail).where(sa.func.lower(OutboxEmail.to_address) == email.lower())
        )

    def emails_mentioning(self, terms: Sequence[str]) -> Sequence[OutboxEmail]:
        """E-mails whose subject, text or HTML contains one of the lower-case ``terms``."""
        mentions = [f"%{term}%" for term in terms]
        return self.session.scalars(
            sa.select(OutboxEmail).where(
                sa.or_(
                    *(sa.func.lower(OutboxEmail.subject).like(m) for m in mentions),
                    *(sa.func.lower(OutboxEmail.body).like(m) for m in mentions),
                    *(sa.func.lower(OutboxEmail.html_body).like(m) for m in mentions),
                )
            )
        ).all()

    def emails_with_attachment(self) -> Sequence[OutboxEmail]:
        return self.session.scalars(
            sa.select(OutboxEmail).where(OutboxEmail.attachment != "")
        ).all()

    def colleagues(self, company_id: uuid.UUID, user_id: uuid.UUID) -> Sequence[CompanyMember]:
        """The company's other members, longest-standing first."""
        return self.session.scalars(
            sa.select(CompanyMember)
            .where(CompanyMember.company_id == company_id, CompanyMember.user_id != user_id)
            .order_by(CompanyMember.created_at, CompanyMember.id)
        ).all()

    def delete_cascading_from(self, table: sa.Table, row_id: uuid.UUID, *, keep: set[str]) -> None:
        """Delete what the database would delete with the row (``ON DELETE CASCADE``), but
        for the tables in ``keep``."""
        for fk in _foreign_keys_to(table):
            if (fk.ondelete or "").upper() == "CASCADE" and fk.parent.table.name not in keep:
                self.session.execute(fk.parent.table.delete().where(fk.parent == row_id))

    def is_referenced(self, table: sa.Table, row_id: uuid.UUID) -> bool:
        """Whether others' records still point at the row (through a foreign key that is
        neither ``CASCADE`` nor ``SET NULL``)."""
        for fk in _foreign_keys_to(table):
            if (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                continue
            found = self.session.execute(
                sa.select(sa.literal(1))
                .select_from(fk.parent.table)
                .where(fk.parent == row_id)
                .limit(1)
            ).first()
            if found is not None:
                return True
        return False


def _foreign_keys_to(table: sa.Table) -> list[sa.ForeignKey]:
    """Every foreign key to ``table``, found in the metadata (so tables added later count)."""
    return [
        fk
        for other in Base.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table is table
    ]
