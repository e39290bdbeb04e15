"""Scheduling and offers in the browser: after the candidate accepts, the employer proposes
times in Berlin time, the candidate sees them in New York time and picks one (the .ics
invite downloads), then the employer makes an offer and the candidate accepts it: hired."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import Server, screenshot
from tests.web.journeys import JOB_DESCRIPTION, live_candidate, post_job, sign_up, unique_email


def test_propose_pick_offer_accept(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    sign_up(
        page, name="Sam Scheduler", email=unique_email("sam"), role="employer", company="Cal Co"
    )
    job_id = post_job(page, title="Platform Engineer", description=JOB_DESCRIPTION)
    ada = live_candidate(browser, server, tmp_path, headline="Platform engineer, Go and Python")
    profile_id = ada.page.request.get("/api/candidates/me").json()["id"]

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
    request_url = f"/requests/{found.group(1)}"

    ada.page.goto(request_url, timeout=120_000)
    ada.page.get_by_role("button", name="Accept the request").click()
    expect(ada.page.locator(".flash")).to_contain_text("Accepted")

    # The employer proposes two times in Berlin; a time in the past is refused first.
    day = (datetime.now(UTC) + timedelta(days=9)).date()
    page.goto(request_url, timeout=120_000)
    page.get_by_label("Your time zone").fill("Europe/Berlin")
    page.get_by_label("Time 1").fill("2020-01-06T10:00")
    page.get_by_role("button", name="Propose these times").click()
    expect(page.locator(".flash")).to_contain_text("is in the past")
    page.get_by_label("Your time zone").fill("Europe/Berlin")
    page.get_by_label("Time 1").fill(f"{day}T10:00")
    page.get_by_label("Time 2").fill(f"{day}T14:30")
    page.get_by_role("button", name="Propose these times").click()
    expect(page.locator(".flash")).to_contain_text("Times proposed")

    # The candidate reads them in New York time and picks the first.
    berlin_ten = datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    new_york = berlin_ten.astimezone(ZoneInfo("America/New_York"))
    ada.page.goto(f"{request_url}?tz=Mars/Olympus")
    expect(ada.page.locator("#schedule [role=alert]")).to_contain_text(
        "'Mars/Olympus' is not a time zone"
    )
    ada.page.goto(f"{request_url}?tz=America/New_York")
    schedule = ada.page.locator("#schedule")
    expect(schedule).to_contain_text(f"{new_york:%H:%M}")
    expect(schedule).to_contain_text("proposed as 10:00 Europe/Berlin")
    schedule.get_by_role("button", name="Pick this time").first.click()
    expect(ada.page.locator(".flash")).to_contain_text("Interview booked")
    booked = ada.page.locator(".slots.booked")
    expect(booked).to_contain_text(f"{new_york:%H:%M}")
    expect(ada.page.get_by_role("button", name="Pick this time")).to_have_count(0)
    screenshot(ada.page, "candidate-interview-booked")

    link = booked.get_by_role("link", name="Add to calendar (.ics)")
    invite = ada.page.request.get(str(link.get_attribute("href")))
    assert invite.headers["content-type"].startswith("text/calendar")
    event = Calendar.from_ical(invite.body()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == berlin_ten
    assert "Platform Engineer at Cal Co" in str(event["summary"])

    # The employer makes an offer; the candidate accepts it.
    page.goto(request_url)
    page.get_by_label("Base salary a year").fill("150000")
    page.get_by_label("Currency", exact=True).fill("USD")
    page.get_by_label("Target bonus (% of base)").fill("10")
    page.get_by_role("button", name="Make the offer").click()
    expect(page.locator(".flash")).to_contain_text("Offer made")
    expect(page.locator("#offer")).to_contain_text("165,000 USD")
    screenshot(page, "employer-offer-made")

    ada.page.goto(request_url)
    offer = ada.page.locator("#offer")
    expect(offer).to_contain_text("165,000 USD a year in total")
    ada.page.once("dialog", lambda dialog: dialog.accept())
    offer.get_by_role("button", name="Accept the offer").click()
    expect(ada.page.locator(".flash")).to_contain_text("Offer accepted")
    expect(ada.page.locator("#offer .badge-accepted")).to_be_visible()
    expect(ada.page.locator(".card p", has_text=re.compile(r"^Stage:"))).to_contain_text("hired")
    screenshot(ada.page, "candidate-offer-accepted")
