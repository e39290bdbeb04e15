"""Steps a person takes in the browser, shared by the journey tests."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.documents import SAMPLE_RESUME, pdf_bytes
from tests.outbox import emailed_token_at
from tests.servers import Server
from tests.web.conftest import DATABASE, OPERATOR_EMAIL, PASSWORD


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@e2e.example"


def new_page(browser: Browser, server: Server, **options: object) -> Page:
    context: BrowserContext = browser.new_context(base_url=server.url, **options)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)
    return context.new_page()


def sign_up(
    page: Page,
    *,
    name: str,
    email: str,
    role: str = "candidate",
    company: str = "",
    approved: bool = True,
) -> None:
    """Sign up and confirm the address by the e-mailed link. An employer's new company starts
    pending (no interview requests); unless ``approved=False`` the operator approves it in the
    vetting queue, as the journeys after this expect."""
    page.goto("/signup")
    page.get_by_label("hiring for a company" if role == "employer" else "looking for a job").check()
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    if company:
        page.get_by_label("Company name").fill(company)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.goto(emailed_link(email, "signup_confirm", "/signup/confirm"))
    page.get_by_role("button", name="Confirm and log in").click()
    expect(page.locator(".flash")).to_contain_text("Welcome")
    if role == "employer" and approved:
        browser = page.context.browser
        assert browser is not None
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        approve_company(browser, origin, company)


def approve_company(browser: Browser, base_url: str, company: str) -> None:
    """As the operator: open the newest pending company of that name and approve it."""
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(20_000)
    operator = context.new_page()
    log_in(operator, OPERATOR_EMAIL)
    operator.goto("/admin/vetting")
    operator.get_by_role("link", name=company, exact=True).last.click()
    operator.get_by_role("button", name="Approve").click()
    expect(operator.locator(".flash")).to_contain_text("Approved")
    context.close()


def emailed_link(to: str, kind: str, path: str) -> str:
    """The link a person would open in the e-mail the app wrote them."""
    return f"{path}/{emailed_token_at(DATABASE['url'], to, kind, path)}"


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_contain_text("logged out")


def resume_file(tmp_path: Path, extra_lines: tuple[str, ...] = ()) -> Path:
    path = tmp_path / f"resume-{uuid.uuid4().hex[:6]}.pdf"
    path.write_bytes(pdf_bytes([*SAMPLE_RESUME.splitlines(), *extra_lines]))
    return path


def upload_resume(page: Page, path: Path) -> None:
    page.goto("/me/profile")
    page.get_by_label(re.compile("Resume file")).set_input_files(str(path))
    page.get_by_role("button", name="Upload and read").click()
    expect(page.locator(".flash")).to_contain_text("Resume read")


def fill_wish_list(page: Page, *, roles: str, min_salary: str, remote: str = "any") -> None:
    page.goto("/me/wishlist")
    page.get_by_label("Roles you want").fill(roles)
    page.get_by_label("Remote").select_option(remote)
    page.get_by_label("Minimum yearly salary").fill(min_salary)
    page.get_by_label("Currency").fill("USD")
    page.get_by_role("button", name="Save wish list").click()
    expect(page.locator(".flash")).to_contain_text("Wish list saved")


def submit_for_review(page: Page) -> None:
    page.goto("/me/profile")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".flash")).to_contain_text("Submitted for review")


def review(page: Page, candidate_name: str, *, reject_reason: str | None = None) -> None:
    """As the operator: open the candidate in the queue and approve or reject them."""
    page.goto("/review")
    page.get_by_role("link", name=candidate_name).click()
    if reject_reason is None:
        page.get_by_role("button", name="Approve").click()
        expect(page.locator(".flash")).to_contain_text("Approved")
    else:
        page.get_by_label(re.compile("Reason")).fill(reject_reason)
        page.get_by_role("button", name="Reject").click()
        expect(page.locator(".flash")).to_contain_text("Rejected")


@dataclass
class Person:
    page: Page
    name: str
    email: str


def live_candidate(browser: Browser, server: Server, tmp_path: Path, *, headline: str) -> Person:
    """A candidate who uploaded a resume, filled the wish list and was approved."""
    page = new_page(browser, server)
    name, email = f"Ada {uuid.uuid4().hex[:5]}", unique_email("ada")
    sign_up(page, name=name, email=email)
    upload_resume(page, resume_file(tmp_path))
    page.get_by_label("Headline").fill(headline)
    page.get_by_role("button", name="Save profile").click()
    fill_wish_list(page, roles="ML Engineer, Backend Engineer", min_salary="90000")
    submit_for_review(page)
    operator = new_page(browser, server)
    log_in(operator, OPERATOR_EMAIL)
    review(operator, name)
    operator.context.close()
    return Person(page, name, email)


def post_job(page: Page, *, title: str, description: str, status: str = "open") -> str:
    """Post a job as an employer; returns its id."""
    page.goto("/jobs/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(description)
    page.get_by_label("Status").select_option(status)
    page.get_by_role("button", name="Save the job").click()
    expect(page.locator(".flash")).to_contain_text("Job saved")
    match = re.search(r"/jobs/([0-9a-f-]{36})$", page.url)
    assert match, page.url
    return match.group(1)


JOB_DESCRIPTION = """We are hiring a Machine Learning Engineer to ship models to production.

Requirements:
- 4+ years of Python
- PyTorch, Docker and Kubernetes
- SQL and AWS

Nice to have: Go, Terraform.
Remote within the US. Salary: $120,000 - $160,000 per year.
"""
