"""Company vetting in the browser: a new company posts a job but its request is refused until
the operator, who reads what the company said about itself in the vetting queue, approves it;
then the same request goes out and the candidate gets it."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import sessionmaker

from tests.outbox import last_email
from tests.servers import Server
from tests.web.conftest import DATABASE, OPERATOR_EMAIL, screenshot
from tests.web.journeys import (
    JOB_DESCRIPTION,
    live_candidate,
    log_in,
    new_page,
    post_job,
    sign_up,
    unique_email,
)


def _send(page: Page) -> None:
    page.get_by_label("Yearly salary offered").fill("140000")
    page.get_by_role("button", name="Send the request").click()


def test_operator_approves_a_company_after_which_it_sends_a_request(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    company = f"Vetted Widgets {uuid.uuid4().hex[:4]}"
    email = unique_email("vera")
    sign_up(page, name="Vera Vetted", email=email, role="employer", company=company, approved=False)
    page.goto("/company")
    expect(page.locator(".vetting")).to_contain_text("An operator is reviewing your company")
    page.get_by_label("Web domain").fill("vettedwidgets.example")
    page.get_by_label("About the company").fill("Widgets with forecasting built in.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Company details saved")

    job_id = post_job(page, title="Machine Learning Engineer", description=JOB_DESCRIPTION)
    candidate = live_candidate(browser, server, tmp_path, headline="ML engineer, vetting journey")
    page.goto(f"/jobs/{job_id}/candidates")
    card = page.locator(".candidate-card", has_text="ML engineer, vetting journey")
    card.get_by_role("link", name="Send an interview request").click()
    _send(page)
    expect(page.get_by_role("alert")).to_contain_text(
        "an operator is reviewing your company; requests can be sent once it is approved"
    )
    send_url = page.url

    operator = new_page(browser, server, viewport={"width": 1280, "height": 900})
    log_in(operator, OPERATOR_EMAIL)
    operator.get_by_role("link", name="Company vetting").click()
    row = operator.locator("tbody tr", has_text=company)
    expect(row).to_contain_text("vettedwidgets.example")
    expect(row).to_contain_text("e2e.example is not vettedwidgets.example")  # the flag
    screenshot(operator, "operator-vetting-queue")
    row.get_by_role("link", name=company).click()
    expect(operator.locator(".card", has_text="says about itself")).to_contain_text(
        "Widgets with forecasting built in."
    )
    expect(operator.locator(".card", has_text="Jobs posted")).to_contain_text(
        "Machine Learning Engineer"
    )
    screenshot(operator, "operator-vetting-company")
    operator.get_by_role("button", name="Approve").click()
    expect(operator.locator(".flash")).to_contain_text("Approved")
    expect(operator.locator("tbody tr", has_text=company)).to_have_count(0)
    operator.context.close()

    # The company's admin is told, and the same request now goes out.
    engine = sa.create_engine(DATABASE["url"])
    try:
        told = last_email(sessionmaker(engine), email, "company_vetting")
    finally:
        engine.dispose()
    assert "can now send interview requests" in told.body
    page.goto("/company")
    expect(page.locator(".vetting")).to_have_count(0)
    page.goto(send_url.split("?")[0])
    _send(page)
    warned = page.get_by_label("Send it as it is")
    if warned.count():  # the market quartile for this title may differ
        warned.check()
        page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".flash")).to_contain_text("Request sent")

    candidate.page.goto("/requests")
    expect(
        candidate.page.get_by_role(
            "link", name=re.compile(f"Machine Learning Engineer at {company}")
        )
    ).to_be_visible()
