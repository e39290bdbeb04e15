"""Interview requests: companies apply to candidates with a salary; candidates answer.

sent -> accepted | declined | expired | withdrawn. Accepting reveals both sides' contact details
to each other (that company only) and opens a message thread. Accepted requests move through
the company's hiring stages; "hired" takes the candidate off the marketplace.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates import service as candidates
from talentmatch.candidates.models import CandidateProfile, ProfileStatus
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.companies.repository import CompanyRepository
from talentmatch.companies.vetting import require_approved
from talentmatch.config import Settings
from talentmatch.interviews import disclosure, pay
from talentmatch.interviews.models import (
    HiringStage,
    InterviewRequest,
    Message,
    OfferStatus,
    RequestEvent,
    RequestStatus,
)
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.interviews.schemas import (
    CompanyContact,
    EventPublic,
    MessagePublic,
    RequestView,
)
from talentmatch.interviews.stages import CLOSED, stage_event_kind, words
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.jobs.repository import JobRepository
from talentmatch.jobs.service import own_job
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from talentmatch.ml.money import Compensation
from talentmatch.notifications.service import notify

# The market's pay beside a request's offer: its job, the candidate's profile and the request
# (left out of its own benchmark). Counselling works it out (counselling.salary.benchmarks) from
# the requests' salaries, so it reads interviews and interviews is handed the answer.
Benchmark = Callable[[Job, CandidateProfile, uuid.UUID], dict[str, Any]]


@dataclass(frozen=True)
class Party:
    """Who acts on a request: a candidate (by profile) or an employer (by company)."""

    user: User
    profile_id: uuid.UUID | None = None
    company_id: uuid.UUID | None = None


def expire_overdue(session: Session) -> int:
    """Move every sent request and every open offer past its expiry to "expired" (the
    periodic task, and every read, so a lapsed one never shows as open); returns how many."""
    now = utcnow()
    overdue = InterviewRepository(session).overdue(now)
    for request in overdue:
        request.status = RequestStatus.EXPIRED
        record(session, request, None, "expired", "no answer before the request expired")
    session.flush()
    return len(overdue) + expire_offers(session)


def expire_offers(session: Session) -> int:
    """Open offers past their expiry become "expired"; returns how many. Locks the requests
    first, then their offers, the order every other writer of offers takes (the other way
    round, an expiry and a withdrawal could deadlock); requests busy elsewhere are skipped."""
    now = utcnow()
    repo = InterviewRepository(session)
    busy_free = repo.lock_requests_with_lapsed_offers(now)
    lapsed = repo.lapsed_offers(busy_free, now) if busy_free else []
    for offer in lapsed:
        offer.status = OfferStatus.EXPIRED
        request = repo.get(offer.request_id)
        if request is not None:
            expired = f"{as_utc(offer.expires_at):%Y-%m-%d %H:%M} UTC"
            record(session, request, None, "offer_expired", f"no answer before {expired}")
    session.flush()
    return len(lapsed)


def remind_expiring(session: Session, settings: Settings) -> int:
    """E-mail each candidate whose sent request expires within the reminder window, once (the
    request records the reminder in the same transaction as the e-mail). Requests whose whole
    life is shorter than the window get no reminder. Returns how many were sent."""
    now = utcnow()
    window = timedelta(hours=settings.request_reminder_hours)
    due = InterviewRepository(session).due_for_reminder(now, window)
    reminded = 0
    for request in due:
        expires = as_utc(request.expires_at)
        request.reminder_sent_at = now
        if expires - as_utc(request.created_at) <= window:
            continue
        owner = candidate_user(session, request)
        job = JobRepository(session).get(request.job_id)
        if owner is None or job is None:
            continue
        told = notify(
            session,
            settings,
            user=owner,
            kind="interview_request_reminder",
            title=f"Reminder: the interview request for {job.title} expires tomorrow",
            body=(
                f"A company on talentmatch asked you to interview for {job.title}, offering "
                f"{compensation_of(request).describe()}. The request expires on "
                f"{expires:%Y-%m-%d at %H:%M} UTC; answer before then."
            ),
            link=f"/requests/{request.id}",
            once_key=f"request_reminder:{request.id}",
        )
        reminded += told is not None
    session.flush()
    return reminded


def send(
    session: Session,
    settings: Settings,
    *,
    sender: User,
    company_id: uuid.UUID,
    job_id: uuid.UUID,
    profile_id: uuid.UUID,
    salary: int,
    currency: str | None,
    message: str,
    bonus_percent: float | None = None,
    equity_per_year: int | None = None,
    equity_vesting: str = "",
) -> tuple[InterviewRequest, list[str]]:
    """Send the request; the warnings compare its base salary with the candidate's minimum
    base and the job's band, converted at today's ECB rate where the currencies differ. With
    no ``currency`` the amounts are in the job band's."""
    require_approved(session, company_id, sender)  # company vetting: an operator approves first
    job = own_job(session, job_id, company_id)
    currency = currency or job.currency
    if job.status is not JobStatus.OPEN:
        raise InvalidInput("requests are sent for open jobs only", field="job_id")
    profile = disclosure.profile_for_company(session, company_id, profile_id)
    if not candidates.is_visible(profile):
        raise NotFound("profile")
    expire_overdue(session)
    repo = InterviewRepository(session)
    if repo.open_request(job.id, profile.id) is not None:
        raise Conflict(
            "this candidate already has an open request for this job", field="candidate_id"
        )
    request = InterviewRequest(
        job_id=job.id,
        company_id=company_id,
        candidate_profile_id=profile.id,
        sender_user_id=sender.id,
        salary=salary,
        currency=currency,
        bonus_percent=bonus_percent or None,
        equity_per_year=equity_per_year or None,
        equity_vesting=(equity_vesting or None) if equity_per_year else None,
        message=message,
        status=RequestStatus.SENT,
        expires_at=utcnow() + timedelta(days=settings.request_expiry_days),
    )
    try:
        with session.begin_nested():
            session.add(request)
            session.flush()
    except IntegrityError as exc:  # a concurrent send for the same job and candidate
        raise Conflict("this candidate already has an open request for this job") from exc
    offer = compensation_of(request)
    record(session, request, sender, "sent", offer.describe())
    owner = UserRepository(session).get(profile.user_id)
    if owner is not None:
        headline = f"{offer.total:,} {currency} a year" + (" in total" if offer.has_extras else "")
        asker = company_name(session, request)
        notify(
            session,
            settings,
            user=owner,
            kind="interview_request",
            title=f"Interview request from {asker}: {job.title} at {headline}",
            body=(
                f"{asker} asks you to interview for {job.title}, offering "
                f"{offer.describe()}. Your identity stays hidden until you accept.\n\n"
                f"Answer before {as_utc(request.expires_at):%Y-%m-%d}."
            ),
            link=f"/requests/{request.id}",
        )
    return request, salary_warnings(profile, job, salary, currency)


def compensation_of(request: InterviewRequest) -> Compensation:
    """The request's pay as one value: base, target bonus, equity per year."""
    return Compensation(
        base=request.salary,
        currency=request.currency,
        bonus_percent=request.bonus_percent,
        equity_per_year=request.equity_per_year,
        equity_vesting=request.equity_vesting,
    )


def salary_warnings(
    profile: CandidateProfile,
    job: Job,
    salary: int,
    currency: str,
    on: date | None = None,
) -> list[str]:
    """The base salary below the candidate's minimum base or outside the job's band, each
    compared in the other amount's currency at the ECB rate of ``on`` (default: today)."""
    on = on or utcnow().date()
    check = pay.minimum_check(salary, currency, profile.min_salary, profile.salary_currency, on)
    return pay.minimum_warnings(check) + pay.band_warnings(
        salary, currency, job.salary_min, job.salary_max, job.currency, on
    )


def market_warnings(view: RequestView) -> list[str]:
    """A base salary under the market's lower quartile of base pay deserves a second look."""
    return pay.market_warnings(view.salary, view.currency, view.salary_benchmark, view.rate_date)


def get_for(session: Session, party: Party, request_id: uuid.UUID) -> InterviewRequest:
    expire_overdue(session)
    request = InterviewRepository(session).get(request_id)
    if request is None or not _is_party(request, party):
        raise NotFound("interview request")
    return request


def list_for(
    session: Session,
    party: Party,
    *,
    statuses: Sequence[RequestStatus] | None,
    job_id: uuid.UUID | None,
    limit: int,
    offset: int,
    benchmark: Benchmark | None = None,
) -> tuple[list[RequestView], int]:
    expire_overdue(session)
    items, total = InterviewRepository(session).page(
        company_id=party.company_id,
        profile_id=party.profile_id,
        job_id=job_id,
        statuses=statuses,
        limit=limit,
        offset=offset,
    )
    return views(session, items, benchmark), total


def accept(session: Session, party: Party, request_id: uuid.UUID) -> InterviewRequest:
    request = candidate_request(session, party, request_id)
    _require_status(request, RequestStatus.SENT, "accepted")
    request.status = RequestStatus.ACCEPTED
    request.stage = HiringStage.SCREENING
    request.responded_at = utcnow()
    record(session, request, party.user, "accepted", "contact details shared with the company")
    _tell_sender(
        session,
        request,
        "accepted",
        "Their contact details are now on the request, and its message thread is open.",
    )
    return request


def decline(session: Session, party: Party, request_id: uuid.UUID, reason: str) -> InterviewRequest:
    request = candidate_request(session, party, request_id)
    _require_status(request, RequestStatus.SENT, "declined")
    request.status = RequestStatus.DECLINED
    request.decline_reason = reason
    request.responded_at = utcnow()
    record(session, request, party.user, "declined", reason)
    _tell_sender(session, request, "declined", f"Their reason: {reason}" if reason else "")
    return request


def withdraw(session: Session, party: Party, request_id: uuid.UUID) -> InterviewRequest:
    request = company_request(session, party, request_id)
    _require_status(request, RequestStatus.SENT, "withdrawn")
    request.status = RequestStatus.WITHDRAWN
    record(session, request, party.user, "withdrawn", "")
    return request


def move_stage(
    session: Session, party: Party, request_id: uuid.UUID, stage: HiringStage, note: str
) -> InterviewRequest:
    request = company_request(session, party, request_id)
    # Hold and re-read the row: an offer accepted meanwhile must not be overwritten.
    InterviewRepository(session).lock(request)
    if request.status is not RequestStatus.ACCEPTED:
        raise Conflict("only accepted requests move through hiring stages")
    if request.stage in CLOSED:
        raise Conflict(f"this hire is closed ({request.stage.value})")
    request.stage = stage
    record(session, request, party.user, stage_event_kind(stage), note)
    candidate = candidate_user(session, request)
    if candidate is not None:
        label = words(stage)
        notify(
            session,
            None,
            user=candidate,
            kind="stage",
            title=f"Your application for {_job_title(session, request)}: {label}",
            body=f'The company moved your application to the stage "{label}".',
            link=f"/requests/{request.id}",
        )
    if stage is HiringStage.HIRED:
        profile = CandidateRepository(session).get(request.candidate_profile_id)
        if profile is not None:
            profile.status = ProfileStatus.HIRED
    return request


def messages(session: Session, party: Party, request_id: uuid.UUID) -> list[MessagePublic]:
    request = get_for(session, party, request_id)
    _require_thread(request)
    return [
        MessagePublic(
            id=m.id,
            sender_user_id=m.sender_user_id,
            sender_name=name,
            body=m.body,
            created_at=m.created_at,
        )
        for m, name in InterviewRepository(session).messages(request.id)
    ]


def post_message(session: Session, party: Party, request_id: uuid.UUID, body: str) -> MessagePublic:
    request = get_for(session, party, request_id)
    _require_thread(request)
    message = Message(request_id=request.id, sender_user_id=party.user.id, body=body)
    session.add(message)
    session.flush()
    from_candidate = (
        party.profile_id is not None and party.profile_id == request.candidate_profile_id
    )
    recipient = (
        UserRepository(session).get(request.sender_user_id)
        if from_candidate
        else candidate_user(session, request)
    )
    if recipient is not None and recipient.id != party.user.id:
        # Neither the text nor the writer's name is copied: the thread alone holds them, so
        # deleting an account (which redacts the thread) leaves no copy behind.
        writer = "The candidate" if from_candidate else "The company"
        notify(
            session,
            None,
            user=recipient,
            kind="message",
            title=f"New message about {_job_title(session, request)}",
            body=f"{writer} wrote to you. Open the request to read and answer it.",
            link=f"/requests/{request.id}",
        )
    return MessagePublic(
        id=message.id,
        sender_user_id=party.user.id,
        sender_name=party.user.full_name,
        body=body,
        created_at=message.created_at,
    )


def view(
    session: Session, request: InterviewRequest, benchmark: Benchmark | None = None
) -> RequestView:
    """One request as either side sees it."""
    return views(session, [request], benchmark)[0]


def views(
    session: Session, requests: Sequence[InterviewRequest], benchmark: Benchmark | None = None
) -> list[RequestView]:
    """Both sides' view of requests, loading what they refer to in a few batched queries."""
    if not requests:
        return []
    repo = InterviewRepository(session)
    jobs = JobRepository(session).by_ids({r.job_id for r in requests})
    companies = CompanyRepository(session).by_ids({r.company_id for r in requests})
    profiles = CandidateRepository(session).by_ids({r.candidate_profile_id for r in requests})
    accepted = [r for r in requests if r.status is RequestStatus.ACCEPTED]
    user_ids = {r.sender_user_id for r in accepted} | {
        profiles[r.candidate_profile_id].user_id for r in accepted
    }
    users = CandidateRepository(session).users_by_id(
        list(user_ids | {p.user_id for p in profiles.values()})
    )
    events = repo.events([r.id for r in requests])
    result = []
    for r in requests:
        profile, company = profiles[r.candidate_profile_id], companies[r.company_id]
        rate_day = as_utc(r.created_at).date()  # the ECB rates of the request's own date
        view = RequestView(
            id=r.id,
            job_id=r.job_id,
            job_title=jobs[r.job_id].title,
            company_id=r.company_id,
            company_name=company.name,
            candidate_id=profile.id,
            # Blind until accepted: the headline may carry the candidate's name or phone.
            candidate_headline=profile.headline
            if r.status is RequestStatus.ACCEPTED
            else candidates.blinder(profile, users.get(profile.user_id))(
                candidates.text_companies_read(profile)["headline"]
            ),
            salary=r.salary,
            currency=r.currency,
            compensation=pay.compensation_view(compensation_of(r)),
            rate_date=rate_day,
            candidate_min_salary=profile.min_salary,
            candidate_salary_currency=profile.salary_currency,
            minimum_check=pay.minimum_check(
                r.salary, r.currency, profile.min_salary, profile.salary_currency, rate_day
            ),
            message=r.message,
            status=r.status,
            decline_reason=r.decline_reason,
            stage=r.stage,
            expires_at=r.expires_at,
            responded_at=r.responded_at,
            created_at=r.created_at,
            history=[EventPublic.model_validate(e) for e in events[r.id]],
        )
        if benchmark is not None:
            view.salary_benchmark = benchmark(jobs[r.job_id], profile, r.id)
            view.benchmark_in_offer_currency = pay.benchmark_in(
                view.salary_benchmark, r.currency, rate_day
            )
        if r.status is RequestStatus.ACCEPTED:
            sender = users[r.sender_user_id]
            view.candidate_contact = candidates.contact_of(profile, users[profile.user_id])
            view.company_contact = CompanyContact(
                company_name=company.name, sender_name=sender.full_name, sender_email=sender.email
            )
        result.append(view)
    return result


# ------------------------------------------------------------------------------ helpers


def company_name(session: Session, request: InterviewRequest) -> str:
    """The name of the company that sent ``request`` (what the candidate's notices say)."""
    company = CompanyRepository(session).get(request.company_id)
    return company.name if company is not None else "the company"


def _job_title(session: Session, request: InterviewRequest) -> str:
    job = JobRepository(session).get(request.job_id)
    return job.title if job is not None else "a job"


def candidate_user(session: Session, request: InterviewRequest) -> User | None:
    """The account of the candidate ``request`` was sent to (whom its notices reach)."""
    profile = CandidateRepository(session).get(request.candidate_profile_id)
    return UserRepository(session).get(profile.user_id) if profile is not None else None


def _tell_sender(session: Session, request: InterviewRequest, answer: str, detail: str) -> None:
    """The employer who sent the request hears the candidate's answer (still without their
    name on a decline: the candidate stays hidden)."""
    sender = UserRepository(session).get(request.sender_user_id)
    if sender is None:
        return
    notify(
        session,
        None,
        user=sender,
        kind="request_answered",
        title=f"A candidate {answer} your interview request for {_job_title(session, request)}",
        body=detail,
        link=f"/requests/{request.id}",
    )


def _is_party(request: InterviewRequest, party: Party) -> bool:
    return (party.profile_id is not None and request.candidate_profile_id == party.profile_id) or (
        party.company_id is not None and request.company_id == party.company_id
    )


def candidate_request(session: Session, party: Party, request_id: uuid.UUID) -> InterviewRequest:
    request = get_for(session, party, request_id)
    if request.candidate_profile_id != party.profile_id:
        raise Forbidden("only the candidate answers a request")
    return request


def company_request(session: Session, party: Party, request_id: uuid.UUID) -> InterviewRequest:
    request = get_for(session, party, request_id)
    if request.company_id != party.company_id:
        raise Forbidden("only the company that sent the request can do this")
    return request


def _require_status(request: InterviewRequest, expected: RequestStatus, target: str) -> None:
    if request.status is not expected:
        raise Conflict(f"a {request.status.value} request cannot be {target}")
    if as_utc(request.expires_at) <= utcnow():
        raise Conflict("this request has expired")


def _require_thread(request: InterviewRequest) -> None:
    if request.status is not RequestStatus.ACCEPTED:
        raise Conflict("messages open once the candidate accepts the request")


def record(
    session: Session, request: InterviewRequest, actor: User | None, kind: str, detail: str
) -> None:
    session.add(
        RequestEvent(
            request_id=request.id,
            actor_user_id=actor.id if actor else None,
            kind=kind,
            detail=detail,
        )
    )
    session.flush()
