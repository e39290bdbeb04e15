"""The pages work on a phone: nothing scrolls sideways, and the menu opens from a button; the
hiring board shows every column on a wide screen; a flash message is said once."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, FloatRect, Page, expect

from tests.servers import Server
from tests.web.conftest import OPERATOR_EMAIL, screenshot
from tests.web.journeys import (
    JOB_DESCRIPTION,
    live_candidate,
    log_in,
    new_page,
    post_job,
    sign_up,
    unique_email,
)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px phone"


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/password/forgot"])
def test_public_pages_fit_a_phone(browser: Browser, server: Server, path: str) -> None:
    page = new_page(browser, server, **PHONE)
    page.goto(path)
    _no_sideways_scroll(page)
    page.context.close()


def test_signed_in_pages_fit_a_phone_and_the_menu_opens(browser: Browser, server: Server) -> None:
    page = new_page(browser, server, **PHONE)
    sign_up(page, name="Phone User", email=unique_email("phone"))
    for path in ("/me/profile", "/me/wishlist", "/requests"):
        page.goto(path)
        _no_sideways_scroll(page)
    screenshot(page, "phone-requests")
    menu = page.get_by_role("link", name="Wish list")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_visible()
    page.context.close()


# The menu's lines: its items' vertical centres, those within 8px of each other as one.
MENU_LINES = """() => {
  const mids = [...document.querySelectorAll("#menu > li")]
    .filter((e) => e.offsetParent)
    .map((e) => { const r = e.getBoundingClientRect(); return (r.top + r.bottom) / 2; })
    .sort((a, b) => a - b);
  return mids.filter((m, i) => i === 0 || m - mids[i - 1] > 8).length;
}"""


@pytest.mark.parametrize("role", ["candidate", "employer", "operator"])
def test_the_menu_is_one_line_at_1280px(browser: Browser, server: Server, role: str) -> None:
    page = new_page(browser, server, viewport={"width": 1280, "height": 900})
    if role == "operator":
        log_in(page, OPERATOR_EMAIL)
    else:  # a long name: it is cut short (in full as its title), not a second line
        name = "Maximiliane Ravenscroft-Oyelaran"
        company = f"Layout {uuid.uuid4().hex[:6]}" if role == "employer" else ""
        email = unique_email(f"menu-{role}")
        sign_up(page, name=name, email=email, role=role, company=company, approved=False)
    assert page.evaluate(MENU_LINES) == 1, f"the {role}'s menu wraps at 1280px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, f"menu-{role}-1280")
    page.context.close()


# ------------------------------------------------------------------ the employer's pages


@dataclass
class Hiring:
    """An approved company with a job, an accepted request on the board, and a shortlist."""

    employer: Page
    company_id: str
    job_id: str
    shortlist_url: str


@pytest.fixture(scope="module")
def hiring(
    browser: Browser, server: Server, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hiring]:
    employer = new_page(browser, server)
    company = f"Layout Co {uuid.uuid4().hex[:4]}"
    sign_up(
        employer, name="Lee Layout", email=unique_email("lee"), role="employer", company=company
    )
    employer.goto("/company")
    employer.get_by_label("About the company").fill("We build platforms. " * 40)
    employer.get_by_label("Offices").fill("Berlin, Germany\nWarsaw, Poland")
    employer.get_by_label("Stack").fill("Python, PostgreSQL, Kubernetes, Terraform, Go, Rust")
    employer.get_by_role("button", name="Save", exact=True).click()
    expect(employer.locator(".flash")).to_contain_text("Company details saved")
    company_id = employer.get_by_role("link", name="See the profile as candidates see it")
    company_path = company_id.get_attribute("href") or ""
    tmp = tmp_path_factory.mktemp("layout")
    ada = live_candidate(browser, server, tmp, headline="Platform engineer with a long headline")
    profile_id = ada.page.request.get("/api/candidates/me").json()["id"]
    job_id = post_job(employer, title="Platform Engineer", description=JOB_DESCRIPTION)
    # The request page loads the models on first use: slow on a busy runner.
    employer.goto(f"/jobs/{job_id}/candidates/{profile_id}/request", timeout=180_000)
    employer.get_by_label("Yearly salary offered").fill("140000")
    employer.get_by_label("Currency").fill("USD")
    employer.get_by_role("button", name="Send the request").click()
    if employer.get_by_label("Send it as it is").is_visible():
        employer.get_by_label("Send it as it is").check()
        employer.get_by_role("button", name="Send the request").click()
    expect(employer.locator(".flash")).to_contain_text("Request sent")
    ada.page.goto(employer.url.removeprefix(server.url), timeout=120_000)
    ada.page.get_by_role("button", name="Accept the request").click()
    expect(ada.page.locator(".flash")).to_contain_text("Accepted")
    ada.page.context.close()
    employer.goto("/pool")
    employer.get_by_label("New shortlist").fill("Layout team")
    employer.get_by_role("button", name="Make shortlist").click()
    card = employer.locator(".candidate-card").first
    card.get_by_label("Add to shortlist").select_option(label="Layout team")
    card.get_by_role("button", name="Add").click()
    expect(employer.locator(".flash")).to_contain_text("Added to the shortlist")
    shortlist_url = employer.get_by_role("link", name="Layout team").get_attribute("href") or ""
    yield Hiring(employer, company_path.rsplit("/", 1)[-1], job_id, shortlist_url)
    employer.context.close()


def _as_seen_at(hiring: Hiring, browser: Browser, server: Server, **options: object) -> Page:
    """A new window of the employer's signed-in session, at another size."""
    state = hiring.employer.context.storage_state()
    context = browser.new_context(base_url=server.url, storage_state=state, **options)  # type: ignore[arg-type]
    context.set_default_timeout(20_000)
    return context.new_page()


def _too_wide(page: Page) -> str:
    """What sticks out of the window, for the failure message."""
    return str(
        page.evaluate(
            """() => [...document.querySelectorAll("main *")]
                .filter((e) => e.getBoundingClientRect().right > 390.5)
                .slice(0, 5)
                .map((e) => [e.tagName, e.className, e.getBoundingClientRect().right])"""
        )
    )


def test_employer_pages_fit_a_phone(hiring: Hiring, browser: Browser, server: Server) -> None:
    page = _as_seen_at(hiring, browser, server, **PHONE)
    pages = {
        "jobs": "/jobs",
        "company": "/company",
        "company-profile": f"/companies/{hiring.company_id}",
        "board": "/requests",
        "job-board": f"/requests?job={hiring.job_id}",
        "pool": "/pool",
        "shortlist": hiring.shortlist_url,
    }
    for name, path in pages.items():
        page.goto(path)
        # Against the phone's width, not innerWidth: a mobile browser widens its layout
        # viewport to fit content that overflows, so innerWidth would grow with it.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px phone: {_too_wide(page)}"
        screenshot(page, f"phone-{name}")
    # On a phone the board's columns stack: each one starts below the one before.
    page.goto("/requests")
    tops = [box["y"] for box in _column_boxes(page)]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops
    page.context.close()


def _column_boxes(page: Page) -> list[FloatRect]:
    columns = page.locator(".board .column")
    expect(columns.first).to_be_visible()
    boxes = [columns.nth(i).bounding_box() for i in range(columns.count())]
    assert all(boxes), boxes
    return [box for box in boxes if box]


@pytest.mark.parametrize("width", [1280, 1400])
def test_every_board_column_shows_on_a_wide_screen(
    hiring: Hiring, browser: Browser, server: Server, width: int
) -> None:
    page = _as_seen_at(hiring, browser, server, viewport={"width": width, "height": 900})
    page.goto("/requests")
    stages = page.locator(".board .column h2").all_inner_texts()
    assert len(stages) >= 5, stages
    for stage, box in zip(stages, _column_boxes(page), strict=True):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{stage} at {box} on {width}px"
        assert box["width"] > 150, f"{stage} squeezed to {box['width']}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"board-{width}")
    page.context.close()


# ----------------------------------------------------------------------- flash messages


def test_a_flash_shows_once_and_only_on_the_next_page(
    hiring: Hiring, browser: Browser, server: Server
) -> None:
    page = _as_seen_at(hiring, browser, server, viewport={"width": 1280, "height": 900})
    page.goto("/requests")
    card = page.locator(".board-card").first
    card.get_by_label("Move to stage").select_option("technical")
    card.get_by_role("button", name="Move").click()
    expect(page.locator(".flash")).to_have_count(1)
    expect(page.locator(".flash")).to_have_text("Moved to technical.")
    page.goto("/jobs")
    expect(page.locator(".flash")).to_have_count(0)

    # A filter the pool refuses shows beside its field; saving that search says it there too,
    # not a second time on top of the page.
    page.goto("/pool?min_years=abc")
    refusal = page.get_by_text("Enter a number.")
    expect(refusal).to_have_count(1)
    page.get_by_text("Save this search").click()
    page.get_by_label("Search name").fill("Refused")
    page.get_by_role("button", name="Save search").click()
    expect(page).to_have_url(re.compile(r"/pool\?min_years=abc$"))
    expect(refusal).to_have_count(1)
    screenshot(page, "pool-refused-filter")
    page.goto("/jobs")
    expect(page.locator(".flash")).to_have_count(0)
    page.context.close()
