"""Data rights: everything held about a person (export), erasure, and who viewed a profile.

Erasure removes the person; what they did for others stays, anonymised. A candidate's past
interview requests are the companies' records too (salaries offered, hiring stages), so a
candidate with requests keeps an anonymous placeholder profile and account row: no name,
e-mail, phone, links, resume, skills or text of theirs, no way to log in. Likewise an
employer or operator who sent requests, wrote messages or reviewed profiles. Everything else
that hangs off the person (found through ``ON DELETE CASCADE`` foreign keys, so tables added
later are covered) is deleted, and a person nobody's records point to is deleted outright.
"""

from __future__ import annotations

import enum
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

import sqlalchemy as sa
from pydantic_core import to_json
from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.candidates.models import CandidateProfile
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.models import MemberRole
from talentmatch.companies.repository import CompanyRepository
from talentmatch.db import Base
from talentmatch.fairness.repository import SelfIdentificationRepository
from talentmatch.interviews.models import InterviewRequest, RequestEvent, RequestStatus
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import Forbidden, InvalidInput
from talentmatch.kit.security import PasswordHasher
from talentmatch.privacy.repository import PersonalDataRepository, ProfileViewRepository
from talentmatch.privacy.schemas import ProfileViewPublic

EXPORT_FORMAT_VERSION = 1
ERASED_NAME = "Deleted user"
REDACTED = "[erased]"
REMOVED_MESSAGE = "[removed: the candidate deleted their account]"
CANDIDATE_GONE = "the candidate deleted their account"
# An opaque token in an e-mailed link (``new_token``: 43 characters); ids are shorter.
ONE_TIME_TOKEN = re.compile(r"[A-Za-z0-9_-]{40,}")
# Secrets, never exported even as digests.
SECRET_COLUMNS = frozenset({"password_hash", "token_digest", "csrf_token"})


# ------------------------------------------------------------------------------ export


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _row(obj: Any, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A row's columns, less secrets and binary content."""
    skip = SECRET_COLUMNS | set(leave_out)
    table: sa.Table = obj.__table__
    return {
        column.key: _plain(getattr(obj, column.key))
        for column in table.columns
        if column.key not in skip and not isinstance(column.type, sa.LargeBinary)
    }


def _rows(found: Iterable[Any], *, leave_out: Iterable[str] = ()) -> list[dict[str, Any]]:
    return [_row(obj, leave_out=leave_out) for obj in found]


def profile_of(session: Session, user: User) -> CandidateProfile | None:
    return CandidateRepository(session).for_user(user.id)


def export(session: Session, user: User) -> dict[str, Any]:
    """Everything held about ``user``, as plain data (see ``export_json`` / ``export_zip``)."""
    repo = PersonalDataRepository(session)
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT_VERSION,
        "exported_at": utcnow(),
        "account": _row(user),
        "api_tokens": _rows(repo.api_tokens_of(user.id)),
        "sessions": _rows(repo.sessions_of(user.id)),
        "password_resets": _rows(repo.password_resets_of(user.id)),
        "emails": [
            {
                **row,
                "subject": _withhold_links(row["subject"]),
                "body": _withhold_links(row["body"]),
            }
            for row in _rows(repo.emails_to(user.email))
        ],
        "notifications": [
            {
                **row,
                "title": _withhold_links(row["title"]),
                "body": _withhold_links(row["body"]),
                "link": _withhold_links(row["link"]),
            }
            for row in _rows(repo.notifications_of(user.id), leave_out=("user_id",))
        ],
    }
    if user.role is Role.CANDIDATE:
        profile = profile_of(session, user)
        if profile is not None:
            data.update(_candidate_data(session, user, profile))
    elif user.role is Role.EMPLOYER:
        data.update(_employer_data(session, user))
    else:
        data["profiles_reviewed"] = [
            {"profile_id": p.id, "status": p.status.value, "reviewed_at": p.reviewed_at}
            for p in repo.profiles_reviewed_by(user.id)
        ]
    return data


def _withhold_links(text: str) -> str:
    """One-time links (password reset, invitations) stay out of the export: with them, whoever
    holds only an API token could take over the account."""
    return ONE_TIME_TOKEN.sub("[withheld]", text)


def _candidate_data(session: Session, user: User, profile: CandidateProfile) -> dict[str, Any]:
    repo = PersonalDataRepository(session)
    of_profile = {"leave_out": ("profile_id",)}
    resume = CandidateRepository(session).resume(profile.id)
    return {
        "profile": _row(profile),
        "hidden_companies": _rows(repo.hidden_companies(profile.id), **of_profile),
        "resume": _row(resume, leave_out=("profile_id",)) if resume else None,
        "interview_requests": _candidate_requests(session, user, profile),
        "practice_cards": _rows(repo.practice_cards(profile.id), **of_profile),
        "practice_reviews": _rows(repo.practice_reviews(profile.id), **of_profile),
        "roadmap_progress": _rows(repo.roadmap_progress(profile.id), **of_profile),
        "profile_views": [view.model_dump() for view in profile_views(session, profile)],
        # The voluntary answers, kept apart from the profile; None when not given.
        "self_identification": _self_identification(session, profile),
    }


def _self_identification(session: Session, profile: CandidateProfile) -> dict[str, Any] | None:
    found = SelfIdentificationRepository(session).for_profile(profile.id)
    return _row(found, leave_out=("profile_id",)) if found is not None else None


def _candidate_requests(
    session: Session, user: User, profile: CandidateProfile
) -> list[dict[str, Any]]:
    """The candidate's side of each request: what their request pages show them."""
    rows = PersonalDataRepository(session).candidate_requests(profile.id)
    ids = [row.request.id for row in rows]
    events: dict[uuid.UUID, list[dict[str, Any]]] = {i: [] for i in ids}
    for request_id, request_events in InterviewRepository(session).events(ids).items():
        for event in request_events:
            by = "talentmatch" if event.actor_user_id is None else _side(event.actor_user_id, user)
            events[request_id].append(
                {"kind": event.kind, "detail": event.detail, "by": by, "at": event.created_at}
            )
    messages: dict[uuid.UUID, list[dict[str, Any]]] = {i: [] for i in ids}
    for message, sender_name in PersonalDataRepository(session).messages_with_sender(ids):
        messages[message.request_id].append(
            {
                "from": _side(message.sender_user_id, user),
                "sender_name": sender_name,
                "body": message.body,
                "at": message.created_at,
            }
        )
    return [
        {
            **_row(request, leave_out=("sender_user_id", "candidate_profile_id")),
            "job_title": job_title,
            "company_name": company_name,
            "events": events[request.id],
            "messages": messages[request.id],
        }
        for request, job_title, company_name in rows
    ]


def _side(user_id: uuid.UUID, me: User) -> str:
    return "you" if user_id == me.id else "the company"


def _employer_data(session: Session, user: User) -> dict[str, Any]:
    repo = PersonalDataRepository(session)
    membership = repo.membership_of(user.id)
    return {
        "company": (
            {
                "company_id": membership.member.company_id,
                "company_name": membership.company_name,
                "role": membership.member.role.value,
                "joined_at": membership.member.created_at,
            }
            if membership
            else None
        ),
        "jobs_created": [
            {"id": job.id, "title": job.title, "status": job.status.value, "at": job.created_at}
            for job in repo.jobs_created_by(user.id)
        ],
        "interview_requests_sent": _rows(repo.requests_sent_by(user.id)),
        "messages_written": _rows(repo.messages_written_by(user.id)),
        "invitations_sent": _rows(repo.invitations_sent_by(user.id)),
    }


def export_json(data: dict[str, Any]) -> bytes:
    return to_json(data, indent=2)


def export_zip(session: Session, user: User, data: dict[str, Any]) -> bytes:
    """``data.json`` and, for a candidate with one, the resume file as uploaded."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", export_json(data))
        profile = profile_of(session, user) if user.role is Role.CANDIDATE else None
        resume = CandidateRepository(session).resume(profile.id) if profile is not None else None
        if resume is not None:
            name = PurePath(resume.filename.replace("\\", "/")).name or "resume"
            archive.writestr(f"resume/{name}", resume.content)
    return buffer.getvalue()


# ------------------------------------------------------------------------- profile views


def profile_views(
    session: Session, profile: CandidateProfile, *, limit: int | None = None
) -> list[ProfileViewPublic]:
    return [
        ProfileViewPublic(company_id=view.company_id, company_name=name, viewed_at=view.viewed_at)
        for view, name in ProfileViewRepository(session).for_profile(profile.id, limit=limit)
    ]


def my_profile_views(session: Session, user: User) -> list[ProfileViewPublic]:
    if user.role is not Role.CANDIDATE:
        raise Forbidden("only candidates have a profile that companies view")
    profile = profile_of(session, user)
    return [] if profile is None else profile_views(session, profile)


# ------------------------------------------------------------------------------ erasure


def erase(session: Session, hasher: PasswordHasher, user: User, password: str) -> None:
    """Erase ``user`` after checking their password, in the caller's one transaction."""
    if not hasher.verify(user.password_hash, password):
        raise InvalidInput("the password is wrong", field="password")
    repo = PersonalDataRepository(session)
    profile = profile_of(session, user)
    redact = _redactor(_identifiers(user, profile))
    kept_requests: list[InterviewRequest] = []
    if profile is not None:
        kept_requests = list(repo.requests_to_profile(profile.id))
        _anonymise_requests(session, user, kept_requests, redact)
        if kept_requests:
            # What interviewers wrote about the person goes with them; the requests stay
            # (anonymised) for the companies' own hiring records.
            repo.delete_scorecards_on([r.id for r in kept_requests])
        repo.delete_candidate_vector(profile.id)
        repo.delete_cascading_from(
            _table(CandidateProfile), profile.id, keep={"interview_requests"}
        )
        if kept_requests:
            _blank(profile)
    _redact_what_they_wrote(session, user, redact)
    _forget_emails(session, user, redact)
    repo.delete_invitations_to(user.email)
    repo.delete_pending_signups_of(user.email)
    _hand_over_company(session, user)
    keep = {"candidate_profiles"} if kept_requests else set()
    repo.delete_cascading_from(_table(User), user.id, keep=keep)
    session.flush()
    if kept_requests or repo.is_referenced(_table(User), user.id):
        user.email = f"deleted-{user.id.hex}@deleted.invalid"
        user.full_name = ERASED_NAME
        user.password_hash = "!erased"  # noqa: S105 - matches no password
        user.is_active = False
    else:
        session.delete(user)
    session.flush()


def _identifiers(user: User, profile: CandidateProfile | None) -> list[str]:
    found = [user.email, user.full_name, user.email.split("@")[0]]
    found += [part for part in re.split(r"[\s,]+", user.full_name) if len(part) >= 3]
    if profile is not None:
        found += [profile.phone, profile.photo_url, *(profile.links or [])]
    return [value for value in found if len(value.strip()) >= 3]


def _redactor(identifiers: list[str]) -> Callable[[str], str]:
    """Replaces the person's name, e-mail, phone and links (whole words, any case)."""
    terms = sorted(set(identifiers), key=len, reverse=True)
    if not terms:
        return lambda text: text
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(term)}(?!\w)" for term in terms), re.IGNORECASE
    )
    return lambda text: pattern.sub(REDACTED, text) if text else text


def _anonymise_requests(
    session: Session,
    user: User,
    requests: list[InterviewRequest],
    redact: Callable[[str], str],
) -> None:
    """The companies keep their requests; the candidate's side of them goes."""
    if not requests:
        return
    ids = [request.id for request in requests]
    now = utcnow()
    for request in requests:
        request.message = redact(request.message)
        request.decline_reason = redact(request.decline_reason)
        if request.status is RequestStatus.SENT:  # nobody is left to answer it
            request.status = RequestStatus.DECLINED
            request.decline_reason = CANDIDATE_GONE
            request.responded_at = now
    for request_events in InterviewRepository(session).events(ids).values():
        for event in request_events:
            event.detail = redact(event.detail)
    for message in PersonalDataRepository(session).messages_on(ids):
        message.body = (
            REMOVED_MESSAGE if message.sender_user_id == user.id else redact(message.body)
        )
    for request in requests:
        session.add(
            RequestEvent(
                request_id=request.id, actor_user_id=None, kind="erased", detail=CANDIDATE_GONE
            )
        )


def _redact_what_they_wrote(session: Session, user: User, redact: Callable[[str], str]) -> None:
    """An employer's or operator's own records stay with the company, without their name."""
    repo = PersonalDataRepository(session)
    for message in repo.messages_written_by(user.id):
        message.body = redact(message.body)
    for event in repo.events_by(user.id):
        event.detail = redact(event.detail)
    for request in repo.requests_sent_by(user.id):
        request.message = redact(request.message)


def _forget_emails(session: Session, user: User, redact: Callable[[str], str]) -> None:
    """E-mails to the person go; e-mails to others that name them lose the name."""
    repo = PersonalDataRepository(session)
    email = user.email.lower()
    repo.delete_emails_to(email)
    terms = [term for term in (email, user.full_name.lower()) if len(term) >= 3]
    for sent in repo.emails_mentioning(terms):
        sent.subject, sent.body = redact(sent.subject), redact(sent.body)
        sent.html_body = redact(sent.html_body)
    # Calendar invites fold lines at 75 octets, often inside an address or a name, so a match
    # in SQL misses them: they are read unfolded here, and one that names the person goes
    # whole (a redaction by words could miss a part too).
    for sent in repo.emails_with_attachment():
        unfolded = re.sub(r"\r?\n[ \t]", "", sent.attachment).lower()
        if any(term in unfolded for term in terms):
            sent.attachment = sent.attachment_name = sent.attachment_type = ""


def _hand_over_company(session: Session, user: User) -> None:
    """A company keeps an admin: its longest-standing colleague takes over from the last one."""
    repo = PersonalDataRepository(session)
    member = CompanyRepository(session).member_for_user(user.id)
    if member is None or member.role is not MemberRole.ADMIN:
        return
    others = repo.colleagues(member.company_id, user.id)
    if others and not any(m.role is MemberRole.ADMIN for m in others):
        others[0].role = MemberRole.ADMIN


def _blank(profile: CandidateProfile) -> None:
    """Every field back to its empty default: a placeholder for the requests that point here."""
    keep = {"id", "user_id", "created_at", "updated_at"}
    for column in _table(CandidateProfile).columns:
        if column.key in keep:
            continue
        default = column.default
        value: Any = None
        if isinstance(default, sa.ColumnDefault):
            value = default.arg(None) if default.is_callable else default.arg
        setattr(profile, column.key, value)


def _table(model: type[Base]) -> sa.Table:
    return Base.metadata.tables[model.__tablename__]


def profile_views_for_page(session: Session, user: User, limit: int) -> list[ProfileViewPublic]:
    profile = profile_of(session, user) if user.role is Role.CANDIDATE else None
    return [] if profile is None else profile_views(session, profile, limit=limit)
