"""Money in the browser: the employer's request form refuses a made-up currency, warns with
both amounts when a euro offer falls below a dollar band, and the candidate sees the offer
converted against their minimum base, with the ECB rate's date."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import Server, screenshot
from tests.web.journeys import JOB_DESCRIPTION, live_candidate, post_job, sign_up, unique_email


def test_a_euro_offer_against_a_dollar_band_warns_converted(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    sign_up(page, name="Mia Money", email=unique_email("mia"), role="employer", company="Euro Labs")
    # The description gives the band: 120,000 - 160,000 USD.
    job_id = post_job(page, title="Machine Learning Engineer", description=JOB_DESCRIPTION)
    candidate = live_candidate(browser, server, tmp_path, headline="ML engineer paid in euros")
    # The first ranking loads the models: slow on a busy runner.
    page.goto(f"/jobs/{job_id}/candidates", timeout=180_000)
    page.locator(".candidate-card", has_text="ML engineer paid in euros").get_by_role(
        "link", name="Send an interview request"
    ).click()

    page.get_by_label("Yearly salary offered").fill("100000")
    page.get_by_label("Currency").fill("XYZ")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".field-error")).to_contain_text("XYZ is not an ISO 4217 currency code")

    page.get_by_label("Currency").fill("EUR")
    page.get_by_label("Target bonus").fill("10")
    page.get_by_label("Equity value per year").fill("20000")
    page.get_by_role("button", name="Send the request").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(re.compile(r"base salary of 100,000 EUR ≈ [\d,]+ USD"))
    expect(alert).to_contain_text("below the job's advertised band of 120,000 – 160,000 USD")
    expect(alert).to_contain_text("ECB rate of")
    screenshot(page, "employer-request-converted-warning")

    page.get_by_label("Send it as it is").check()
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".flash")).to_contain_text("Request sent")

    other = candidate.page
    other.goto("/requests")
    card = other.locator(".request-card", has_text="Machine Learning Engineer")
    # Base 100,000 + 10% bonus + 20,000 equity = 130,000 EUR a year in total.
    expect(card).to_contain_text("130,000 EUR a year in total")
    expect(card).to_contain_text(re.compile(r"Base 100,000 EUR ≈ [\d,]+ USD, meets your minimum"))
    expect(card).to_contain_text("European Central Bank's reference rate of")
    screenshot(other, "candidate-requests-converted")
