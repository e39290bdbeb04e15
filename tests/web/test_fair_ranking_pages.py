"""Fair re-ranking in the browser: a company admin turns it on from the company page and the
job's candidate list says it was re-ranked and by what; an operator sets the platform's
option."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import OPERATOR_EMAIL, Server, screenshot
from tests.web.journeys import JOB_DESCRIPTION, log_in, post_job, sign_up, unique_email


def test_a_company_admin_turns_it_on_and_the_list_says_so(page: Page, server: Server) -> None:
    # The first job posted loads the parsing models in the server: on a busy runner, slow.
    page.set_default_timeout(90_000)
    sign_up(
        page, name="Fay Fairfield", email=unique_email("fay"), role="employer", company="Fairco"
    )
    job_id = post_job(page, title="Machine Learning Engineer", description=JOB_DESCRIPTION)
    page.goto(f"/jobs/{job_id}/candidates")
    expect(
        page.get_by_role("heading", name="Candidates for Machine Learning Engineer")
    ).to_be_visible()
    expect(page.locator("#representation")).to_have_count(0)

    page.goto("/company")
    section = page.get_by_role("region", name="Fair re-ranking")
    expect(section).to_contain_text("Off: your lists follow the model's scores.")
    section.get_by_label("Re-rank our lists by").select_option("gender")
    section.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Fair re-ranking setting saved.")
    section = page.get_by_role("region", name="Fair re-ranking")
    expect(section).to_contain_text(
        "Re-ranked for representation by gender (your company's setting)"
    )
    expect(section.get_by_label("Re-rank our lists by")).to_have_value("gender")

    page.goto(f"/jobs/{job_id}/candidates")
    note = page.locator("#representation")
    expect(note).to_contain_text("Re-ranked for representation by gender (your company's setting)")
    expect(note).to_contain_text("nobody's gender is shown")
    screenshot(page, "fair-ranking-candidates")

    page.goto("/company")
    section = page.get_by_role("region", name="Fair re-ranking")
    section.get_by_label("Re-rank our lists by").select_option("")
    section.get_by_role("button", name="Save").click()
    page.goto(f"/jobs/{job_id}/candidates")
    expect(page.locator("#representation")).to_have_count(0)


def test_an_operator_sets_the_platform_option(page: Page, server: Server) -> None:
    log_in(page, OPERATOR_EMAIL)
    page.get_by_role("link", name="Fair ranking").click()
    expect(page.get_by_role("heading", name="Fair re-ranking", exact=True)).to_be_visible()
    platform = page.get_by_role("region", name="For every company")
    expect(platform).to_contain_text("Off.")
    platform.get_by_label("Re-rank by").select_option("ethnicity")
    platform.get_by_role("button", name="Save").click()
    try:
        expect(page.locator(".flash")).to_contain_text(
            "Every company's candidate lists are now re-ranked by ethnicity."
        )
        expect(page.get_by_role("region", name="For every company")).to_contain_text(
            "On: every company's lists are re-ranked by ethnicity."
        )
        screenshot(page, "fair-ranking-operator")
    finally:
        # The server is shared by the other browser tests: leave the platform as it was.
        page.goto("/admin/fair-ranking")
        platform = page.get_by_role("region", name="For every company")
        platform.get_by_label("Re-rank by").select_option("")
        platform.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Platform-wide fair re-ranking is off.")
