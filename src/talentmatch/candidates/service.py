"""Candidate profiles: editing, resumes, the review workflow, hiding and blind viewing."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates.files import CheckedUpload, check_upload
from talentmatch.candidates.models import (
    CandidateProfile,
    HiddenCompany,
    ProfileStatus,
    ResumeFile,
    ResumeStatus,
)
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.schemas import (
    Contact,
    EmployerProfileView,
    HiddenCompanyPublic,
    OwnerProfileView,
    ProfileSearch,
    ResumeInfo,
)
from talentmatch.companies.service import get_company
from talentmatch.config import Settings
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.company_names import company_key
from talentmatch.kit.errors import Conflict, InvalidInput, NotFound
from talentmatch.kit.memory import Recent
from talentmatch.kit.redaction import handles_in, redact
from talentmatch.ml import money
from talentmatch.ml.resume import ParsedResume
from talentmatch.ml.stored import StoredParse
from talentmatch.ml.text import DocumentError, ExtractedText
from talentmatch.notifications.service import notify
from talentmatch.understanding import Understanding

# ---------------------------------------------------------------- the candidate's own profile


def is_visible(profile: CandidateProfile) -> bool:
    """Live and within its live period: the only profiles companies can find."""
    return (
        profile.status is ProfileStatus.LIVE
        and profile.live_until is not None
        and as_utc(profile.live_until) > utcnow()
    )


def owner_view(session: Session, profile: CandidateProfile) -> OwnerProfileView:
    repo = CandidateRepository(session)
    resume = repo.resume_info(profile.id)
    return OwnerProfileView.model_validate(
        {
            **_professional_fields(profile),
            "contact": contact_of(profile, repo.owner(profile)),
            "rejection_reason": profile.rejection_reason,
            "submitted_at": profile.submitted_at,
            "edits_submitted_at": profile.edits_submitted_at,
            "reviewed_at": profile.reviewed_at,
            "is_visible": is_visible(profile),
            "resume": ResumeInfo.model_validate(resume) if resume else None,
            "resume_status": resume.status if resume else None,
            "resume_message": resume_message(resume),
            "hidden_companies": [
                HiddenCompanyPublic.model_validate(h) for h in repo.hidden_companies(profile.id)
            ],
        }
    )


def resume_message(resume: ResumeFile | None) -> str:
    """What the person reads about their resume's reading."""
    if resume is None:
        return ""
    if resume.status is ResumeStatus.READING:
        return "We are reading your resume; the profile fills in when we are done."
    if resume.status is ResumeStatus.FAILED:
        return f"We could not read your resume: {resume.status_message}"
    return ""


def update_profile(session: Session, profile: CandidateProfile, changes: dict[str, Any]) -> None:
    if profile.status is ProfileStatus.SUBMITTED:
        raise Conflict("the profile is under review; wait for the decision before editing")
    _hold_free_text_edits(profile, changes)
    for field, value in changes.items():
        setattr(profile, field, value)
    session.flush()


# Free text an operator reads before companies do: a live profile's edits of these are
# reviewed again (a headline rewritten to "call me at ..." must not reach employers at once).
REVIEWED_TEXT = ("headline", "summary", "titles")


def _approved_text(profile: CandidateProfile) -> dict[str, Any]:
    return {field: getattr(profile, field) for field in REVIEWED_TEXT}


def _hold_free_text_edits(
    profile: CandidateProfile, changes: dict[str, Any], *, current: dict[str, Any] | None = None
) -> None:
    """When ``changes`` alter a live profile's free text (``current``: that text before them,
    by default the profile's): keep the approved text and mark the edit for review. A paused
    profile too: it goes live again without a new review."""
    if profile.status not in (ProfileStatus.LIVE, ProfileStatus.PAUSED):
        return
    current = current or _approved_text(profile)
    if not any(f in changes and changes[f] != current[f] for f in REVIEWED_TEXT):
        return
    if profile.approved_text is None:  # approved before the text was kept: it is what is live
        profile.approved_text = current
    if profile.edits_submitted_at is None:
        profile.edits_submitted_at = utcnow()


def text_companies_read(profile: CandidateProfile) -> dict[str, Any]:
    """The free text as companies see it: the approved one while edits wait for review."""
    current = _approved_text(profile)
    if profile.edits_submitted_at is not None and profile.approved_text:
        current.update({f: v for f, v in profile.approved_text.items() if f in REVIEWED_TEXT})
    return current


@dataclass(frozen=True)
class ReadResume:
    """An upload checked and read, before anything is written."""

    upload: CheckedUpload
    extracted: ExtractedText
    parsed: ParsedResume


def read_resume(
    settings: Settings, understanding: Understanding, *, filename: str | None, content: bytes
) -> ReadResume:
    """Check and read an uploaded resume. Slow (a worker process parses the file), so it runs
    outside any transaction that writes: on SQLite, no one else's write waits for it."""
    return read_checked_resume(
        understanding, check_resume(settings, filename=filename, content=content)
    )


def check_resume(settings: Settings, *, filename: str | None, content: bytes) -> CheckedUpload:
    """An upload's size and type, by the upload limits (bulk imports check files the same way)."""
    return check_upload(
        filename,
        content,
        max_bytes=settings.max_upload_bytes,
        max_docx_bytes=settings.max_docx_uncompressed_bytes,
    )


def read_checked_resume(understanding: Understanding, checked: CheckedUpload) -> ReadResume:
    """A checked upload's text (read in a worker process) and parse."""
    try:
        extracted, parsed = understanding.read_resume(checked.content, checked.media_type)
    except DocumentError as exc:
        raise InvalidInput(str(exc), field="file") from exc
    return ReadResume(checked, extracted, parsed)


def store_resume(
    session: Session, profile: CandidateProfile, read: ReadResume
) -> tuple[ResumeFile, list[str]]:
    """Replace the candidate's resume with one already read; fill the profile's empty fields
    from it. Returns the resume and the fields filled."""
    resume = store_unread_resume(session, profile, read.upload)
    return resume, finish_reading(session, profile, resume, read)


def store_unread_resume(
    session: Session, profile: CandidateProfile, checked: CheckedUpload
) -> ResumeFile:
    """Replace the candidate's resume with a checked upload not read yet ("reading": the
    background task reads it, :func:`finish_reading`)."""
    repo = CandidateRepository(session)
    resume = repo.resume(profile.id) or ResumeFile(profile_id=profile.id)
    resume.filename = checked.filename
    resume.media_type = checked.media_type
    resume.size_bytes = len(checked.content)
    resume.sha256 = hashlib.sha256(checked.content).hexdigest()
    resume.content = checked.content
    resume.text = ""
    resume.status = ResumeStatus.READING
    resume.status_message = ""
    resume.filled_fields = []
    resume.created_at = utcnow()
    session.add(resume)
    session.flush()
    return resume


def finish_reading(
    session: Session, profile: CandidateProfile, resume: ResumeFile, read: ReadResume
) -> list[str]:
    """Store what was read from the resume and fill the profile's empty fields from it
    (never what the candidate wrote). Returns the fields filled."""
    resume.text = read.extracted.text
    profile.parsed = read.parsed.as_dict()
    before = _approved_text(profile)
    filled = fill_from_resume(profile, read.parsed)
    _hold_free_text_edits(profile, _approved_text(profile), current=before)
    resume.status = ResumeStatus.READY
    resume.status_message = ""
    resume.filled_fields = filled
    session.flush()
    return filled


def reading_failed(resume: ResumeFile, message: str) -> None:
    """The resume could not be read: the person sees why and uploads another file."""
    resume.status = ResumeStatus.FAILED
    resume.status_message = message[:2000]


def upload_resume(
    session: Session,
    settings: Settings,
    understanding: Understanding,
    profile: CandidateProfile,
    *,
    filename: str | None,
    content: bytes,
) -> tuple[ResumeFile, list[str]]:
    """:func:`read_resume` then :func:`store_resume`, in the caller's transaction (scripts and
    the demo; requests read first, then write in a unit of work of their own)."""
    read = read_resume(settings, understanding, filename=filename, content=content)
    return store_resume(session, profile, read)


def own_profile(session: Session, profile_id: uuid.UUID) -> CandidateProfile:
    profile = CandidateRepository(session).get(profile_id)
    if profile is None:
        raise NotFound("profile")
    return profile


def fill_from_resume(profile: CandidateProfile, parsed: ParsedResume) -> list[str]:
    """Fill the fields the candidate has left empty; never overwrite what they wrote."""
    values: dict[str, Any] = {
        "titles": parsed.titles[:10],
        "years_experience": parsed.years_experience,
        "skills": [s.skill.name for s in parsed.skills][:100],
        "location": (parsed.location or "")[:200],
        "country": parsed.country or "",
        "phone": (parsed.phone or "")[:40],
        "links": [u if u.startswith("http") else f"https://{u}" for u in parsed.links][:20],
        "summary": parsed.summary,
    }
    if parsed.titles:
        years = f", {parsed.years_experience:g} years" if parsed.years_experience else ""
        values["headline"] = f"{parsed.titles[0]}{years}"[:200]
    filled = []
    for field_name, value in values.items():
        if value and not getattr(profile, field_name):
            setattr(profile, field_name, value)
            filled.append(field_name)
    return filled


def submit_for_review(session: Session, profile: CandidateProfile) -> None:
    if profile.status not in (ProfileStatus.DRAFT, ProfileStatus.REJECTED):
        raise Conflict(f"a {profile.status.value} profile cannot be submitted for review")
    if not profile.headline:
        raise InvalidInput("add a headline before submitting", field="headline")
    if not (profile.skills or profile.titles):
        raise InvalidInput("add skills or job titles before submitting", field="skills")
    profile.status = ProfileStatus.SUBMITTED
    profile.submitted_at = utcnow()
    profile.rejection_reason = ""
    session.flush()


def pause(session: Session, profile: CandidateProfile) -> None:
    if profile.status is not ProfileStatus.LIVE:
        raise Conflict("only a live profile can be paused")
    profile.status = ProfileStatus.PAUSED
    session.flush()


def go_live_again(session: Session, settings: Settings, profile: CandidateProfile) -> None:
    """Un-pause, or renew a live profile for another live period. No new review needed."""
    if profile.status not in (ProfileStatus.PAUSED, ProfileStatus.LIVE):
        raise Conflict(f"a {profile.status.value} profile cannot be renewed; submit it for review")
    profile.status = ProfileStatus.LIVE
    profile.live_until = utcnow() + timedelta(days=settings.profile_live_days)
    session.flush()


def add_hidden_company(session: Session, profile: CandidateProfile, label: str) -> HiddenCompany:
    key = company_key(label)
    if not key:
        raise InvalidInput("give a company name or web domain", field="name_or_domain")
    existing = {h.key for h in CandidateRepository(session).hidden_companies(profile.id)}
    if key in existing:
        raise Conflict("this company is already hidden", field="name_or_domain")
    hidden = HiddenCompany(profile_id=profile.id, label=label, key=key)
    session.add(hidden)
    session.flush()
    return hidden


def remove_hidden_company(
    session: Session, profile: CandidateProfile, hidden_id: uuid.UUID
) -> None:
    hidden = CandidateRepository(session).hidden_company(hidden_id)
    if hidden is None or hidden.profile_id != profile.id:
        raise NotFound("hidden company")
    session.delete(hidden)
    session.flush()


# ------------------------------------------------------------------------------ operators


def review_queue(
    session: Session, *, limit: int, offset: int
) -> tuple[list[OwnerProfileView], int]:
    repo = CandidateRepository(session)
    items, total = repo.page(repo.awaiting_review(), limit=limit, offset=offset, oldest_first=True)
    return [owner_view(session, p) for p in items], total


def _awaiting_review(session: Session, profile_id: uuid.UUID) -> CandidateProfile:
    profile = CandidateRepository(session).get(profile_id)
    if profile is None:
        raise NotFound("profile")
    edits = profile.status is ProfileStatus.LIVE and profile.edits_submitted_at is not None
    if profile.status is not ProfileStatus.SUBMITTED and not edits:
        raise Conflict(f"the profile is {profile.status.value}, not waiting for review")
    return profile


def approve(
    session: Session, settings: Settings, operator: User, profile_id: uuid.UUID
) -> CandidateProfile:
    """Approve a submitted profile (it goes live) or a live profile's edited text."""
    profile = _awaiting_review(session, profile_id)
    went_live = profile.status is ProfileStatus.SUBMITTED
    if went_live:
        profile.status = ProfileStatus.LIVE
        profile.live_until = utcnow() + timedelta(days=settings.profile_live_days)
    profile.approved_text = _approved_text(profile)
    profile.edits_submitted_at = None
    profile.rejection_reason = ""
    profile.reviewed_at = utcnow()
    profile.reviewed_by_user_id = operator.id
    session.flush()
    _tell_reviewed(
        session,
        settings,
        profile,
        "Your profile is approved" if went_live else "Your profile's edits are approved",
        ("An operator approved your profile" if went_live else "An operator approved your edits")
        + ": companies can find it now"
        + (f" until {profile.live_until:%Y-%m-%d}." if profile.live_until else "."),
    )
    return profile


def _tell_reviewed(
    session: Session, settings: Settings | None, profile: CandidateProfile, title: str, body: str
) -> None:
    owner = UserRepository(session).get(profile.user_id)
    if owner is not None:
        notify(
            session,
            settings,
            user=owner,
            kind="profile_reviewed",
            title=title,
            body=body,
            link="/me/profile",
        )


def reject(
    session: Session, operator: User, profile_id: uuid.UUID, reason: str
) -> CandidateProfile:
    """Reject a submitted profile, or a live profile's edited text (the approved text comes
    back; the profile stays live)."""
    profile = _awaiting_review(session, profile_id)
    if profile.status is ProfileStatus.SUBMITTED:
        profile.status = ProfileStatus.REJECTED
    else:
        for field, value in (profile.approved_text or {}).items():
            if field in REVIEWED_TEXT:
                setattr(profile, field, value)
        profile.edits_submitted_at = None
    profile.rejection_reason = reason
    profile.reviewed_at = utcnow()
    profile.reviewed_by_user_id = operator.id
    session.flush()
    _tell_reviewed(
        session,
        None,
        profile,
        "Your profile is not approved"
        if profile.status is ProfileStatus.REJECTED
        else "Your profile's edits are not approved",
        f"An operator's reason: {reason}\n\nChange your profile and submit it again.",
    )
    return profile


def operator_view(session: Session, profile_id: uuid.UUID) -> OwnerProfileView:
    profile = CandidateRepository(session).get(profile_id)
    if profile is None:
        raise NotFound("profile")
    return owner_view(session, profile)


# ------------------------------------------------------------------------------ employers


# Which profiles a company may see revealed (contact details, resume) or keep seeing after they
# leave the pool depends on its interview requests: talentmatch.interviews.disclosure asks
# those and calls the functions below, so candidates need not know requests.


def browse_pool(
    session: Session, company_id: uuid.UUID, search: ProfileSearch, *, limit: int, offset: int
) -> tuple[Sequence[CandidateProfile], int]:
    """A page of the live profiles this company may find with ``search``, and their count."""
    repo = CandidateRepository(session)
    hidden_keys = repo.keys_hiding_from(get_company(session, company_id))
    now = utcnow()
    query = search_query(repo, hidden_keys, search, now)
    known = repo.count_visible(hidden_keys, now) if search.is_empty() else None
    return repo.page(query, limit=limit, offset=offset, total=known)


def salary_caps(repo: CandidateRepository, search: ProfileSearch) -> dict[str, float] | None:
    """``search.salary_max`` in each currency live profiles use, at today's reference rate;
    currencies without a rate are left out (their expectations cannot be compared)."""
    if search.salary_max is None:
        return None
    caps: dict[str, float] = {}
    for code in {search.currency, *repo.salary_currencies()}:
        if code == search.currency:
            caps[code] = float(search.salary_max)
        elif money.can_convert(code) and money.can_convert(search.currency):
            caps[code] = money.convert(search.salary_max, search.currency, code)
    return caps


def search_query(
    repo: CandidateRepository,
    hidden_keys: set[str],
    search: ProfileSearch,
    now: datetime,
) -> sa.Select[CandidateProfile]:
    """The visible pool narrowed by ``search``, all in SQL."""
    return repo.visible_query(
        hidden_keys,
        now,
        skills=search.skill_list(),
        title=search.title,
        level=search.level.value if search.level else None,
        min_years=search.min_years,
        max_years=search.max_years,
        country=search.country,
        remote=search.remote,
        salary_caps=salary_caps(repo, search),
        available_by=search.available_by,
    )


def views_for_company(
    session: Session, profiles: Sequence[CandidateProfile], revealed: Collection[uuid.UUID]
) -> list[EmployerProfileView]:
    """The profiles as a company reads them: whole for the ``revealed`` ones (whose candidate
    accepted its request), blind for the others."""
    repo = CandidateRepository(session)
    # One read of the accounts: contact details for the revealed, names to blind the others.
    owners = repo.users_by_id([p.user_id for p in profiles])
    with_resume = repo.with_resume([p.id for p in profiles])
    return [
        _employer_view(
            p,
            contact=contact_of(p, owners[p.user_id]) if p.id in revealed else None,
            owner=owners.get(p.user_id),
            has_resume=p.id in with_resume,
        )
        for p in profiles
    ]


def preview_view(session: Session, profile: CandidateProfile) -> EmployerProfileView:
    """The profile as a company reads it before the candidate accepts its request (the
    candidate's preview): built by the same code as :func:`views_for_company`' blind cards."""
    repo = CandidateRepository(session)
    owner = repo.users_by_id([profile.user_id]).get(profile.user_id)
    return _employer_view(
        profile, contact=None, owner=owner, has_resume=repo.has_resume(profile.id)
    )


# Blind cards made last, by what they are made from: taking contact details out of a card's
# free text (names, handles, phone numbers) cost more than ranking it, and the same
# candidates come back on list after list.
_BLIND_CARDS: Recent[EmployerProfileView] = Recent(4_096, "blind_cards")


def _employer_view(
    profile: CandidateProfile, *, contact: Contact | None, owner: User | None, has_resume: bool
) -> EmployerProfileView:
    if contact is not None:
        fields = {**_professional_fields(profile), **text_companies_read(profile)}
        return EmployerProfileView.model_validate(
            {**fields, "contact": contact, "has_resume": has_resume}
        )
    key = (profile.id, profile.updated_at, owner.full_name if owner else None, has_resume)
    card = _BLIND_CARDS.get(key) if profile.updated_at is not None else None
    if card is None:
        fields = {**_professional_fields(profile), **text_companies_read(profile)}
        card = EmployerProfileView.model_validate(
            {**_blind(fields, profile, owner), "has_resume": has_resume}
        )
        if profile.updated_at is not None:
            _BLIND_CARDS.put(key, card)
    return card.model_copy()


# Free text a company reads before acceptance: contact details are taken out of it.
_FREE_TEXT = ("headline", "summary")
_FREE_LISTS = ("titles", "specialisms", "target_roles", "target_locations")


def _blind(fields: dict[str, Any], profile: CandidateProfile, owner: User | None) -> dict[str, Any]:
    clean = blinder(profile, owner)
    blinded = dict(fields)
    for field in _FREE_TEXT:
        blinded[field] = clean(blinded[field] or "")
    for field in _FREE_LISTS:
        blinded[field] = [clean(item) for item in blinded[field]]
    return blinded


def blinder(profile: CandidateProfile, owner: User | None) -> Callable[[str], str]:
    """Takes the candidate's contact details out of a text a company reads before acceptance."""
    parsed_name = StoredParse.of(profile.parsed).name
    names = [n for n in (owner.full_name if owner else None, parsed_name) if n]
    handles = handles_in(profile.links or [])
    region = profile.country or None
    return lambda text: redact(text, names=names, handles=handles, region=region)


def profile_for_company(
    session: Session,
    company_id: uuid.UUID,
    profile_id: uuid.UUID,
    *,
    in_contact: Callable[[], bool] | None = None,
) -> CandidateProfile:
    """A profile this company may see: never if hidden from it; else live, or already in
    contact, which ``in_contact`` answers (asked only for a profile out of the pool; without
    it, none is)."""
    repo = CandidateRepository(session)
    profile = repo.get(profile_id)
    if profile is None:
        raise NotFound("profile")
    if repo.is_hidden_from(profile.id, repo.keys_hiding_from(get_company(session, company_id))):
        raise NotFound("profile")
    if not (is_visible(profile) or (in_contact is not None and in_contact())):
        raise NotFound("profile")
    return profile


def resume_for_review(session: Session, profile_id: uuid.UUID) -> ResumeFile:
    """The resume of a profile an operator reviews (operators see profiles whole)."""
    resume = CandidateRepository(session).resume(profile_id)
    if resume is None:
        raise NotFound("resume")
    return resume


# ------------------------------------------------------------------------------ helpers


def _professional_fields(profile: CandidateProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "headline": profile.headline,
        "summary": profile.summary,
        "titles": profile.titles or [],
        "years_experience": profile.years_experience,
        "skills": profile.skills or [],
        "location": profile.location,
        "country": profile.country,
        "work_authorizations": profile.work_authorizations or [],
        "target_roles": profile.target_roles or [],
        "target_locations": profile.target_locations or [],
        "remote_preference": profile.remote_preference,
        "min_salary": profile.min_salary,
        "salary_currency": profile.salary_currency,
        "specialisms": profile.specialisms or [],
        "available_from": profile.available_from,
        "status": profile.status,
        "live_until": profile.live_until,
    }


def contact_of(profile: CandidateProfile, user: User) -> Contact:
    return Contact(
        full_name=user.full_name,
        email=user.email,
        phone=profile.phone,
        photo_url=profile.photo_url,
        links=profile.links or [],
    )
