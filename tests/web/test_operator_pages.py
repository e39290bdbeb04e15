"""The operator: users (searchable) and companies with their activity."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import OPERATOR_EMAIL, Server, screenshot
from tests.web.journeys import log_in, new_page, sign_up, unique_email


def test_operator_finds_users_and_sees_companies(
    page: Page, browser: Browser, server: Server
) -> None:
    employer = new_page(browser, server)
    email = unique_email("owner")
    sign_up(employer, name="Olga Owner", email=email, role="employer", company="Umbrella Data")
    employer.context.close()

    log_in(page, OPERATOR_EMAIL)
    page.get_by_role("link", name="Users").click()
    page.get_by_label("Name or e-mail contains").fill("olga owner")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(email)
    expect(rows.first).to_contain_text("employer")
    screenshot(page, "operator-users")

    page.get_by_role("link", name="Companies").click()
    company = page.locator("tbody tr", has_text="Umbrella Data")
    expect(company).to_have_count(1)
    expect(company.locator("td").nth(2)).to_have_text("1")  # one member
    screenshot(page, "operator-companies")
