"""Before answering a request the candidate reads the job and the company (written by the
company's admin), and previews the blind card the company reads about them."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.servers import Server
from tests.web.conftest import screenshot
from tests.web.journeys import (
    JOB_DESCRIPTION,
    live_candidate,
    post_job,
    sign_up,
    unique_email,
)


def test_candidate_reads_the_job_and_the_company_then_previews_their_card(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    sign_up(page, name="Wes Writer", email=unique_email("wes"), role="employer", company="Vandelay")
    page.goto("/company")
    page.get_by_label("Size (people)").select_option("51-200")
    page.get_by_label("About the company").fill("Import and export analytics since 1998.")
    page.get_by_label("Offices").fill("Berlin, Germany\nNew York, USA")
    page.get_by_label("Stack").fill("Python, PostgreSQL, TypeScript")
    page.get_by_label("Benefits").fill("30 days of paid leave\nHealth, dental and vision cover")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Company details saved")
    job_id = post_job(page, title="Machine Learning Engineer", description=JOB_DESCRIPTION)

    candidate = live_candidate(
        browser, server, tmp_path, headline="Platform engineer reading the job first"
    )
    ada = candidate.page
    profile_id = ada.request.get("/api/candidates/me").json()["id"]
    page.goto(f"/jobs/{job_id}/candidates/{profile_id}/request")
    page.get_by_label("Yearly salary offered").fill("140000")
    page.get_by_role("button", name="Send the request").click()
    warned = page.get_by_label("Send it as it is")
    if warned.count():  # e.g. the market quartile for this title differs
        warned.check()
        page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".flash")).to_contain_text("Request sent")

    # The candidate opens the request, then reads the job it is for.
    ada.goto("/requests")
    ada.get_by_role("link", name=re.compile("Machine Learning Engineer at Vandelay")).click()
    expect(ada.locator(".big")).to_contain_text("140,000 USD")
    request_url = ada.url
    ada.get_by_role("link", name="Machine Learning Engineer", exact=True).click()
    expect(ada).to_have_url(re.compile(f"/jobs/{job_id}$"))
    expect(ada.get_by_role("heading", level=1)).to_contain_text("Machine Learning Engineer")
    role = ada.get_by_label("The role", exact=True)
    expect(role).to_contain_text("PyTorch")
    expect(role).to_contain_text("remote")
    expect(role).to_contain_text("120,000")
    expect(ada.get_by_role("link", name="← Your interview request")).to_have_attribute(
        "href", re.compile(request_url.split("/requests/")[1])
    )
    expect(ada.get_by_role("link", name="Edit")).to_have_count(0)
    screenshot(ada, "candidate-job")

    # The company's profile, as its admin wrote it.
    ada.get_by_role("link", name="Vandelay").first.click()
    expect(ada.get_by_role("heading", level=1)).to_have_text("Vandelay")
    expect(ada.locator(".facts")).to_contain_text("51-200 people")
    expect(ada.locator(".facts")).to_contain_text("New York, USA")
    expect(ada.get_by_label("Stack", exact=True)).to_contain_text("TypeScript")
    expect(ada.get_by_label("Benefits", exact=True)).to_contain_text("Health, dental and vision")
    expect(ada.get_by_role("link", name="Machine Learning Engineer")).to_be_visible()
    expect(ada.get_by_text("Wes Writer")).to_have_count(0)  # nothing about its people
    screenshot(ada, "candidate-company")

    # The candidate's own card, exactly as the company reads it before acceptance.
    ada.goto("/me/profile")
    ada.get_by_role("link", name="see your profile as companies see it").click()
    card = ada.locator("#preview-card .candidate-card")
    expect(card).to_contain_text("Platform engineer reading the job first")
    expect(card).to_contain_text("wants")
    expect(ada.locator("main")).not_to_contain_text(candidate.name)
    expect(ada.locator("main")).not_to_contain_text(candidate.email)
    screenshot(ada, "candidate-preview")
