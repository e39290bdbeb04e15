"""Shortlists, notes, saved searches and scorecards: every read and write is scoped to the
acting member's company, and a candidate is reachable only while the company may see them
(``profile_for_company``: never when hidden from it)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates import service as candidates
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.schemas import EmployerProfileView, ProfileSearch
from talentmatch.companies.service import get_company
from talentmatch.interviews import disclosure
from talentmatch.interviews.models import InterviewRequest, RequestStatus
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.kit.clock import utcnow
from talentmatch.kit.errors import Conflict, NotFound
from talentmatch.notifications.service import queue_email
from talentmatch.recruiting.models import (
    CandidateNote,
    SavedSearch,
    Scorecard,
    SearchAlert,
    Shortlist,
    ShortlistEntry,
)
from talentmatch.recruiting.repository import (
    NoteRepository,
    SavedSearchRepository,
    ScorecardRepository,
    ShortlistRepository,
)
from talentmatch.recruiting.schemas import (
    NotePublic,
    SavedSearchPublic,
    ScorecardCreate,
    ScorecardPublic,
    ShortlistDetail,
    ShortlistPublic,
)

RATING_LABELS = {1: "Strong no", 2: "No", 3: "Yes", 4: "Strong yes"}
FORMER_MEMBER = "a former member"
# How many new candidates one alert e-mail lists.
ALERT_LIMIT = 50


def _names(session: Session, user_ids: Sequence[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    users = CandidateRepository(session).users_by_id(list(ids))
    return {user_id: user.full_name for user_id, user in users.items()}


# ------------------------------------------------------------------------ shortlists


def shortlists(session: Session, company_id: uuid.UUID) -> list[ShortlistPublic]:
    rows = ShortlistRepository(session).for_company(company_id)
    return [ShortlistPublic.model_validate(r) for r in rows]


def create_shortlist(session: Session, company_id: uuid.UUID, name: str) -> Shortlist:
    if ShortlistRepository(session).name_taken(company_id, name):
        raise Conflict("your company already has a shortlist with this name")
    shortlist = Shortlist(company_id=company_id, name=name)
    session.add(shortlist)
    session.flush()
    return shortlist


def own_shortlist(session: Session, company_id: uuid.UUID, shortlist_id: uuid.UUID) -> Shortlist:
    shortlist = ShortlistRepository(session).get(shortlist_id)
    if shortlist is None or shortlist.company_id != company_id:
        raise NotFound("shortlist")
    return shortlist


def delete_shortlist(session: Session, company_id: uuid.UUID, shortlist_id: uuid.UUID) -> None:
    shortlist = own_shortlist(session, company_id, shortlist_id)
    ShortlistRepository(session).delete_entries(shortlist.id)
    session.delete(shortlist)
    session.flush()


def add_to_shortlist(
    session: Session,
    member: User,
    company_id: uuid.UUID,
    shortlist_id: uuid.UUID,
    profile_id: uuid.UUID,
) -> None:
    shortlist = own_shortlist(session, company_id, shortlist_id)
    disclosure.profile_for_company(session, company_id, profile_id)
    if not ShortlistRepository(session).has_entry(shortlist.id, profile_id):
        session.add(
            ShortlistEntry(
                shortlist_id=shortlist.id, profile_id=profile_id, added_by_user_id=member.id
            )
        )
        session.flush()


def remove_from_shortlist(
    session: Session, company_id: uuid.UUID, shortlist_id: uuid.UUID, profile_id: uuid.UUID
) -> None:
    shortlist = own_shortlist(session, company_id, shortlist_id)
    ShortlistRepository(session).delete_entry(shortlist.id, profile_id)


def shortlist_detail(
    session: Session, company_id: uuid.UUID, shortlist_id: uuid.UUID
) -> ShortlistDetail:
    """The shortlist with the candidates the company may still see (one who hid the company
    or left the pool since drops out), blind as in the pool."""
    shortlist = own_shortlist(session, company_id, shortlist_id)
    ids = ShortlistRepository(session).profile_ids(shortlist.id)
    repo = CandidateRepository(session)
    hidden_keys = repo.keys_hiding_from(get_company(session, company_id))
    visible = {p.id: p for p in repo.visible_among(ids, hidden_keys, utcnow())}
    profiles = [visible[i] for i in ids if i in visible]
    views: list[EmployerProfileView] = disclosure.employer_views(session, company_id, profiles)
    return ShortlistDetail(
        id=shortlist.id, name=shortlist.name, created_at=shortlist.created_at, candidates=views
    )


def shortlists_holding(
    session: Session, company_id: uuid.UUID, profile_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """For the pool page: which of the company's shortlists each profile is on."""
    found: dict[uuid.UUID, list[str]] = {}
    if not profile_ids:
        return found
    for profile_id, name in ShortlistRepository(session).names_holding(company_id, profile_ids):
        found.setdefault(profile_id, []).append(name)
    return found


# ------------------------------------------------------------------------ notes


def notes(session: Session, company_id: uuid.UUID, profile_id: uuid.UUID) -> list[NotePublic]:
    disclosure.profile_for_company(session, company_id, profile_id)
    rows = NoteRepository(session).for_profile(company_id, profile_id)
    names = _names(session, [n.author_user_id for n in rows])
    return [_note_public(n, names) for n in rows]


def notes_among(
    session: Session, company_id: uuid.UUID, profile_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[NotePublic]]:
    """The company's notes on each of ``profile_ids`` (profiles it was just shown), batched."""
    found: dict[uuid.UUID, list[NotePublic]] = {}
    if not profile_ids:
        return found
    rows = NoteRepository(session).for_profiles(company_id, profile_ids)
    names = _names(session, [n.author_user_id for n in rows])
    for n in rows:
        found.setdefault(n.profile_id, []).append(_note_public(n, names))
    return found


def _note_public(note: CandidateNote, names: dict[uuid.UUID, str]) -> NotePublic:
    author = names.get(note.author_user_id) if note.author_user_id else None
    return NotePublic(
        id=note.id, body=note.body, author=author or FORMER_MEMBER, created_at=note.created_at
    )


def add_note(
    session: Session, member: User, company_id: uuid.UUID, profile_id: uuid.UUID, body: str
) -> NotePublic:
    disclosure.profile_for_company(session, company_id, profile_id)
    note = CandidateNote(
        company_id=company_id, profile_id=profile_id, author_user_id=member.id, body=body
    )
    session.add(note)
    session.flush()
    return NotePublic(id=note.id, body=body, author=member.full_name, created_at=note.created_at)


# ------------------------------------------------------------------------ saved searches


def _saved_public(row: SavedSearch) -> SavedSearchPublic:
    return SavedSearchPublic(
        id=row.id,
        name=row.name,
        filters=ProfileSearch.model_validate(row.filters),
        alerts=row.alerts,
        created_at=row.created_at,
    )


def saved_searches(session: Session, company_id: uuid.UUID) -> list[SavedSearchPublic]:
    rows = SavedSearchRepository(session).for_company(company_id)
    return [_saved_public(r) for r in rows]


def save_search(
    session: Session,
    member: User,
    company_id: uuid.UUID,
    name: str,
    filters: ProfileSearch,
    *,
    alerts: bool = True,
) -> SavedSearchPublic:
    if SavedSearchRepository(session).name_taken(company_id, name):
        raise Conflict(f"your company already has a saved search named {name!r}", field="name")
    row = SavedSearch(
        company_id=company_id,
        user_id=member.id,
        name=name,
        filters=filters.model_dump(mode="json", exclude_none=True),
        alerts=alerts,
    )
    session.add(row)
    session.flush()
    # What the pool holds now is what the member just saw: alerts are for candidates after.
    now = utcnow()
    repo = CandidateRepository(session)
    hidden_keys = repo.keys_hiding_from(get_company(session, company_id))
    query = candidates.search_query(repo, hidden_keys, filters, now)
    for profile_id in SavedSearchRepository(session).matching_ids(query):
        session.add(SearchAlert(saved_search_id=row.id, profile_id=profile_id))
    session.flush()
    return _saved_public(row)


def delete_saved_search(session: Session, company_id: uuid.UUID, search_id: uuid.UUID) -> None:
    searches = SavedSearchRepository(session)
    row = searches.get(search_id)
    if row is None or row.company_id != company_id:
        raise NotFound("saved search")
    searches.delete_alerts(row.id)
    session.delete(row)
    session.flush()


def send_search_alerts(session: Session, base_url: str = "") -> int:
    """For each saved search with alerts on: the live candidates it matches that it never
    alerted about, in one e-mail to the member who saved it (through the outbox); each
    candidate is alerted once per search. Idempotent: run it periodically or after profiles
    go live. Returns how many candidates were alerted."""
    now = utcnow()
    repo = CandidateRepository(session)
    searches = SavedSearchRepository(session)
    users = UserRepository(session)
    alerted = 0
    for row in searches.with_alerts():
        owner = users.get(row.user_id)
        if owner is None:
            continue
        hidden_keys = repo.keys_hiding_from(get_company(session, row.company_id))
        query = candidates.search_query(
            repo, hidden_keys, ProfileSearch.model_validate(row.filters), now
        )
        new = searches.not_alerted(row.id, query, ALERT_LIMIT)
        if not new:
            continue
        for profile in new:
            session.add(SearchAlert(saved_search_id=row.id, profile_id=profile.id))
        views = disclosure.employer_views(session, row.company_id, new)
        lines = [f"- {v.headline or (v.titles[0] if v.titles else 'Candidate')}" for v in views]
        queue_email(
            session,
            to=owner.email,
            subject=f'{len(new)} new candidate(s) for your search "{row.name}"',
            body=(
                f'New live candidates match your saved search "{row.name}":\n\n'
                + "\n".join(lines)
                + f"\n\nSee them: {base_url}/pool?{_query_of(row)}\n"
                + "Profiles are blind until a candidate accepts your request."
            ),
            kind="search_alert",
        )
        session.flush()
        alerted += len(new)
    return alerted


def _query_of(row: SavedSearch) -> str:
    return urlencode({k: v for k, v in row.filters.items() if v not in (None, "")})


# ------------------------------------------------------------------------ scorecards


def _company_request(
    session: Session, company_id: uuid.UUID, request_id: uuid.UUID
) -> InterviewRequest:
    request = InterviewRepository(session).get(request_id)
    if request is None or request.company_id != company_id:
        raise NotFound("interview request")
    return request


def scorecards(
    session: Session, company_id: uuid.UUID, request_id: uuid.UUID
) -> list[ScorecardPublic]:
    request = _company_request(session, company_id, request_id)
    rows = ScorecardRepository(session).for_request(request.id)
    names = _names(session, [s.author_user_id for s in rows])
    return [
        ScorecardPublic(
            id=s.id,
            stage=s.stage,
            rating=s.rating,
            notes=s.notes,
            author=(names.get(s.author_user_id) if s.author_user_id else None) or FORMER_MEMBER,
            updated_at=s.updated_at,
        )
        for s in rows
    ]


def record_scorecard(
    session: Session,
    member: User,
    company_id: uuid.UUID,
    request_id: uuid.UUID,
    body: ScorecardCreate,
) -> ScorecardPublic:
    """The member's scorecard for this stage, made or replaced (one per member and stage);
    only once the candidate has accepted, i.e. there is an interview to score."""
    request = _company_request(session, company_id, request_id)
    if request.status is not RequestStatus.ACCEPTED:
        raise Conflict("scorecards are written once the candidate has accepted the request")
    card = ScorecardRepository(session).by_author(request.id, body.stage, member.id)
    if card is None:
        card = Scorecard(request_id=request.id, stage=body.stage, author_user_id=member.id)
        session.add(card)
    card.rating = body.rating
    card.notes = body.notes
    session.flush()
    return ScorecardPublic(
        id=card.id,
        stage=card.stage,
        rating=card.rating,
        notes=card.notes,
        author=member.full_name,
        updated_at=card.updated_at,
    )
