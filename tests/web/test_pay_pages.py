"""The marketplace's pay data and the pay-by-country view, in the browser. The requests are
written straight into the running server's database (many companies' requests would take
minutes through the pages), then read through the pages as a person would."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from talentmatch.accounts.models import Role, User
from talentmatch.candidates.models import CandidateProfile, ProfileStatus
from talentmatch.companies.models import Company, CompanyMember, MemberRole
from talentmatch.config import Settings
from talentmatch.db import create_engine
from talentmatch.interviews.models import InterviewRequest
from talentmatch.jobs.models import Job, JobStatus, Seniority
from tests.web.conftest import DATABASE, OPERATOR_EMAIL, screenshot
from tests.web.journeys import log_in


def _user(session: Session, role: Role, name: str) -> User:
    user = User(
        email=f"{uuid.uuid4().hex[:10]}@pay.example",
        password_hash="not-a-login",
        full_name=name,
        role=role,
    )
    session.add(user)
    return user


def _offers(
    session: Session,
    company_name: str,
    *,
    title: str,
    seniority: Seniority,
    country: str,
    currency: str,
    salaries: list[int],
) -> None:
    sender = _user(session, Role.EMPLOYER, f"{company_name} recruiter")
    company = Company(name=f"{company_name} {uuid.uuid4().hex[:4]}")
    session.add(company)
    session.flush()
    session.add(CompanyMember(company_id=company.id, user_id=sender.id, role=MemberRole.ADMIN))
    job = Job(
        company_id=company.id,
        created_by_user_id=sender.id,
        title=title,
        seniority=seniority,
        country=country,
        currency=currency,
        status=JobStatus.OPEN,
    )
    session.add(job)
    for salary in salaries:
        person = _user(session, Role.CANDIDATE, "Pay Person")
        session.flush()
        profile = CandidateProfile(user_id=person.id, country=country, status=ProfileStatus.LIVE)
        session.add(profile)
        session.flush()
        session.add(
            InterviewRequest(
                job_id=job.id,
                company_id=company.id,
                candidate_profile_id=profile.id,
                sender_user_id=sender.id,
                salary=salary,
                currency=currency,
                expires_at=datetime.now(UTC) + timedelta(days=14),
            )
        )


def _seed_requests() -> None:
    """Four companies x three requests for senior ML engineers in Germany (published with the
    default thresholds: 10 requests, 4 companies, none above half); one company's six requests
    for mid data analysts in the US (hidden: one company)."""
    engine = create_engine(Settings(database_url=DATABASE["url"]))
    with Session(engine) as session, session.begin():
        for i, name in enumerate(("Rhine", "Elbe", "Spree", "Isar")):
            _offers(
                session,
                name,
                title="Senior Machine Learning Engineer",
                seniority=Seniority.SENIOR,
                country="DE",
                currency="EUR",
                salaries=[90_000 + 5_000 * i, 95_000 + 5_000 * i, 100_000 + 5_000 * i],
            )
        _offers(
            session,
            "Lonely",
            title="Data Analyst",
            seniority=Seniority.MID,
            country="US",
            currency="USD",
            salaries=[81_000, 82_000, 83_000, 84_000, 85_000, 86_000],
        )
    engine.dispose()


def test_pay_data_shows_only_cells_that_hide_each_company(page: Page) -> None:
    log_in(page, OPERATOR_EMAIL)
    _seed_requests()
    page.get_by_role("link", name="Pay data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay on this marketplace")
    table = page.locator("table.pay-cells")
    expect(table.locator("tbody tr")).to_have_count(1)
    row = table.locator("tbody tr").first
    expect(row).to_contain_text("Machine learning engineer")
    expect(row).to_contain_text("senior")
    expect(row).to_contain_text("Germany")
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"\d{2,3},000 USD"))
    expect(
        page.get_by_role("img", name=re.compile("Yearly salary in interview requests"))
    ).to_be_visible()
    expect(page.get_by_text("Data analyst")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"\d+ more cells? hidden"))).to_be_visible()
    screenshot(page, "pay-data")

    page.get_by_label("Level", exact=True).select_option("mid")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No role, level and country has enough requests")).to_be_visible()


def test_pay_by_country_chart(page: Page) -> None:
    log_in(page, OPERATOR_EMAIL)
    page.goto("/salary")
    page.get_by_role("textbox", name=re.compile("^Role")).fill("Data Scientist")
    page.get_by_label("Level", exact=True).select_option("senior")
    page.get_by_label("Country", exact=True).fill("Germany")
    page.get_by_role("button", name="Show pay").click()
    expect(page.locator(".market")).to_contain_text("senior level")
    expect(page.locator(".market")).to_contain_text("Based on n =")
    chart = page.get_by_role("img", name=re.compile("Yearly pay, USD, by country"))
    expect(chart).to_be_visible()
    table = page.locator("table.country-pay")
    expect(table.locator("tr", has_text="Germany").locator("td").nth(2)).to_have_text("—")
    expect(table.locator("tr", has_text="United States").locator("td").nth(2)).to_have_text(
        re.compile(r"^\+\d+ %$")
    )
    screenshot(page, "pay-by-country")

    page.get_by_label("Country", exact=True).fill("US")
    page.get_by_label("US city", exact=True).fill("Seattle, WA")
    page.get_by_role("button", name="Show pay").click()
    expect(page.locator(".market")).to_contain_text("Seattle")
    expect(
        page.get_by_text(re.compile(r"Scaled to Seattle.*against the US as a whole"))
    ).to_be_visible()
