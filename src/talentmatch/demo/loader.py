"""Write the demo marketplace: companies, employers, candidates, jobs and requests in every state.

Deterministic for a seed: the same ids, names, texts and states every time (only timestamps
follow the clock, so that "live until" and "expires" stay meaningful). The demo employer's own
hiring history goes through the product's services (``demo/history.py``).
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.candidates.files import TEXT
from talentmatch.candidates.models import (
    CandidateProfile,
    HiddenCompany,
    ProfileStatus,
    RemotePreference,
    ResumeFile,
)
from talentmatch.companies.models import (
    Company,
    CompanyMember,
    MemberRole,
    VettingDecision,
    VettingStatus,
)
from talentmatch.config import Settings
from talentmatch.demo.catalogue import (
    COMPANY_FIRST,
    COMPANY_FORMS,
    COMPANY_SECOND,
    DECLINE_REASONS,
    DEGREES,
    FAMILIES,
    FIRST_NAMES,
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
from talentmatch.interviews.models import (
    HiringStage,
    InterviewRequest,
    Message,
    RequestEvent,
    RequestStatus,
)
from talentmatch.jobs.models import Job, JobStatus, RemotePolicy, Seniority
from talentmatch.kit.clock import utcnow
from talentmatch.kit.company_names import company_key, keys_for_company

DEMO_PASSWORD = "talentmatch-demo"
PRODUCTS = ("software", "data products", "AI tools", "platforms")
INDUSTRIES = ("retail", "healthcare", "finance", "logistics", "energy", "media")
VERBS = ("Led", "Built", "Shipped", "Designed")
EARLIER_TITLES = ("Software Engineer", "Analyst", "Engineer")
DEMO_DOMAIN = "talentmatch.example"
OPERATOR_EMAIL = f"operator@{DEMO_DOMAIN}"
EMPLOYER_EMAIL = f"employer@{DEMO_DOMAIN}"
HIDDEN_EMPLOYER_EMAIL = f"employer2@{DEMO_DOMAIN}"
CANDIDATE_EMAIL = f"candidate@{DEMO_DOMAIN}"
# The featured candidate, a backend engineer aiming at machine learning (her target roles),
# wishes for these: the software family lists no specialisms, so a draw would give her none
# and her career page would star none.
FEATURED_SPECIALISMS = ("recommender systems", "deep learning")


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
    return session.scalar(sa.select(User.id).where(User.email == OPERATOR_EMAIL)) is not None


class _DemoWriter:
    def __init__(self, session: Session, password_hash: str, seed: int) -> None:
        self.session = session
        self.password_hash = password_hash
        self.rng = random.Random(seed)
        self.now = utcnow()
        self.companies: list[tuple[Company, list[User]]] = []
        self.jobs: list[tuple[Job, RoleFamily]] = []
        self.profiles: list[tuple[CandidateProfile, RoleFamily]] = []

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def user(self, email: str, name: str, role: Role) -> User:
        user = User(
            id=self.new_id(),
            email=email,
            password_hash=self.password_hash,
            full_name=name,
            role=role,
            created_at=self.now - timedelta(days=self.rng.randint(20, 400)),
        )
        self.session.add(user)
        return user

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # -------------------------------------------------------------------- companies

    def write_companies(self, count: int) -> None:
        names = [f"{a} {b}" for a in COMPANY_FIRST for b in COMPANY_SECOND]
        self.rng.shuffle(names)
        names.remove("Northwind Analytics")
        names.remove("Globex Systems")
        names = ["Northwind Analytics", "Globex Systems", *names]
        for index, base in enumerate(names[:count]):
            slug = re.sub(r"[^a-z0-9]+", "", base.lower())
            form = self.rng.choice(COMPANY_FORMS)
            city = self.rng.choice(PLACES)[0]
            company = Company(
                id=self.new_id(),
                name=f"{base} {form}".strip(),
                domain=f"{slug}.example",
                location=city,
                description=f"{base} builds {self.rng.choice(PRODUCTS)} for "
                f"{self.rng.choice(INDUSTRIES)} teams, from offices in {city}.",
            )
            self.session.add(company)
            members = []
            for member_index in range(self.rng.randint(1, 3)):
                if index == 0 and member_index == 0:
                    email, name = EMPLOYER_EMAIL, "Erin Employer"
                elif index == 1 and member_index == 0:
                    email, name = HIDDEN_EMPLOYER_EMAIL, "Gabe Globex"
                else:
                    name = self.person_name()
                    email = f"{name.split()[0].lower()}.{index}.{member_index}@{slug}.example"
                member = self.user(email, name, Role.EMPLOYER)
                members.append(member)
                role = MemberRole.ADMIN if member_index == 0 else MemberRole.MEMBER
                self.session.add(
                    CompanyMember(
                        id=self.new_id(), company_id=company.id, user_id=member.id, role=role
                    )
                )
            self.companies.append((company, members))

    def approve_companies(self, operator: User) -> None:
        """The demo's companies are vetted already, so their employers can send requests.
        (No draw from ``self.rng``: the rest of the demo stays as the seed makes it.)"""
        for company, _ in self.companies:
            self.session.add(
                VettingDecision(
                    company_id=company.id,
                    status=VettingStatus.APPROVED,
                    reason="demo company",
                    decided_by_user_id=operator.id,
                )
            )

    # ------------------------------------------------------------------------- jobs

    def write_jobs(self, count: int) -> None:
        for index in range(count):
            company, members = self.companies[index % len(self.companies)]
            family = FAMILIES[index % len(FAMILIES)] if index < 12 else self.rng.choice(FAMILIES)
            seniority, prefix, factor, _years = self.rng.choice(SENIORITY_LEVELS)
            city, country, currency, place_factor, fx = self.rng.choice(PLACES)
            title = prefix + self.rng.choice(family.titles)
            required = self.rng.sample(family.core_skills, k=min(4, len(family.core_skills)))
            nice = self.rng.sample(family.extra_skills, k=3)
            mid = family.base_salary_usd * factor * place_factor * fx
            salary_min = _round(mid * 0.9)
            status = (
                JobStatus.OPEN
                if index % 10 < 8
                else (JobStatus.DRAFT if index % 10 == 8 else JobStatus.CLOSED)
            )
            duties = self.rng.sample(family.duties, k=3)
            job = Job(
                id=self.new_id(),
                company_id=company.id,
                created_by_user_id=members[0].id,
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
                salary_min=salary_min,
                salary_max=_round(mid * 1.2),
                currency=currency,
                status=status,
                closed_at=self.now - timedelta(days=3) if status is JobStatus.CLOSED else None,
                created_at=self.now - timedelta(days=self.rng.randint(1, 60)),
            )
            self.session.add(job)
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
            user = self.user(email, name, Role.CANDIDATE)
            profile = self.profile(user, family, status, operator, featured=featured)
            self.session.add(profile)
            self.profiles.append((profile, family))
            if featured or self.rng.random() < 0.2:
                self.hide_companies(profile, featured=featured)

    def profile(
        self,
        user: User,
        family: RoleFamily,
        status: ProfileStatus,
        operator: User,
        *,
        featured: bool,
    ) -> CandidateProfile:
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
        profile = CandidateProfile(
            id=self.new_id(),
            user_id=user.id,
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
            status=status,
            created_at=user.created_at,
        )
        if status is not ProfileStatus.DRAFT:
            profile.submitted_at = self.now - timedelta(days=rng.randint(1, 30))
        if status in (
            ProfileStatus.LIVE,
            ProfileStatus.PAUSED,
            ProfileStatus.HIRED,
            ProfileStatus.REJECTED,
        ):
            profile.reviewed_at = profile.submitted_at
            profile.reviewed_by_user_id = operator.id
        if status in (ProfileStatus.LIVE, ProfileStatus.PAUSED, ProfileStatus.HIRED):
            profile.live_until = self.now + timedelta(days=rng.randint(10, 60))
        if status is ProfileStatus.REJECTED:
            profile.rejection_reason = rng.choice(
                (
                    "Please list the technologies you used in each role.",
                    "The headline should describe your role, not your employer.",
                    "Add your years of experience and at least five skills.",
                )
            )
        self.resume(profile, user, title, skills, city)
        return profile

    def resume(
        self, profile: CandidateProfile, user: User, title: str, skills: list[str], city: str
    ) -> None:
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
        content = text.encode()
        self.session.add(
            ResumeFile(
                id=self.new_id(),
                profile_id=profile.id,
                filename=f"{_ascii(user.full_name).replace(' ', '_')}_resume.txt",
                media_type=TEXT,
                size_bytes=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                text=text,
            )
        )

    def hide_companies(self, profile: CandidateProfile, *, featured: bool) -> None:
        if featured:  # the featured candidate hides Globex, spelled unlike its account
            labels = ["GLOBEX Inc."]
        else:
            company = self.rng.choice(self.companies)[0]
            labels = [self.rng.choice([company.name.upper(), company.domain or company.name])]
        for label in labels:
            self.session.add(
                HiddenCompany(
                    id=self.new_id(), profile_id=profile.id, label=label, key=company_key(label)
                )
            )

    # --------------------------------------------------------------------- requests

    def write_requests(self, count: int) -> None:
        self.session.flush()
        open_jobs = [(j, f) for j, f in self.jobs if j.status is JobStatus.OPEN]
        live = [
            (p, f)
            for p, f in self.profiles
            if p.status in (ProfileStatus.LIVE, ProfileStatus.HIRED)
        ]
        hidden = {(h.profile_id, h.key) for h in self.session.scalars(sa.select(HiddenCompany))}
        members = {company.id: users for company, users in self.companies}
        names = {company.id: company for company, _ in self.companies}
        states = [
            RequestStatus.SENT,
            RequestStatus.ACCEPTED,
            RequestStatus.DECLINED,
            RequestStatus.EXPIRED,
            RequestStatus.WITHDRAWN,
        ]
        seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
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
            company = names[job.company_id]
            keys = keys_for_company(company.name, company.domain)
            if (
                family is not featured_family
                or job.company_id in demo_employers
                or any((featured.id, k) in hidden for k in keys)
            ):
                continue
            status = (RequestStatus.SENT, RequestStatus.ACCEPTED, RequestStatus.SENT)[written]
            seen.add((job.id, featured.id))
            self.request(job, featured, members[job.company_id][0], status)
            written += 1
        while written < count:
            job, family = self.rng.choice(open_jobs)
            same_family = [pf for pf in live if pf[1] is family] or live
            profile, _ = self.rng.choice(same_family)
            company = names[job.company_id]
            company_keys = keys_for_company(company.name, company.domain)
            if (job.id, profile.id) in seen or any((profile.id, k) in hidden for k in company_keys):
                continue
            if profile.status is ProfileStatus.HIRED:
                status = RequestStatus.ACCEPTED
            else:
                status = states[written % len(states)]
            seen.add((job.id, profile.id))
            self.request(job, profile, members[job.company_id][0], status)
            written += 1

    def request(
        self, job: Job, profile: CandidateProfile, sender: User, status: RequestStatus
    ) -> None:
        rng = self.rng
        sent_at = self.now - timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 23))
        expires_at = sent_at + timedelta(days=14)
        if status is RequestStatus.EXPIRED:
            sent_at = self.now - timedelta(days=rng.randint(15, 40))
            expires_at = sent_at + timedelta(days=14)
        elif status is RequestStatus.SENT:
            sent_at = self.now - timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 23))
            expires_at = sent_at + timedelta(days=14)
        low = job.salary_min or 50_000
        high = job.salary_max or low
        salary = _round(rng.uniform(low, high))
        request = InterviewRequest(
            id=self.new_id(),
            job_id=job.id,
            company_id=job.company_id,
            candidate_profile_id=profile.id,
            sender_user_id=sender.id,
            salary=salary,
            currency=job.currency,
            message=f"Hi! Your experience looks like a great fit for our {job.title} role. "
            f"We would love to talk.",
            status=status,
            expires_at=expires_at,
            created_at=sent_at,
        )
        events: list[tuple[str, str, uuid.UUID | None, timedelta]] = [
            ("sent", f"{salary:,} {job.currency} a year", sender.id, timedelta())
        ]
        answered = timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 20))
        if status is RequestStatus.ACCEPTED:
            request.responded_at = sent_at + answered
            stages = list(HiringStage)[: rng.randint(1, 4)]
            if profile.status is ProfileStatus.HIRED:
                stages = [
                    HiringStage.SCREENING,
                    HiringStage.TECHNICAL,
                    HiringStage.OFFER,
                    HiringStage.HIRED,
                ]
            request.stage = stages[-1]
            events.append(
                ("accepted", "contact details shared with the company", profile.user_id, answered)
            )
            for step, stage in enumerate(stages[1:], start=1):
                events.append(
                    (f"stage:{stage.value}", "", sender.id, answered + timedelta(days=2 * step))
                )
            for step, body in enumerate(MESSAGES[: rng.randint(1, len(MESSAGES))]):
                author = sender.id if step % 2 == 0 else profile.user_id
                self.session.add(
                    Message(
                        id=self.new_id(),
                        request_id=request.id,
                        sender_user_id=author,
                        body=body,
                        created_at=sent_at + answered + timedelta(hours=step + 1),
                    )
                )
        elif status is RequestStatus.DECLINED:
            request.responded_at = sent_at + answered
            request.decline_reason = rng.choice(DECLINE_REASONS)
            events.append(("declined", request.decline_reason, profile.user_id, answered))
        elif status is RequestStatus.EXPIRED:
            events.append(
                ("expired", "no answer before the request expired", None, timedelta(days=14))
            )
        elif status is RequestStatus.WITHDRAWN:
            events.append(("withdrawn", "", sender.id, answered))
        self.session.add(request)
        for kind, detail, actor, offset in events:
            self.session.add(
                RequestEvent(
                    id=self.new_id(),
                    request_id=request.id,
                    actor_user_id=actor,
                    kind=kind,
                    detail=detail,
                    created_at=sent_at + offset,
                )
            )


def load_demo(
    session: Session,
    password_hash: str,
    *,
    seed: int = 7,
    size: DemoSize | None = None,
    progress: Callable[[str, int], Any] | None = None,
    settings: Settings | None = None,
) -> DemoSummary:
    """Write the demo marketplace into ``session`` (the caller commits). ``settings`` are
    what the services writing the demo employer's history read (default: the process's)."""
    size = size or DemoSize()
    step = progress or (lambda _label, _n: None)
    writer = _DemoWriter(session, password_hash, seed)
    operator = writer.user(OPERATOR_EMAIL, "Olive Operator", Role.OPERATOR)
    writer.write_companies(size.companies)
    writer.approve_companies(operator)
    step("companies", size.companies)
    writer.write_jobs(size.jobs)
    step("jobs", size.jobs)
    writer.write_candidates(size.candidates, operator)
    step("candidates", size.candidates)
    writer.write_requests(size.requests)
    step("interview requests", size.requests)
    demo_company, demo_members = writer.companies[0]  # Northwind Analytics, the demo employer
    write_hiring_history(
        session,
        settings or Settings(),
        demo_company,
        demo_members,
        writer.jobs,
        writer.profiles,
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
    for model, label in (
        (Company, "companies"),
        (Job, "jobs"),
        (CandidateProfile, "candidates"),
        (InterviewRequest, "interview requests"),
    ):
        summary.counts[label] = session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
    return summary


def _round(value: float) -> int:
    return int(round(value / 1000.0) * 1000)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().replace("'", "")
