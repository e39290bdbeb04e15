"""Play the demo marketplace through the product's services: companies, employers,
candidates, jobs and requests in every state.

Accounts, companies and their vetting, jobs, profiles with their resumes, hidden companies and
reviews, and interview requests with their answers, stages and messages are each written by the
service a person's action would call, so the demo holds only states the product can reach (and
the notices and e-mails those actions send). The services stamp everything "now";
:meth:`_DemoWriter.backdate`, once they have all run, moves each step back to the day it is
meant to have happened. Deterministic for a seed: the same ids, names, texts and states every
time (only the times follow the clock). The demo employer's own hiring history is played the
same way by ``demo/history.py``.
"""

from __future__ import annotations

import random
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch import onboarding
from talentmatch.accounts.models import Role, User
from talentmatch.accounts.repository import UserRepository
from talentmatch.candidates import service as candidates
from talentmatch.candidates.models import CandidateProfile, ProfileStatus, RemotePreference
from talentmatch.candidates.repository import CandidateRepository
from talentmatch.candidates.schemas import ProfileUpdate
from talentmatch.companies import service as companies
from talentmatch.companies import vetting
from talentmatch.companies.models import Company, VettingStatus
from talentmatch.companies.repository import CompanyRepository
from talentmatch.config import Settings
from talentmatch.demo.backdating import Backdating
from talentmatch.demo.catalogue import (
    COMPANY_FIRST,
    COMPANY_FORMS,
    COMPANY_SECOND,
    DECLINE_REASONS,
    DEGREES,
    FAMILIES,
    FIRST_NAMES,
    HIRING_STORIES,
    INTERVIEW_LOOPS,
    LAST_NAMES,
    MESSAGES,
    PLACES,
    SENIORITY_LEVELS,
    UNIVERSITIES,
    RoleFamily,
)
from talentmatch.demo.history import write_hiring_history
from talentmatch.demo.self_identification import write_self_identification
from talentmatch.interviews import service as interviews
from talentmatch.interviews.models import (
    HiringStage,
    InterviewRequest,
    RequestStatus,
)
from talentmatch.interviews.repository import InterviewRepository
from talentmatch.interviews.service import Party
from talentmatch.jobs import service as jobs
from talentmatch.jobs.models import Job, JobStatus, RemotePolicy, Seniority
from talentmatch.jobs.schemas import JobCreate
from talentmatch.kit.clock import as_utc, utcnow
from talentmatch.kit.errors import NotFound
from talentmatch.kit.security import PasswordHasher
from talentmatch.ml.jobs import ParsedJob
from talentmatch.ml.resume import ParsedResume
from talentmatch.ml.text import ExtractedText
from talentmatch.operations.repository import TableRepository
from talentmatch.understanding import Understanding

DEMO_PASSWORD = "talentmatch-demo"
PRODUCTS = ("software", "data products", "AI tools", "platforms")
INDUSTRIES = ("retail", "healthcare", "finance", "logistics", "energy", "media")
VERBS = ("Led", "Built", "Shipped", "Designed")
EARLIER_TITLES = ("Software Engineer", "Analyst", "Engineer")
REJECTION_REASONS = (
    "Please list the technologies you used in each role.",
    "The headline should describe your role, not your employer.",
    "Add your years of experience and at least five skills.",
)
DEMO_DOMAIN = "talentmatch.example"
OPERATOR_EMAIL = f"operator@{DEMO_DOMAIN}"
EMPLOYER_EMAIL = f"employer@{DEMO_DOMAIN}"
HIDDEN_EMPLOYER_EMAIL = f"employer2@{DEMO_DOMAIN}"
CANDIDATE_EMAIL = f"candidate@{DEMO_DOMAIN}"
# The featured candidate, a backend engineer aiming at machine learning (her target roles),
# wishes for these: the software family lists no specialisms, so a draw would give her none
# and her career page would star none.
FEATURED_SPECIALISMS = ("recommender systems", "deep learning")
# The parser version of a parse not made yet: the CLI's reparse after the load reads every demo
# resume and job with the real parsers (as after a parser upgrade), where its time is shown.
UNREAD = "unread"
HOUR = timedelta(hours=1)
HISTORY_DAYS = int(max(step[0] for story in HIRING_STORIES for step in story))  # its first step


@dataclass(frozen=True)
class DemoSize:
    companies: int = 50
    candidates: int = 200
    jobs: int = 300
    requests: int = 260


@dataclass
class DemoSummary:
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role, e-mail, what to try)
    counts: dict[str, int] = field(default_factory=dict)


def demo_already_loaded(session: Session) -> bool:
    return UserRepository(session).get_by_email(OPERATOR_EMAIL) is not None


class _ReadLater(Understanding):
    """The jobs service's reader for the demo: it reads nothing (see ``UNREAD``)."""

    def read_job(self, title: str, description: str) -> ParsedJob:
        return ParsedJob(title=title, parser_version=UNREAD)


@dataclass
class _Member:
    company: Company
    users: list[User]
    vetted: datetime


class _DemoWriter:
    def __init__(self, session: Session, settings: Settings, password_hash: str, seed: int) -> None:
        self.session = session
        self.settings = settings
        self.hasher = PasswordHasher(settings)
        self.password_hash = password_hash
        self.rng = random.Random(seed)
        self.now = utcnow()
        self.stamps = Backdating(session, self.rng)
        self.reader = _ReadLater()
        self.companies: list[tuple[Company, list[User]]] = []
        self.vetted: dict[uuid.UUID, datetime] = {}
        self.jobs: list[tuple[Job, RoleFamily]] = []
        self.posted: dict[uuid.UUID, datetime] = {}
        self.profiles: list[tuple[CandidateProfile, RoleFamily]] = []
        self.owners: dict[uuid.UUID, User] = {}
        self.approved: dict[uuid.UUID, datetime] = {}
        self.to_hire: set[uuid.UUID] = set()  # live now, hired through a request below
        self.lapsing: list[InterviewRequest] = []

    def days_ago(self, low: int, high: int) -> datetime:
        return self.now - timedelta(days=self.rng.randint(low, high), hours=self.rng.randint(0, 23))

    def user(self, moment: datetime, email: str, name: str, role: Role, **company: Any) -> User:
        with self.stamps.at(moment):
            return onboarding.create_account(
                self.session,
                self.hasher,
                email=email,
                password_hash=self.password_hash,
                full_name=name,
                role=role,
                **company,
            )

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # -------------------------------------------------------------------- companies

    def write_companies(self, count: int, operator: User) -> None:
        """Each company is founded by its admin's sign-up, described by them, joined by its
        other members (accepted invitations) and approved by the demo operator a day later."""
        names = [f"{a} {b}" for a in COMPANY_FIRST for b in COMPANY_SECOND]
        self.rng.shuffle(names)
        names.remove("Northwind Analytics")
        names.remove("Globex Systems")
        names = ["Northwind Analytics", "Globex Systems", *names]
        for index, base in enumerate(names[:count]):
            slug = re.sub(r"[^a-z0-9]+", "", base.lower())
            form = self.rng.choice(COMPANY_FORMS)
            city = self.rng.choice(PLACES)[0]
            description = (
                f"{base} builds {self.rng.choice(PRODUCTS)} for "
                f"{self.rng.choice(INDUSTRIES)} teams, from offices in {city}."
            )
            founded = self.days_ago(61, 400)
            members: list[User] = []
            company: Company | None = None
            for member_index in range(self.rng.randint(1, 3)):
                if index == 0 and member_index == 0:
                    email, name = EMPLOYER_EMAIL, "Erin Employer"
                elif index == 1 and member_index == 0:
                    email, name = HIDDEN_EMPLOYER_EMAIL, "Gabe Globex"
                else:
                    name = self.person_name()
                    email = f"{name.split()[0].lower()}.{index}.{member_index}@{slug}.example"
                if company is None:
                    admin = self.user(
                        founded,
                        email,
                        name,
                        Role.EMPLOYER,
                        company_name=f"{base} {form}".strip(),
                        company_domain=f"{slug}.example",
                    )
                    company_id = CompanyRepository(self.session).company_id_of(admin.id)
                    assert company_id is not None
                    with self.stamps.at(founded + HOUR):
                        company = companies.update_company(
                            self.session,
                            company_id,
                            is_admin=True,
                            changes={"location": city, "description": description},
                        )
                    members.append(admin)
                else:
                    joined = founded + timedelta(days=self.rng.randint(1, 30))
                    members.append(
                        self.user(joined, email, name, Role.EMPLOYER, join_company_id=company.id)
                    )
            assert company is not None
            self.vetted[company.id] = founded + timedelta(days=1)
            with self.stamps.at(self.vetted[company.id]):
                vetting.decide(
                    self.session,
                    operator,
                    company.id,
                    VettingStatus.APPROVED,
                    reason="demo company",
                    public_url=self.settings.public_url,
                )
            self.companies.append((company, members))

    # ------------------------------------------------------------------------- jobs

    def write_jobs(self, count: int) -> None:
        """Posted open or as drafts; a tenth open ones are closed again."""
        for index in range(count):
            company, members = self.companies[index % len(self.companies)]
            family = FAMILIES[index % len(FAMILIES)] if index < 12 else self.rng.choice(FAMILIES)
            seniority, prefix, factor, _years = self.rng.choice(SENIORITY_LEVELS)
            city, country, currency, place_factor, fx = self.rng.choice(PLACES)
            title = prefix + self.rng.choice(family.titles)
            required = self.rng.sample(family.core_skills, k=min(4, len(family.core_skills)))
            nice = self.rng.sample(family.extra_skills, k=3)
            mid = family.base_salary_usd * factor * place_factor * fx
            closed = index % 10 == 9
            duties = self.rng.sample(family.duties, k=3)
            body = JobCreate(
                title=title,
                description=(
                    f"{company.name} is hiring a {title} in {city}.\n\nWhat you will do:\n"
                    + "".join(f"- {duty.capitalize()}.\n" for duty in duties)
                    + f"\nWhat you bring: {', '.join(required)}.\n"
                    + f"Nice to have: {', '.join(nice)}.\n"
                ),
                required_skills=required,
                nice_to_have_skills=nice,
                interview_stages=list(INTERVIEW_LOOPS.get(family.key, ())) if index % 3 else [],
                seniority=Seniority(seniority),
                location=city,
                country=country,
                remote_policy=self.rng.choice(list(RemotePolicy)),
                salary_min=_round(mid * 0.9),
                salary_max=_round(mid * 1.2),
                currency=currency,
                status=JobStatus.DRAFT if index % 10 == 8 else JobStatus.OPEN,
            )
            # The demo employer's jobs were up before its hiring history began.
            posted = (
                self.days_ago(HISTORY_DAYS + 1, 60)
                if index % len(self.companies) == 0
                else self.days_ago(1, 60)
            )
            with self.stamps.at(posted):
                job = jobs.create_job(
                    self.session,
                    self.reader,
                    company_id=company.id,
                    author=members[0],
                    fields=body.model_dump(),
                    provided=body.model_fields_set,
                )
            if closed:
                with self.stamps.at(max(posted + 12 * HOUR, self.now - timedelta(days=3))):
                    jobs.update_job(self.session, self.reader, job, {"status": JobStatus.CLOSED})
            self.posted[job.id] = posted
            self.jobs.append((job, family))

    # ------------------------------------------------------------------- candidates

    def write_candidates(self, count: int, operator: User) -> None:
        statuses = (
            [ProfileStatus.LIVE] * 150
            + [ProfileStatus.SUBMITTED] * 15
            + [ProfileStatus.DRAFT] * 10
            + [ProfileStatus.REJECTED] * 8
            + [ProfileStatus.PAUSED] * 10
            + [ProfileStatus.HIRED] * 7
        )
        self.rng.shuffle(statuses)
        for index in range(count):
            featured = index == 0
            family = FAMILIES[0] if featured else self.rng.choice(FAMILIES)
            status = ProfileStatus.LIVE if featured else statuses[index % len(statuses)]
            name = "Casey Candidate" if featured else self.person_name()
            email = (
                CANDIDATE_EMAIL
                if featured
                else f"{_ascii(name).replace(' ', '.').lower()}.{index}@mail.example"
            )
            joined = self.days_ago(60, 400)
            user = self.user(joined, email, name, Role.CANDIDATE)
            profile = CandidateRepository(self.session).for_user(user.id)
            assert profile is not None
            self.owners[profile.id] = user
            title, skills, city = self.fill_profile(
                profile, user, family, joined, featured=featured
            )
            with self.stamps.at(joined + 2 * HOUR):
                self.upload_resume(profile, user, title, skills, city)
            if featured or self.rng.random() < 0.2:
                with self.stamps.at(joined + 3 * HOUR):
                    self.hide_companies(profile, featured=featured)
            self.review(profile, status, operator)
            self.profiles.append((profile, family))

    def fill_profile(
        self,
        profile: CandidateProfile,
        user: User,
        family: RoleFamily,
        joined: datetime,
        *,
        featured: bool,
    ) -> tuple[str, list[str], str]:
        """The candidate writes their profile (before submitting it); returns the title,
        skills and city their resume shows."""
        rng = self.rng
        level = SENIORITY_LEVELS[2] if featured else rng.choice(SENIORITY_LEVELS)
        _seniority, prefix, factor, (low, high) = level
        city, country, currency, place_factor, fx = PLACES[7] if featured else rng.choice(PLACES)
        title = prefix + (family.titles[0] if featured else rng.choice(family.titles))
        skills = list(family.core_skills[:4]) + rng.sample(family.extra_skills, k=rng.randint(2, 5))
        if not featured:
            rng.shuffle(skills)
        years = round(rng.uniform(low, high), 1)
        minimum = _round(
            family.base_salary_usd * factor * place_factor * fx * rng.uniform(0.85, 1.05)
        )
        other = rng.choice(FAMILIES)
        handle = _ascii(user.full_name).split()[0].lower()
        changes = ProfileUpdate(
            phone=f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}",
            links=[f"https://github.example/{handle}{rng.randint(1, 999)}"],
            headline=f"{title} · {years:g} years · {', '.join(skills[:3])}",
            summary=(
                f"{title} based in {city} with {years:g} years of experience. "
                f"I like to {rng.choice(family.duties)}."
            ),
            titles=[title, *([other.titles[0]] if rng.random() < 0.3 else [])],
            years_experience=years,
            skills=skills,
            location=city,
            country=country,
            work_authorizations=[country],
            target_roles=["Machine Learning Engineer", title] if featured else [family.titles[0]],
            target_locations=[city, "Remote"],
            remote_preference=RemotePreference.HYBRID
            if featured
            else rng.choice(list(RemotePreference)),
            min_salary=minimum,
            salary_currency=currency,
            specialisms=list(FEATURED_SPECIALISMS)
            if featured
            else rng.sample(family.specialisms, k=min(2, len(family.specialisms))),
        )
        with self.stamps.at(joined + HOUR):
            candidates.update_profile(self.session, profile, changes.model_dump(exclude_unset=True))
        return title, skills, city

    def upload_resume(
        self, profile: CandidateProfile, user: User, title: str, skills: list[str], city: str
    ) -> None:
        """Stored as an upload is, and read: its text is the file (plain text); its parse is
        left to the CLI's reparse (``UNREAD``), so it fills nothing the candidate wrote."""
        rng = self.rng
        employers = [company.name for company, _ in rng.sample(self.companies, k=2)]
        start = 2025 - int(profile.years_experience or 1)
        text = (
            f"{user.full_name}\n{user.email} | {profile.phone} | {city}\n\n"
            f"SUMMARY\n{profile.summary}\n\n"
            f"EXPERIENCE\n{title}, {employers[0]} ({max(start, 2018)} - present)\n"
            f"- {rng.choice(VERBS)} systems using {', '.join(skills[:3])}.\n"
            f"{rng.choice(EARLIER_TITLES)}, {employers[1]} ({start} - {max(start, 2018)})\n"
            f"- Worked with {', '.join(skills[3:6]) or skills[0]}.\n\n"
            f"EDUCATION\n{rng.choice(DEGREES)}, {rng.choice(UNIVERSITIES)}\n\n"
            f"SKILLS\n{', '.join(skills)}\n"
        )
        checked = candidates.check_resume(
            self.settings,
            filename=f"{_ascii(user.full_name).replace(' ', '_')}_resume.txt",
            content=text.encode(),
        )
        resume = candidates.store_unread_resume(self.session, profile, checked)
        read = candidates.ReadResume(
            checked,
            ExtractedText(text=text, media_type=checked.media_type, pages=1),
            ParsedResume(parser_version=UNREAD),
        )
        candidates.finish_reading(self.session, profile, resume, read)

    def hide_companies(self, profile: CandidateProfile, *, featured: bool) -> None:
        if featured:  # the featured candidate hides Globex, spelled unlike its account
            labels = ["GLOBEX Inc."]
        else:
            company = self.rng.choice(self.companies)[0]
            labels = [self.rng.choice([company.name.upper(), company.domain or company.name])]
        for label in labels:
            candidates.add_hidden_company(self.session, profile, label)

    def review(self, profile: CandidateProfile, status: ProfileStatus, operator: User) -> None:
        """Submit the profile for review and have the demo operator decide, as ``status``
        needs: live, paused and hired-to-be profiles are approved (paused later on)."""
        rng, session = self.rng, self.session
        if status is ProfileStatus.DRAFT:
            return
        if status is ProfileStatus.SUBMITTED:
            with self.stamps.at(self.days_ago(0, 6)):
                candidates.submit_for_review(session, profile)
            return
        if status is ProfileStatus.REJECTED:
            submitted = self.days_ago(3, 30)
            with self.stamps.at(submitted):
                candidates.submit_for_review(session, profile)
            with self.stamps.at(submitted + timedelta(hours=rng.randint(2, 40))):
                candidates.reject(session, operator, profile.id, rng.choice(REJECTION_REASONS))
            return
        approved = self.days_ago(1, 50)
        with self.stamps.at(approved - timedelta(hours=rng.randint(2, 40))):
            candidates.submit_for_review(session, profile)
        with self.stamps.at(approved):
            candidates.approve(session, self.settings, operator, profile.id)
        self.approved[profile.id] = approved
        if status is ProfileStatus.PAUSED:
            with self.stamps.at(approved + (self.now - approved) * rng.random()):
                candidates.pause(session, profile)
        elif status is ProfileStatus.HIRED:
            self.to_hire.add(profile.id)

    # --------------------------------------------------------------------- requests

    def write_requests(self, count: int) -> None:
        open_jobs = [(j, f) for j, f in self.jobs if j.status is JobStatus.OPEN]
        live = [(p, f) for p, f in self.profiles if p.status is ProfileStatus.LIVE]
        members = {company.id: users for company, users in self.companies}
        states = [
            RequestStatus.SENT,
            RequestStatus.ACCEPTED,
            RequestStatus.DECLINED,
            RequestStatus.EXPIRED,
            RequestStatus.WITHDRAWN,
        ]
        seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
        hired: set[uuid.UUID] = set()
        written = 0
        # The featured candidate (the demo login) has requests to answer and one to follow,
        # from other companies than the demo employer's, whose journey with them starts clean.
        featured, featured_family = self.profiles[0]
        demo_employers = {
            company.id
            for company, users in self.companies
            if any(u.email == EMPLOYER_EMAIL for u in users)
        }
        for job, family in open_jobs:
            if written == min(3, count):
                break
            if family is not featured_family or job.company_id in demo_employers:
                continue
            status = (RequestStatus.SENT, RequestStatus.ACCEPTED, RequestStatus.SENT)[written]
            if self.request(job, featured, members[job.company_id][0], status):
                seen.add((job.id, featured.id))
                written += 1
        attempts = 0
        while written < count and attempts < 50 * count:
            attempts += 1
            job, family = self.rng.choice(open_jobs)
            same_family = [pf for pf in live if pf[1] is family] or live
            profile, _ = self.rng.choice(same_family)
            if (job.id, profile.id) in seen or profile.id in hired:
                continue
            hire = profile.id in self.to_hire
            status = RequestStatus.ACCEPTED if hire else states[written % len(states)]
            if self.request(job, profile, members[job.company_id][0], status, hire=hire):
                seen.add((job.id, profile.id))
                written += 1
                if hire:
                    hired.add(profile.id)

    def request(
        self,
        job: Job,
        profile: CandidateProfile,
        sender: User,
        status: RequestStatus,
        *,
        hire: bool = False,
    ) -> bool:
        """Send a request and answer it as ``status`` says, each step on its day; False
        where the times cannot fit (sent before the job was posted or the profile approved,
        or answered in the future) or the service refuses it (the candidate hides from the
        company)."""
        rng = self.rng
        expiry = timedelta(days=self.settings.request_expiry_days)
        answered = timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 20))
        stages = list(HiringStage)[: rng.randint(1, 4)]
        if hire:
            stages = [
                HiringStage.SCREENING,
                HiringStage.TECHNICAL,
                HiringStage.OFFER,
                HiringStage.HIRED,
            ]
        messages = MESSAGES[: rng.randint(1, len(MESSAGES))]
        span = timedelta()
        if status is RequestStatus.EXPIRED:
            sent = self.days_ago(15, 40)
        elif status is RequestStatus.SENT:
            sent = self.now - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 23))
        else:
            sent = self.days_ago(1, 25)
            span = answered
            if status is RequestStatus.ACCEPTED:
                span += max(timedelta(days=2 * (len(stages) - 1)), len(messages) * HOUR)
        salary = _round(rng.uniform(job.salary_min or 50_000, job.salary_max or 50_000))
        earliest = (
            max(self.posted[job.id], self.approved[profile.id], self.vetted[job.company_id]) + HOUR
        )
        if status is not RequestStatus.EXPIRED:
            sent = max(sent, earliest)
        if (
            sent < earliest
            or sent + span > self.now
            or (status is RequestStatus.EXPIRED and sent + expiry > self.now)
        ):
            return False
        employer = Party(user=sender, company_id=job.company_id)
        candidate = Party(user=self.owners[profile.id], profile_id=profile.id)
        session = self.session
        with self.stamps.at(sent):
            try:
                request, _ = interviews.send(
                    session,
                    self.settings,
                    sender=sender,
                    company_id=job.company_id,
                    job_id=job.id,
                    profile_id=profile.id,
                    salary=salary,
                    currency=job.currency,
                    message=f"Hi! Your experience looks like a great fit for our {job.title} "
                    "role. We would love to talk.",
                )
            except NotFound:  # the candidate hides from this company
                return False
        moment = sent + answered
        if status is RequestStatus.ACCEPTED:
            with self.stamps.at(moment):
                interviews.accept(session, candidate, request.id)
            for step, body in enumerate(messages):
                with self.stamps.at(moment + (step + 1) * HOUR):
                    author = employer if step % 2 == 0 else candidate
                    interviews.post_message(session, author, request.id, body)
            for step, stage in enumerate(stages[1:], start=1):
                with self.stamps.at(moment + timedelta(days=2 * step)):
                    interviews.move_stage(session, employer, request.id, stage, "")
        elif status is RequestStatus.DECLINED:
            with self.stamps.at(moment):
                interviews.decline(session, candidate, request.id, rng.choice(DECLINE_REASONS))
        elif status is RequestStatus.WITHDRAWN:
            with self.stamps.at(moment):
                interviews.withdraw(session, employer, request.id)
        elif status is RequestStatus.EXPIRED:
            self.lapsing.append(request)
        return True

    # --------------------------------------------------------------------- backdate

    def backdate(self) -> None:
        """Move what the services wrote to the days it happened on; then the periodic expiry
        runs (``interviews.expire_overdue``), and each request it expires lapsed on its
        expiry day."""
        self.stamps.backdate()
        interviews.expire_overdue(self.session)
        lapsed = {request.id: request for request in self.lapsing}
        events = InterviewRepository(self.session).events(list(lapsed))
        for event in (e for found in events.values() for e in found if e.kind == "expired"):
            request = lapsed[event.request_id]
            event.created_at = event.updated_at = request.updated_at = as_utc(request.expires_at)
        self.session.flush()


def load_demo(
    session: Session,
    password_hash: str,
    *,
    seed: int = 7,
    size: DemoSize | None = None,
    progress: Callable[[str, int], Any] | None = None,
    settings: Settings | None = None,
) -> DemoSummary:
    """Play the demo marketplace into ``session`` through the services (the caller commits);
    ``settings`` are what they read (default: the process's)."""
    size = size or DemoSize()
    settings = settings or Settings()
    step = progress or (lambda _label, _n: None)
    writer = _DemoWriter(session, settings, password_hash, seed)
    writer.stamps.start()
    operator = writer.user(
        writer.now - timedelta(days=420), OPERATOR_EMAIL, "Olive Operator", Role.OPERATOR
    )
    writer.write_companies(size.companies, operator)
    step("companies", size.companies)
    writer.write_jobs(size.jobs)
    step("jobs", size.jobs)
    writer.write_candidates(size.candidates, operator)
    step("candidates", size.candidates)
    writer.write_requests(size.requests)
    writer.backdate()
    writer.stamps.stop()
    step("interview requests", size.requests)
    demo_company, demo_members = writer.companies[0]  # Northwind Analytics, the demo employer
    # Its stories' candidates were live before the oldest story began (the featured one first).
    began = writer.now - timedelta(days=HISTORY_DAYS + 1)
    veterans = [
        (p, f) for p, f in writer.profiles[1:] if writer.approved.get(p.id, writer.now) < began
    ]
    write_hiring_history(
        session,
        settings,
        demo_company,
        demo_members,
        writer.jobs,
        [writer.profiles[0], *veterans],
        seed=seed,
        now=writer.now,
    )
    step("hiring history", 0)
    write_self_identification(session, [p.id for p, _ in writer.profiles], seed=seed)
    session.flush()
    summary = DemoSummary(
        logins=[
            ("operator", OPERATOR_EMAIL, "review the queue of submitted profiles"),
            ("employer", EMPLOYER_EMAIL, "admin of Northwind Analytics: post jobs, send requests"),
            ("employer", HIDDEN_EMPLOYER_EMAIL, "Globex Systems: Casey Candidate hides from it"),
            ("candidate", CANDIDATE_EMAIL, "Casey Candidate, a live backend engineer"),
        ]
    )
    tables = TableRepository(session.connection())
    for table, label in (
        (Company.__table__, "companies"),
        (Job.__table__, "jobs"),
        (CandidateProfile.__table__, "candidates"),
        (InterviewRequest.__table__, "interview requests"),
    ):
        assert isinstance(table, sa.Table)
        summary.counts[label] = tables.count(table)
    return summary


def _round(value: float) -> int:
    return int(round(value / 1000.0) * 1000)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "")
