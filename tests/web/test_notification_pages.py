"""The notification centre in the browser: the bell in the bar counts the unread ones, the list
shows what happened, marking read empties the count; the e-mail choices are saved."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.servers import Server
from tests.web.conftest import screenshot
from tests.web.journeys import live_candidate


def test_the_bell_counts_and_marking_read_clears_it(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    ada = live_candidate(browser, server, tmp_path, headline="Engineer told of her approval")
    page = ada.page
    page.goto("/me/profile")
    bell = page.get_by_role("link", name="Notifications, 1 unread")
    expect(bell).to_contain_text("1")
    bell.click()

    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    item = page.locator(".notification", has_text="Your profile is approved")
    expect(item).to_have_class("card notification unread")
    screenshot(page, "notifications-unread")
    item.get_by_role("button", name="Mark read").click()
    expect(page.locator(".flash")).to_contain_text("Marked read.")
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    expect(page.locator("[data-unread]")).to_have_count(0)
    expect(page.locator(".notification.unread")).to_have_count(0)

    page.get_by_role("link", name="Choose which come by e-mail").click()
    choice = page.get_by_label("A new message about an interview request")
    expect(choice).to_be_checked()
    choice.uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Your e-mail choices are saved.")
    expect(page.get_by_label("A new message about an interview request")).not_to_be_checked()
    expect(page.get_by_label("An interview request is about to expire")).to_be_checked()
    screenshot(page, "notification-preferences")
