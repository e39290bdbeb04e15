"""Employer tools in the browser: filter the blind pool, save the search, make a shortlist and
add a candidate, write a private note; then on the hiring board drag the candidate's card from
Screening to Technical (the same form the keyboard path sends), and the moved card has focus."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import Server, screenshot
from tests.web.journeys import (
    JOB_DESCRIPTION,
    live_candidate,
    post_job,
    sign_up,
    unique_email,
)


def test_filter_shortlist_note_and_drag_on_the_board(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    company = f"Pool Co {uuid.uuid4().hex[:4]}"
    sign_up(page, name="Pia Pool", email=unique_email("pia"), role="employer", company=company)
    headline = f"Data engineer {uuid.uuid4().hex[:6]}"
    ada = live_candidate(browser, server, tmp_path, headline=headline)
    profile_id = ada.page.request.get("/api/candidates/me").json()["id"]

    page.goto("/requests")
    page.get_by_role("link", name="Search the candidate pool").click()
    page.get_by_label("Skills (all of, comma-separated)").fill("Python, Kubernetes")
    page.get_by_label("Years of experience, at least").fill("1")
    page.get_by_role("button", name="Search").click()
    card = page.locator(".candidate-card", has_text=headline)
    expect(card).to_be_visible()
    expect(card).not_to_contain_text(ada.name)  # blind
    assert "skills=Python" in page.url

    page.get_by_text("Save this search").click()
    page.get_by_label("Search name").fill("Python + Kubernetes")
    page.get_by_role("button", name="Save search").click()
    expect(page.locator(".flash")).to_contain_text("Search saved")
    expect(page.locator(".candidate-card", has_text=headline)).to_be_visible()  # filters kept

    page.get_by_label("New shortlist").fill("Platform team")
    page.get_by_role("button", name="Make shortlist").click()
    expect(page.locator(".flash")).to_contain_text("Platform team")
    card = page.locator(".candidate-card", has_text=headline)
    card.get_by_label("Add to shortlist").select_option(label="Platform team")
    card.get_by_role("button", name="Add").click()
    expect(page.locator(".flash")).to_contain_text("Added to the shortlist")
    card = page.locator(".candidate-card", has_text=headline)
    expect(card).to_contain_text("On: Platform team")
    card.get_by_text("Private notes").click()
    card.get_by_label("Add a note").fill("Strong on Kubernetes; ask about on-call")
    card.get_by_role("button", name="Save note").click()
    expect(page.locator(".flash")).to_contain_text("Note saved")
    card = page.locator(".candidate-card", has_text=headline)
    card.get_by_text("Private notes (1)").click()
    expect(card).to_contain_text("ask about on-call")
    expect(card).to_contain_text("Pia Pool")
    screenshot(page, "employer-pool-filters")

    page.get_by_label("Skills (all of, comma-separated)").fill("Python, COBOL-77")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No live candidate matches these filters.")).to_be_visible()

    # Who can start within a week: a candidate who gave no start day can start now.
    page.get_by_label("Skills (all of, comma-separated)").fill("Python")
    in_a_week = (datetime.now(UTC).date() + timedelta(days=7)).isoformat()
    page.get_by_label("Can start by").fill(in_a_week)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".candidate-card", has_text=headline)).to_contain_text("can start now")
    assert f"available_by={in_a_week}" in page.url

    page.get_by_role("link", name="Platform team").click()
    expect(page.locator(".candidate-card", has_text=headline)).to_be_visible()

    # A request the candidate accepts lands in Screening; drag it to Technical.
    job_id = post_job(page, title="Platform Engineer", description=JOB_DESCRIPTION)
    # The request page loads the models on first use: slow on a busy runner.
    page.goto(f"/jobs/{job_id}/candidates/{profile_id}/request", timeout=180_000)
    page.get_by_label("Yearly salary offered").fill("140000")
    page.get_by_label("Currency").fill("USD")
    page.get_by_role("button", name="Send the request").click()
    if page.get_by_label("Send it as it is").is_visible():
        page.get_by_label("Send it as it is").check()
        page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".flash")).to_contain_text("Request sent")
    found = re.search(r"/requests/([0-9a-f-]{36})", page.url)
    assert found, page.url
    request_id = found.group(1)
    ada.page.goto(f"/requests/{request_id}", timeout=120_000)
    ada.page.get_by_role("button", name="Accept the request").click()
    expect(ada.page.locator(".flash")).to_contain_text("Accepted")

    page.goto("/requests")
    moving = page.locator(f"#request-{request_id}")
    expect(page.locator("section.column", has=moving)).to_have_attribute(
        "data-drop-stage", "screening"
    )
    moving.drag_to(page.locator("section.column[data-drop-stage=technical]"))
    expect(page.locator(".flash")).to_contain_text("Moved to technical")
    moved = page.locator(f"#request-{request_id}")
    expect(page.locator("section.column[data-drop-stage=technical]")).to_contain_text(ada.name)
    expect(moved).to_be_focused()
    assert re.search(rf"#request-{request_id}$", page.url)
    screenshot(page, "employer-board-drag")

    # A scorecard for the stage, on the request's page; the candidate's page has none.
    page.goto(f"/requests/{request_id}")
    page.get_by_label("Stage", exact=True).select_option("technical")
    page.get_by_label("Strong yes").check()
    page.get_by_label("Notes").fill("Solid system design")
    page.get_by_role("button", name="Save scorecard").click()
    expect(page.locator(".flash")).to_contain_text("Scorecard saved")
    expect(page.locator("#scorecards")).to_contain_text("Solid system design")
    expect(page.locator("#scorecards")).to_contain_text("Strong yes")
    ada.page.goto(f"/requests/{request_id}")
    expect(ada.page.get_by_text("Solid system design")).to_have_count(0)
    expect(ada.page.locator("#scorecards")).to_have_count(0)
