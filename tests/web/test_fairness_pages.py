"""Self-identification (the candidate's form: give, change, withdraw) and the operator's bias
audit page with its charts and printable report, in a real browser."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import OPERATOR_EMAIL, Server, screenshot
from tests.web.journeys import live_candidate, log_in, new_page, post_job, sign_up, unique_email


def test_candidate_gives_changes_and_withdraws_answers(page: Page, server: Server) -> None:
    sign_up(page, name="Sam Self", email=unique_email("sam"))
    page.goto("/me/profile")
    page.get_by_role("link", name="Voluntary self-identification").click()
    expect(page.get_by_role("heading", name="Why we ask, and who can see it")).to_be_visible()
    page.get_by_label("Non-binary").check()
    page.get_by_label("Two or more races").check()
    page.get_by_role("button", name="Save my answers").click()
    # Without consent nothing is kept, and the choices stay on the form.
    expect(page.locator(".field-error")).to_contain_text("tick the box")
    expect(page.get_by_label("Two or more races")).to_be_checked()
    page.get_by_label("I agree that talentmatch keeps these answers").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator(".flash")).to_contain_text("Your answers are saved")
    expect(page.get_by_label("Non-binary")).to_be_checked()
    screenshot(page, "candidate-self-identification")

    page.get_by_label("Prefer not to say").first.check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_label("Prefer not to say").first).to_be_checked()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Withdraw and delete my answers").click()
    expect(page.locator(".flash")).to_contain_text("answers are deleted")
    expect(page.get_by_label("No answer").first).to_be_checked()
    expect(page.get_by_role("button", name="Withdraw and delete my answers")).to_have_count(0)


def test_operator_runs_an_audit_and_reads_its_charts(
    page: Page, browser: Browser, server: Server, tmp_path: Path
) -> None:
    person = live_candidate(browser, server, tmp_path, headline="Machine learning engineer")
    person.page.goto("/me/self-identification")
    person.page.get_by_label("Female").check()
    person.page.get_by_label("I agree that talentmatch keeps these answers").check()
    person.page.get_by_role("button", name="Save my answers").click()
    expect(person.page.locator(".flash")).to_contain_text("saved")
    person.page.context.close()
    employer = new_page(browser, server)
    sign_up(
        employer, name="Erin Hirer", email=unique_email("erin"), role="employer", company="Fairco"
    )
    post_job(employer, title="Machine Learning Engineer", description="Python, PyTorch, SQL.")
    employer.goto("/admin/audits/bias")
    expect(employer.get_by_role("heading", name="Not allowed")).to_be_visible()
    employer.context.close()

    log_in(page, OPERATOR_EMAIL)
    page.get_by_role("link", name="Bias audit").click()
    expect(page.get_by_text("No audit has been run yet")).to_be_visible()
    page.get_by_label("Top k").fill("5")
    page.get_by_role("button", name="Run audit").click()
    expect(page.locator(".flash")).to_contain_text("The audit is done", timeout=120_000)
    expect(page.get_by_role("heading", name="Gender", exact=True)).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    # A rate chart per stage and an exposure chart for each of the three attributes (impact
    # ratios only where someone was selected).
    assert page.locator("svg.chart").count() >= 3 * (4 + 1)
    expect(page.locator("table").first).to_contain_text("Female")
    screenshot(page, "operator-bias-audit")

    page.get_by_role("link", name="Printable report").click()
    expect(page.get_by_role("heading", name="talentmatch bias audit report")).to_be_visible()
    expect(page.get_by_text("Model:")).to_be_visible()
    screenshot(page, "operator-bias-audit-report")
