"""Everyone: sign up, log in and out, reset a forgotten password through the outbox."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import OPERATOR_EMAIL, PASSWORD, Server, screenshot
from tests.web.journeys import log_in, log_out, new_page, sign_up, unique_email


def test_sign_up_log_out_and_log_in_again(page: Page) -> None:
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("link", name="I am looking for a job").click()
    email = unique_email("grace")
    sign_up(page, name="Grace Hopper", email=email)
    expect(page).to_have_url(re.compile(r"/me/profile$"))
    expect(page.get_by_role("heading", name=re.compile("Profile status"))).to_contain_text("draft")
    log_out(page)

    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong e-mail or password")
    expect(page.get_by_label("E-mail")).to_have_value(email)  # the input is kept

    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/me/profile$"))
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Grace Hopper")


def test_signing_up_with_a_taken_address_looks_like_any_sign_up(page: Page) -> None:
    email = unique_email("ada")
    sign_up(page, name="Ada Byron", email=email)
    log_out(page)
    page.goto("/signup")
    page.get_by_label("Full name").fill("Someone Else")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("another-long-password")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text(f"We sent a link to {email}")
    screenshot(page, "signup-sent")
    # A made-up confirmation link says so, and offers a way on.
    page.goto("/signup/confirm/made-up")
    expect(page.get_by_role("alert")).to_contain_text("invalid, used or expired")
    expect(page.get_by_role("link", name="Sign up again")).to_be_visible()


def test_sign_up_errors_show_beside_their_fields(page: Page) -> None:
    page.goto("/signup")
    screenshot(page, "signup")
    page.get_by_label("Full name").fill("Alan Turing")
    page.get_by_label("E-mail").fill("not-an-email")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#email-error")).to_be_visible()
    expect(page.locator("#password-error")).to_contain_text("at least 10 characters")
    expect(page.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Full name")).to_have_value("Alan Turing")


def test_a_page_that_needs_login_comes_back_after_it(page: Page) -> None:
    email = unique_email("katherine")
    sign_up(page, name="Katherine Johnson", email=email)
    log_out(page)
    page.goto("/me/wishlist")
    expect(page).to_have_url(re.compile(r"/login\?next=/me/wishlist$"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")  # from the keyboard
    expect(page).to_have_url(re.compile(r"/me/wishlist$"))


def test_log_in_with_the_keyboard_alone(page: Page) -> None:
    email = unique_email("mary")
    sign_up(page, name="Mary Jackson", email=email)
    log_out(page)
    page.goto("/login")
    expect(page.get_by_label("E-mail")).to_be_focused()  # focused on arrival
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_have_value(PASSWORD)
    expect(page.get_by_role("button", name="Log in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/me/profile$"))


def test_forgotten_password_is_reset_through_the_outbox(
    page: Page, browser: Browser, server: Server
) -> None:
    email = unique_email("dorothy")
    sign_up(page, name="Dorothy Vaughan", email=email)
    log_out(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Send the reset link").click()
    expect(page.locator(".flash")).to_contain_text("reset link is on its way")

    # No mail server: the operator reads the e-mail in the outbox.
    operator = new_page(browser, server)
    log_in(operator, OPERATOR_EMAIL)
    operator.get_by_role("link", name="Outbox").click()
    operator.get_by_label("Recipient").fill(email)
    operator.get_by_role("button", name="Filter").click()
    operator.get_by_role("link", name="Reset your talentmatch password").click()
    screenshot(operator, "operator-outbox-email")
    link = operator.locator("pre.mail a").get_attribute("href")
    assert link and "/password/reset/" in link
    operator.context.close()

    page.goto(link)
    page.get_by_label(re.compile(r"^New password \*?$")).fill("a-brand-new-password")
    page.get_by_label(re.compile("^New password, again")).fill("a-brand-new-password")
    page.get_by_role("button", name="Set the new password").click()
    expect(page.locator(".flash")).to_contain_text("password is changed")
    log_in(page, email, "a-brand-new-password")
    expect(page).to_have_url(re.compile(r"/me/profile$"))

    # The link works once.
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("invalid, used or expired")
