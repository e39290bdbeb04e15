"""Scheduling interviews: once the candidate accepted a request, the employer proposes times in
their own time zone, the candidate picks one, and both get an iCalendar invite by e-mail.

Times are stored in UTC with the IANA zone they were proposed in, and shown in the viewer's
zone. Picking a time closes the other times of that proposal; proposing again closes the
times nobody picked (interviews already booked stay booked).
"""

from __future__ import annotations

import itertools
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.companies.repository import CompanyRepository
from talentmatch.config import Settings
from talentmatch.interviews import service
from talentmatch.interviews.models import (
    InterviewRequest,
    InterviewSlot,
    RequestStatus,
    SlotStatus,
)
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.interviews.service import Party
from talentmatch.interviews.stages import CLOSED, words
from talentmatch.jobs.repository import JobRepository
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import Conflict, InvalidInput, NotFound
from talentmatch.notifications.service import Attachment, notify

MAX_SLOTS = 10
AHEAD = timedelta(days=366)  # interviews are booked at most a year ahead
CALENDAR_TYPE = "text/calendar"


@dataclass(frozen=True)
class SlotTime:
    """A proposed start (local time in the proposal's zone, or with an offset) and length."""

    start: datetime
    minutes: int


# Names the system's zone database carries that are no place: the server's own zone and a
# placeholder.
NOT_PLACES = frozenset({"localtime", "Factory"})


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time zone name of a place, sorted (for the form's suggestions)."""
    return tuple(sorted(zoneinfo.available_timezones() - NOT_PLACES))


def time_zone(name: str, field: str = "timezone") -> zoneinfo.ZoneInfo:
    """The IANA zone ``name``; an unknown name is the person's error, said plainly."""
    name = name.strip()
    if name not in time_zones():
        raise InvalidInput(
            f"{name or 'an empty name'!r} is not a time zone: use a name such as Europe/Berlin",
            field=field,
        )
    return zoneinfo.ZoneInfo(name)


def local_text(moment: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """ "Thu 3 Dec 2026, 10:00 (Europe/Berlin)" """
    local = as_utc(moment).astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({zone.key})"


def _to_utc(start: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """A wall-clock time in ``zone`` (or an aware time) as UTC; a wall-clock time that does
    not exist there (skipped when the clocks go forward) is refused."""
    if start.tzinfo is not None:
        return start.astimezone(UTC)
    moment = start.replace(tzinfo=zone)
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != start:
        raise InvalidInput(
            f"{start:%Y-%m-%d %H:%M} does not exist in {zone.key} (the clocks go forward then)",
            field="slots",
        )
    return moment.astimezone(UTC)


def slots_of(session: Session, request_id: uuid.UUID) -> list[InterviewSlot]:
    return InterviewRepository(session).slots(request_id)


def slots_for(session: Session, party: Party, request_id: uuid.UUID) -> list[InterviewSlot]:
    """Every time proposed on a request (either side), earliest first."""
    return slots_of(session, service.get_for(session, party, request_id).id)


def require_open_hiring(request: InterviewRequest, what: str) -> None:
    if request.status is not RequestStatus.ACCEPTED:
        raise Conflict(f"{what} once the candidate has accepted the request")
    if request.stage in CLOSED:
        raise Conflict(f"this hire is closed ({words(request.stage)})")


def lock(session: Session, request: InterviewRequest) -> None:
    """Hold the request's row until commit, and read it again: concurrent picks, proposals,
    offers and stage moves on one request happen one after the other, each seeing what the
    one before wrote (SQLite has one writer anyway). Checks of its state come after this."""
    InterviewRepository(session).lock(request)


def propose(
    session: Session,
    settings: Settings,
    party: Party,
    request_id: uuid.UUID,
    *,
    timezone: str,
    slots: Sequence[SlotTime],
) -> list[InterviewSlot]:
    """Propose interview times, in the employer's zone ``timezone``; the times nobody picked
    from an earlier proposal are closed. Times in the past, times that overlap each other or
    an interview already booked on this request are refused, all named in one message."""
    request = service.company_request(session, party, request_id)
    require_open_hiring(request, "interview times are proposed")
    zone = time_zone(timezone)
    if not slots:
        raise InvalidInput("propose at least one time", field="slots")
    if len(slots) > MAX_SLOTS:
        raise InvalidInput(f"propose at most {MAX_SLOTS} times at once", field="slots")
    lock(session, request)
    require_open_hiring(request, "interview times are proposed")
    now = utcnow()
    problems: list[str] = []
    times: list[tuple[datetime, datetime]] = []
    for slot in slots:
        # Years far off are refused before any arithmetic (which overflows near year 1/9999).
        if slot.start.year < now.year - 1:
            problems.append(f"{slot.start:%Y-%m-%d %H:%M} is in the past.")
            continue
        start = _to_utc(slot.start, zone) if slot.start.year <= now.year + 1 else now + AHEAD
        if start <= now:
            problems.append(f"{local_text(start, zone)} is in the past.")
        elif start - now >= AHEAD:
            problems.append(f"{slot.start:%Y-%m-%d %H:%M} is more than a year ahead.")
        else:
            times.append((start, start + timedelta(minutes=slot.minutes)))
    times.sort()
    for (start, end), (later, _) in itertools.pairwise(times):
        if later < end:
            problems.append(
                f"{local_text(start, zone)} and {local_text(later, zone)} overlap "
                f"(the first lasts {int((end - start).total_seconds() // 60)} minutes)."
            )
    existing = slots_of(session, request.id)
    for booked in (s for s in existing if s.status is SlotStatus.PICKED):
        booked_start, booked_end = as_utc(booked.starts_at), as_utc(booked.ends_at)
        for start, end in times:
            if start < booked_end and booked_start < end:
                problems.append(
                    f"{local_text(start, zone)} overlaps the interview already booked at "
                    f"{local_text(booked_start, zone)}."
                )
    if problems:
        raise InvalidInput(" ".join(problems), field="slots")
    closed = 0
    for old in existing:
        if old.status is SlotStatus.PROPOSED:
            old.status, closed = SlotStatus.CLOSED, closed + 1
    created = [
        InterviewSlot(
            request_id=request.id,
            proposed_by_user_id=party.user.id,
            stage=request.stage,
            starts_at=start,
            ends_at=end,
            timezone=zone.key,
            status=SlotStatus.PROPOSED,
        )
        for start, end in times
    ]
    session.add_all(created)
    session.flush()
    listed = "; ".join(local_text(start, zone) for start, _ in times)
    service.record(
        session,
        request,
        party.user,
        "times_proposed",
        listed + (f" (replacing {closed} earlier times)" if closed else ""),
    )
    candidate = service.candidate_user(session, request)
    job = JobRepository(session).get(request.job_id)
    if candidate is not None and job is not None:
        notify(
            session,
            settings,
            user=candidate,
            kind="interview_times",
            title=(
                f"Pick a time for your interview: {job.title} at "
                f"{service.company_name(session, request)}"
            ),
            body=(
                f"The company proposes {len(times)} time{'' if len(times) == 1 else 's'} for "
                f"your interview for {job.title} (shown here in {zone.key}; the page shows them "
                "in your time zone):\n\n"
                + "\n".join(f"- {local_text(start, zone)}" for start, _ in times)
                + "\n\nPick one on the request's page."
            ),
            link=f"/requests/{request.id}",
        )
    return created


def pick(
    session: Session, settings: Settings, party: Party, request_id: uuid.UUID, slot_id: uuid.UUID
) -> InterviewSlot:
    """The candidate picks a proposed time: it is booked, the proposal's other times close,
    and both sides are e-mailed the invite (an .ics attachment)."""
    request = service.candidate_request(session, party, request_id)
    lock(session, request)
    require_open_hiring(request, "interview times are picked")
    slot = InterviewRepository(session).slot_read_again(request.id, slot_id)
    if slot is None:
        raise NotFound("interview time")
    if slot.status is SlotStatus.PICKED:
        raise Conflict("you have already picked this time")
    if slot.status is SlotStatus.CLOSED:
        raise Conflict("this time is no longer offered: pick one of the times proposed now")
    if as_utc(slot.starts_at) <= utcnow():
        raise Conflict("this time has passed: ask the company for new times")
    slot.status, slot.picked_at = SlotStatus.PICKED, utcnow()
    for other in slots_of(session, request.id):
        if other.status is SlotStatus.PROPOSED and other.id != slot.id:
            other.status = SlotStatus.CLOSED
    zone = zoneinfo.ZoneInfo(slot.timezone)
    service.record(
        session, request, party.user, "time_picked", local_text(as_utc(slot.starts_at), zone)
    )
    session.flush()
    invite = invite_of(session, settings, request, slot)
    job = JobRepository(session).get(request.job_id)
    title = job.title if job is not None else "interview"
    for person in _attendees(session, request, slot):
        notify(
            session,
            settings,
            user=person,
            kind="interview_invite",
            title=(
                f"Interview booked: {title} at {service.company_name(session, request)}, "
                f"{local_text(slot.starts_at, zone)}"
            ),
            body=(
                f"The interview for {title} is booked for {local_text(slot.starts_at, zone)} "
                f"({int((as_utc(slot.ends_at) - as_utc(slot.starts_at)).total_seconds() // 60)}"
                f" minutes). Add it to your calendar with the invite (.ics) on the request's "
                "page or attached to the e-mail."
            ),
            link=f"/requests/{request.id}",
            attachment=invite,
        )
    return slot


def invite_for(
    session: Session, settings: Settings, party: Party, request_id: uuid.UUID, slot_id: uuid.UUID
) -> Attachment:
    """The invite of a booked interview, for either side to download."""
    request = service.get_for(session, party, request_id)
    slot = InterviewRepository(session).get_slot(slot_id)
    if slot is None or slot.request_id != request.id or slot.status is not SlotStatus.PICKED:
        raise NotFound("booked interview")
    return invite_of(session, settings, request, slot)


def invite_of(
    session: Session, settings: Settings, request: InterviewRequest, slot: InterviewSlot
) -> Attachment:
    """The booked interview as an iCalendar (RFC 5545) event with both sides as attendees."""
    job = JobRepository(session).get(request.job_id)
    company = CompanyRepository(session).get(request.company_id)
    title, company_name = (job.title if job else "Interview"), (company.name if company else "")
    stage = f" ({words(slot.stage)})" if slot.stage else ""
    url = _request_url(settings, request)
    calendar = Calendar()
    calendar.add("prodid", "-//talentmatch//interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"{slot.id}@{_domain(settings)}")
    event.add("dtstamp", as_utc(slot.picked_at or slot.updated_at))
    event.add("dtstart", as_utc(slot.starts_at))
    event.add("dtend", as_utc(slot.ends_at))
    event.add("summary", f"Interview{stage}: {title} at {company_name}".strip())
    event.add("description", f"Interview request on talentmatch: {url}")
    event.add("url", url)
    event.add("status", "CONFIRMED")
    proposer = UserRepository(session).get(slot.proposed_by_user_id)
    if proposer is not None:
        event.add("organizer", _address(proposer))
    for person in _attendees(session, request, slot):
        address = _address(person)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    return Attachment(
        filename="interview.ics", content_type=CALENDAR_TYPE, content=calendar.to_ical().decode()
    )


def _address(user: User) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.full_name)
    return address


def _attendees(session: Session, request: InterviewRequest, slot: InterviewSlot) -> list[User]:
    """The candidate and the company member who proposed the time."""
    people = [
        service.candidate_user(session, request),
        UserRepository(session).get(slot.proposed_by_user_id),
    ]
    return [p for p in people if p is not None]


def _request_url(settings: Settings, request: InterviewRequest) -> str:
    return f"{settings.public_url.rstrip('/')}/requests/{request.id}"


def _domain(settings: Settings) -> str:
    return settings.public_url.split("//")[-1].split("/")[0].split(":")[0] or "talentmatch"
