"""The employer's journey, with the candidate on the other side: company and colleagues, a
job read from its description, ranked blind candidates with explanations, a request with a
salary and its benchmark, acceptance, messages, stages on the board to a hire, the funnel."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, expect

from tests.web.conftest import PASSWORD, Server, screenshot
from tests.web.journeys import (
    JOB_DESCRIPTION,
    emailed_link,
    live_candidate,
    log_out,
    new_page,
    post_job,
    sign_up,
    unique_email,
)


def test_employer_hires_a_candidate_from_match_to_offer(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    dialogs: list[Dialog] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog), dialog.accept()))
    sign_up(
        page,
        name="Rita Recruiter",
        email=unique_email("rita"),
        role="employer",
        company="Initech Labs",
    )

    # The company, and a colleague invited by link.
    page.goto("/company")
    page.get_by_label("Web domain").fill("initech.example")
    page.get_by_label("About the company").fill("We build <b>ML</b> platforms.")
    page.get_by_role("button", name="Save", exact=True).click()  # the company's details
    expect(page.locator(".flash")).to_contain_text("Company details saved")
    colleague_email = unique_email("hiring-manager")
    page.get_by_label("Colleague's e-mail").fill(colleague_email)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".flash")).to_contain_text(f"Invitation e-mailed to {colleague_email}")
    screenshot(page, "employer-company")
    colleague = new_page(browser, server)
    colleague.goto(emailed_link(colleague_email, "invitation", "/invitations"))
    colleague.get_by_label("Full name").fill("Harry Manager")
    colleague.get_by_label("Password").fill(PASSWORD)
    colleague.get_by_role("button", name="Create my account").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Initech Labs")
    colleague.context.close()
    page.reload()
    expect(page.locator(".rows")).to_contain_text("Harry Manager")

    # A job: skills, level, remote policy and band are read from the description.
    job_id = post_job(page, title="Machine Learning Engineer", description=JOB_DESCRIPTION)
    details = page.locator(".card", has_text="Read from the description")
    expect(details).to_contain_text("PyTorch")
    expect(page.locator(".facts").first).to_contain_text("Kubernetes")
    screenshot(page, "employer-job")
    page.get_by_role("link", name="Edit").click()
    skills = page.get_by_label("Required skills")
    skills.fill(skills.input_value() + ", MLflow")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash")).to_contain_text("Job updated")
    expect(page.locator(".facts").first).to_contain_text("MLflow")

    # A live candidate appears, blind, ranked and explained.
    candidate = live_candidate(browser, server, tmp_path, headline="Backend engineer moving to ML")
    page.goto(f"/jobs/{job_id}/candidates")
    card = page.locator(".candidate-card", has_text="Backend engineer moving to ML")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Skills met")
    expect(card).to_contain_text("Python")
    expect(card).not_to_contain_text(candidate.name)  # blind until accepted
    screenshot(page, "employer-candidates")

    card.get_by_role("link", name="Send an interview request").click()
    expect(page.locator(".market")).to_contain_text("median")
    page.get_by_label("Yearly salary offered").fill("80000")  # under the candidate's minimum
    page.get_by_label("Message to the candidate").fill("Hello <img src=x onerror=alert(1)>!")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("alert")).to_contain_text("below the candidate's minimum")
    page.get_by_label("Yearly salary offered").fill("140000")
    page.get_by_role("button", name="Send the request").click()
    warned = page.get_by_label("Send it as it is")
    if warned.count():  # e.g. the market quartile for this title differs
        warned.check()
        page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".flash")).to_contain_text("Request sent")
    screenshot(page, "employer-request")

    # The candidate sees company, job, salary and why they match; accepts.
    other = candidate.page
    other.goto("/requests")
    other.get_by_role("link", name=re.compile("Machine Learning Engineer at Initech Labs")).click()
    expect(other.locator(".big")).to_contain_text("140,000 USD")
    expect(other.get_by_text("Why you match")).to_be_visible()
    expect(other.locator(".pre").first).to_have_text("Hello <img src=x onerror=alert(1)>!")
    screenshot(other, "candidate-request")
    other.get_by_role("button", name="Accept the request").click()
    expect(other.locator(".flash")).to_contain_text("Accepted")
    other.get_by_label("Message", exact=True).fill("Happy to talk <script>alert(2)</script>")
    other.get_by_role("button", name="Send", exact=True).click()
    expect(other.locator(".thread")).to_contain_text("Happy to talk <script>alert(2)</script>")

    # The employer now sees who it is, replies, and moves the hire along the board.
    page.reload()
    expect(page.get_by_text(candidate.name, exact=True)).to_be_visible()
    expect(page.locator(".thread")).to_contain_text("Happy to talk")
    page.get_by_label("Message", exact=True).fill("Great, see you Tuesday.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".thread")).to_contain_text("see you Tuesday")

    page.get_by_role("link", name="Hiring board").first.click()
    for stage in ("technical", "onsite", "offer", "hired"):
        board_card = page.locator(".board-card", has_text=candidate.name)
        board_card.get_by_label("Move to stage").select_option(stage)
        board_card.get_by_role("button", name="Move").click()
        expect(page.locator(".flash")).to_contain_text(f"Moved to {stage}")
    expect(page.locator(".column", has_text="Hired")).to_contain_text(candidate.name)
    screenshot(page, "employer-board")

    other.goto("/me/profile")
    expect(other.get_by_role("heading", name=re.compile("Profile status"))).to_contain_text("hired")

    page.get_by_role("link", name="Dashboard").click()
    chart = page.get_by_role("img", name="Interview requests reaching each step")
    expect(chart).to_be_visible()
    expect(page.locator("table.compact")).to_contain_text("Hired")
    screenshot(page, "employer-dashboard")

    page.goto(f"/jobs/{job_id}")
    page.get_by_role("button", name="Close the job").click()
    expect(page.locator(".flash")).to_contain_text("Job closed")
    assert [d.type for d in dialogs] == ["confirm"]  # only the close confirmation
    log_out(page)


def test_candidate_declines_with_a_reason_the_company_reads(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    sign_up(
        page, name="Ed Employer", email=unique_email("ed"), role="employer", company="Hooli Data"
    )
    job_id = post_job(page, title="Backend Engineer", description="Python, Go, PostgreSQL. Remote.")
    candidate = live_candidate(browser, server, tmp_path, headline="Backend engineer, Python")
    page.goto(f"/jobs/{job_id}/candidates")
    page.locator(".candidate-card", has_text="Backend engineer, Python").get_by_role(
        "link", name="Send an interview request"
    ).click()
    page.get_by_label("Yearly salary offered").fill("150000")
    page.get_by_role("button", name="Send the request").click()
    confirm = page.get_by_label("Send it as it is")
    if confirm.count():
        confirm.check()
        page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".flash")).to_contain_text("Request sent")

    candidate.page.goto("/requests")
    candidate.page.get_by_role("link", name=re.compile("Backend Engineer at Hooli Data")).click()
    candidate.page.get_by_label(re.compile("Reason")).fill("I want to stay remote-first in ML.")
    candidate.page.get_by_role("button", name="Decline").click()
    expect(candidate.page.locator(".flash")).to_contain_text("Declined")

    page.reload()
    expect(page.locator("main .badge").first).to_have_text("declined")
    expect(page.locator(".reason")).to_have_text("I want to stay remote-first in ML.")
    expect(page.get_by_text(candidate.name)).to_have_count(0)  # still blind
