"""The candidate's journey: resume to a corrected profile, wish list, hidden companies,
review (rejected with a reason, then approved), pause."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, expect

from tests.web.conftest import OPERATOR_EMAIL, Server, screenshot
from tests.web.journeys import (
    fill_wish_list,
    log_in,
    new_page,
    resume_file,
    review,
    sign_up,
    submit_for_review,
    unique_email,
    upload_resume,
)


def test_candidate_goes_from_resume_to_a_live_profile(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    dialogs: list[Dialog] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog), dialog.dismiss()))
    name, email = "Ada Lovelace", unique_email("ada")
    sign_up(page, name=name, email=email)
    upload_resume(page, resume_file(tmp_path, ("<script>alert('resume')</script>",)))
    # Parsed from the resume and shown for correction.
    parsed = page.locator("details.parsed")
    expect(parsed).to_contain_text("Python")
    expect(parsed).to_contain_text("Kubernetes")
    expect(page.get_by_label("Job titles")).to_have_value(re.compile("Senior Backend Engineer"))
    expect(page.get_by_label("Skills")).to_have_value(re.compile("Python"))
    screenshot(page, "candidate-profile")

    # Hostile text in the candidate's own words renders inert.
    page.get_by_label("Headline").fill("<script>alert('headline')</script> Backend to ML")
    page.get_by_label("Country").fill("GB")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".flash")).to_contain_text("Profile saved")
    expect(page.get_by_label("Headline")).to_have_value(
        "<script>alert('headline')</script> Backend to ML"
    )

    # A wrong value is refused beside its field, and nothing else is lost.
    page.get_by_label("Years of experience").fill("300")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#years_experience-error")).to_be_visible()
    expect(page.get_by_label("Headline")).to_have_value(re.compile("Backend to ML"))

    fill_wish_list(page, roles="ML Engineer", min_salary="95000", remote="remote")
    page.get_by_label("Company name or web domain").fill("Analytical Engines Ltd")
    page.get_by_role("button", name="Hide my profile from it").click()
    expect(page.locator(".rows")).to_contain_text("Analytical Engines Ltd")
    page.get_by_label("Company name or web domain").fill("Babbage & Co")
    page.get_by_role("button", name="Hide my profile from it").click()
    page.get_by_role("button", name="Stop hiding from Babbage & Co").click()
    expect(page.locator(".flash")).to_contain_text("Removed")
    expect(page.locator(".rows")).not_to_contain_text("Babbage")
    screenshot(page, "candidate-wishlist")

    submit_for_review(page)
    expect(page.get_by_role("heading", name=re.compile("Profile status"))).to_contain_text(
        "submitted"
    )

    operator = new_page(browser, server)
    log_in(operator, OPERATOR_EMAIL)
    expect(operator).to_have_url(re.compile(r"/review$"))
    screenshot(operator, "operator-review-queue")
    review(operator, name, reject_reason="Please add a summary of your ML projects.")

    page.goto("/me/profile")
    expect(page.get_by_role("alert")).to_contain_text("Please add a summary of your ML projects.")
    page.get_by_label("Summary").fill("Built a churn model and shipped it behind an API.")
    page.get_by_role("button", name="Save profile").click()
    submit_for_review(page)

    review(operator, name)
    operator.context.close()
    page.goto("/me/profile")
    expect(page.get_by_role("heading", name=re.compile("Profile status"))).to_contain_text("live")

    page.get_by_role("button", name="Pause my profile").click()
    expect(page.locator(".flash")).to_contain_text("Paused")
    page.get_by_role("button", name="Go live again").click()
    expect(page.locator(".flash")).to_contain_text("live again")
    assert dialogs == []


def test_a_broken_upload_is_refused_beside_the_file_field(page: Page, tmp_path: Path) -> None:
    sign_up(page, name="Broken File", email=unique_email("broken"))
    bad = tmp_path / "resume.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    page.goto("/me/profile")
    page.get_by_label(re.compile("Resume file")).set_input_files(str(bad))
    page.get_by_role("button", name="Upload and read").click()
    expect(page.locator("#file-error")).to_be_visible()
    expect(page.get_by_text("No resume yet")).to_be_visible()
