"""The pages work on a phone: nothing scrolls sideways, and the menu opens from a button."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.web.conftest import Server, screenshot
from tests.web.journeys import new_page, sign_up, unique_email

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide on a 390px phone"


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/password/forgot"])
def test_public_pages_fit_a_phone(browser: Browser, server: Server, path: str) -> None:
    page = new_page(browser, server, **PHONE)
    page.goto(path)
    _no_sideways_scroll(page)
    page.context.close()


def test_signed_in_pages_fit_a_phone_and_the_menu_opens(browser: Browser, server: Server) -> None:
    page = new_page(browser, server, **PHONE)
    sign_up(page, name="Phone User", email=unique_email("phone"))
    for path in ("/me/profile", "/me/wishlist", "/requests"):
        page.goto(path)
        _no_sideways_scroll(page)
    screenshot(page, "phone-requests")
    menu = page.get_by_role("link", name="Wish list")
    expect(menu).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu).to_be_visible()
    page.context.close()
