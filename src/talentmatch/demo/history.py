"""The demo employer's hiring history, written through the product's own services.

Each story of ``HIRING_STORIES`` (requests sent, answered, moved through the stages, messages,
scorecards, offers, interview times, shortlists and notes) runs through the interviews and
recruiting services, so its rules, its history events and the notifications it sends are the
product's own. The services stamp every row "now"; :meth:`HiringHistory.backdate` then moves
each row to the day its step happened, so the funnel, the time per stage and the time to hire
show weeks of history. Ids are drawn from the demo's seed, like the rest of the demo.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from talentmatch.accounts.models import User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates import service as candidates
from talentmatch.candidates.models import CandidateProfile, ProfileStatus
from talentmatch.companies.models import Company
from talentmatch.config import Settings
from talentmatch.db import RecordMixin
from talentmatch.demo.catalogue import HIRING_STORIES, HistoryStep, RoleFamily
from talentmatch.interviews import offers, scheduling
from talentmatch.interviews import service as interviews
from talentmatch.interviews.models import (
    HiringStage,
    InterviewRequest,
    SlotStatus,
)
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.interviews.schemas import OfferCreate
from talentmatch.interviews.service import Party
from talentmatch.jobs.models import Job, JobStatus
from talentmatch.kit.errors import NotFound
from talentmatch.notifications.models import Notification
from talentmatch.recruiting import service as recruiting
from talentmatch.recruiting.schemas import ScorecardCreate

TIME_ZONE = "Europe/London"  # where the demo employer proposes interview times
READ_AFTER = timedelta(days=2)  # notices older than this were read, a few hours after


@dataclass
class _Story:
    script: tuple[HistoryStep, ...]
    profile: CandidateProfile
    candidate: User
    job: Job | None
    request: InterviewRequest | None = None
    last: datetime | None = None
    offer_made: datetime | None = None


@dataclass
class _Stamp:
    """What one step wrote, and when it happened."""

    moment: datetime
    rows: list[RecordMixin]
    texts: list[tuple[str, str]] = field(default_factory=list)  # (as written, as it was)


class HiringHistory:
    """Plays ``HIRING_STORIES`` for one company, then backdates what the services wrote."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        company: Company,
        members: list[User],
        jobs: list[tuple[Job, RoleFamily]],
        profiles: list[tuple[CandidateProfile, RoleFamily]],
        *,
        seed: int,
        now: datetime,
    ) -> None:
        self.session = session
        self.settings = settings
        self.company = company
        self.members = members
        self.employer = Party(user=members[0], company_id=company.id)
        # A random stream of its own: the rest of the demo draws the same with or without it.
        self.rng = random.Random(f"history-{seed}")
        self.now = now
        self.jobs = [(j, f) for j, f in jobs if j.company_id == company.id]
        self.jobs = [(j, f) for j, f in self.jobs if j.status is JobStatus.OPEN]
        self.profiles = profiles
        self.written: list[RecordMixin] = []
        self.stamps: list[_Stamp] = []
        self.answered: list[tuple[Any, str, datetime]] = []  # (row, time field, when)
        self.shortlists: dict[str, uuid.UUID] = {}

    # ------------------------------------------------------------------------- play

    def play(self) -> int:
        """Write every story; returns how many interview requests it sent."""
        stories = self._cast()
        # Oldest first across every story, as it happened.
        steps = sorted(
            (
                (-step[0], index, order, step)
                for index, story in enumerate(stories)
                for order, step in enumerate(story.script)
            ),
            key=lambda item: item[:3],
        )
        self.session.flush()  # the demo's other rows keep their own times
        event.listen(self.session, "before_flush", self._collect)
        try:
            for _, index, _, step in steps:
                moment = self.now - timedelta(days=step[0])
                texts = self._step(stories[index], step, moment)
                self.session.flush()
                self.stamps.append(_Stamp(moment, self.written, texts))
                self.written = []
                stories[index].last = moment
        finally:
            event.remove(self.session, "before_flush", self._collect)
        for story in stories:
            if story.request is not None and story.last is not None:
                self.answered.append((story.request, "updated_at", story.last))
        return sum(story.request is not None for story in stories)

    def _collect(self, session: Session, _context: Any, _instances: Any) -> None:
        for row in session.new:
            if isinstance(row, RecordMixin):
                if row.id is None:
                    row.id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
                self.written.append(row)

    def _cast(self) -> list[_Story]:
        """A candidate for each story, of the job's family where one is free: live, not hiding
        from the company, with no request from it yet (nor the demo login: the candidate's own
        journey with the demo employer starts clean)."""
        asked = InterviewRepository(self.session).profiles_asked_by(self.company.id)
        free = [
            (p, f)
            for p, f in self.profiles[1:]
            if p.status is ProfileStatus.LIVE and p.id not in asked
        ]
        stories: list[_Story] = []
        for index, script in enumerate(HIRING_STORIES):
            if not self.jobs or not free:
                break
            sends = any(step[1] == "sent" for step in script)
            job, family = self.jobs[index % min(4, len(self.jobs))] if sends else (None, None)
            fitting = [pf for pf in free if pf[1] is family] or free
            while fitting:
                profile, _ = fitting.pop(self.rng.randrange(len(fitting)))
                try:  # the company may see them (they may hide from it)
                    candidates.profile_for_company(self.session, self.company.id, profile.id)
                except NotFound:
                    continue
                free = [pf for pf in free if pf[0] is not profile]
                user = UserRepository(self.session).get(profile.user_id)
                if user is not None:
                    stories.append(_Story(script, profile, user, job))
                    break
        return stories

    def _step(self, story: _Story, step: HistoryStep, moment: datetime) -> list[tuple[str, str]]:
        """One step through the services; returns texts to correct where a service wrote
        "now" into them (an expiry date, say)."""
        _days, what, argument, text = step
        session, settings, employer = self.session, self.settings, self.employer
        candidate = Party(user=story.candidate, profile_id=story.profile.id)
        company_id = self.company.id
        if what == "shortlist":
            if argument not in self.shortlists:
                made = recruiting.create_shortlist(session, company_id, argument)
                self.shortlists[argument] = made.id
            recruiting.add_to_shortlist(
                session, employer.user, company_id, self.shortlists[argument], story.profile.id
            )
            return []
        if what == "note":
            recruiting.add_note(session, employer.user, company_id, story.profile.id, text)
            return []
        if what == "sent":
            assert story.job is not None
            job = story.job
            low = job.salary_min or 50_000
            salary = int(round(self.rng.uniform(low, job.salary_max or low) / 1000) * 1000)
            story.request, _ = interviews.send(
                session,
                settings,
                sender=employer.user,
                company_id=company_id,
                job_id=job.id,
                profile_id=story.profile.id,
                salary=salary,
                currency=job.currency,
                message=text,
            )
            written = story.request.expires_at
            expires = moment + timedelta(days=settings.request_expiry_days)
            self.answered.append((story.request, "expires_at", expires))
            return [(f"{written:%Y-%m-%d}", f"{expires:%Y-%m-%d}")]
        request = story.request
        assert request is not None, f"{what} before the request was sent"
        if what == "accepted":
            interviews.accept(session, candidate, request.id)
            self.answered.append((request, "responded_at", moment))
        elif what == "declined":
            interviews.decline(session, candidate, request.id, text)
            self.answered.append((request, "responded_at", moment))
        elif what == "withdrawn":
            interviews.withdraw(session, employer, request.id)
        elif what == "stage":
            interviews.move_stage(session, employer, request.id, HiringStage(argument), text)
        elif what in ("writes", "says"):
            interviews.post_message(
                session, employer if what == "writes" else candidate, request.id, text
            )
        elif what == "score":
            stage, rating = argument.split(":")
            # A second member of the company scores the later rounds, where there is one.
            author = self.members[-1] if stage in ("onsite", "technical") else self.members[0]
            recruiting.record_scorecard(
                session,
                author,
                company_id,
                request.id,
                ScorecardCreate(stage=HiringStage(stage), rating=int(rating), notes=text),
            )
        elif what == "offer":
            accepted_later = any(s[1] == "offer_accepted" for s in story.script)
            story.offer_made = moment
            return self._offer(request, int(argument), moment, accepted_later)
        elif what == "offer_accepted":
            offer = InterviewRepository(session).offers(request.id)[0]  # the newest
            offers.accept(session, settings, candidate, request.id, offer.id)
            self.answered += [(offer, "responded_at", moment), (offer, "updated_at", moment)]
            # An accepted offer would have lapsed days after it was made, not after today.
            offered = story.offer_made or moment
            self.answered.append((offer, "expires_at", offered + (offer.expires_at - self.now)))
        elif what == "times":
            day = (self.now + timedelta(days=int(argument))).date()
            starts = [datetime(day.year, day.month, day.day, hour) for hour in (10, 14, 16)]
            scheduling.propose(
                session,
                settings,
                employer,
                request.id,
                timezone=TIME_ZONE,
                slots=[scheduling.SlotTime(start, 60) for start in starts],
            )
        elif what == "picked":
            slot = next(
                s
                for s in scheduling.slots_of(session, request.id)
                if s.status is SlotStatus.PROPOSED
            )
            scheduling.pick(session, settings, candidate, request.id, slot.id)
            self.answered += [(slot, "picked_at", moment), (slot, "updated_at", moment)]
        else:
            raise ValueError(f"unknown history step {what!r}")
        return []

    def _offer(
        self, request: InterviewRequest, open_days: int, moment: datetime, accepted_later: bool
    ) -> list[tuple[str, str]]:
        base = int(round(request.salary * 1.05 / 1000) * 1000)
        expires = self.now + timedelta(days=open_days)
        offers.make(
            self.session,
            self.settings,
            self.employer,
            request.id,
            OfferCreate(
                base=base,
                currency=request.currency,
                bonus_percent=10,
                start_date=(self.now + timedelta(days=open_days + 21)).date(),
                expires_at=expires,
            ),
        )
        if not accepted_later:  # still open: it does expire then
            return []
        # An offer accepted weeks ago read, the day it was made, "answer within a week".
        kept = moment + timedelta(days=open_days)
        return [
            (f"{expires:%Y-%m-%d %H:%M}", f"{kept:%Y-%m-%d %H:%M}"),
            (f"{expires:%Y-%m-%d}", f"{kept:%Y-%m-%d}"),
        ]

    # --------------------------------------------------------------------- backdate

    def backdate(self) -> None:
        """Move every row the stories wrote to the time its step happened (the services
        stamped them "now"), with the answer, pick and expiry times to match, and mark the
        notices older than a couple of days read."""
        for stamp in self.stamps:
            for row in stamp.rows:
                row.created_at = row.updated_at = stamp.moment
                if isinstance(row, Notification) and self.now - stamp.moment > READ_AFTER:
                    row.read_at = stamp.moment + timedelta(hours=3)
                if stamp.texts:
                    _correct_texts(row, stamp.texts)
        for row, name, when in self.answered:
            setattr(row, name, when)
        self.session.flush()


def _correct_texts(row: Any, texts: list[tuple[str, str]]) -> None:
    for name in ("detail", "body", "title", "subject", "html_body"):
        value = getattr(row, name, None)
        if isinstance(value, str):
            for written, meant in texts:
                value = value.replace(written, meant)
            setattr(row, name, value)


def write_hiring_history(
    session: Session,
    settings: Settings,
    company: Company,
    members: list[User],
    jobs: list[tuple[Job, RoleFamily]],
    profiles: list[tuple[CandidateProfile, RoleFamily]],
    *,
    seed: int,
    now: datetime | None = None,
) -> int:
    """Play the demo employer's hiring history and backdate it; returns the requests sent."""
    history = HiringHistory(
        session,
        settings,
        company,
        members,
        jobs,
        profiles,
        seed=seed,
        now=now or datetime.now(UTC),
    )
    sent = history.play()
    history.backdate()
    return sent
