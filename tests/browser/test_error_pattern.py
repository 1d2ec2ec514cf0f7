"""The one error pattern (issue 20): after a failed submit the error summary at the top of the
form has the focus and is in view, lists each error as a link, and each link moves the focus to
its field. The same summary on the login screen, in login words (not "opgeslagen")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from tests.browser.axe import assert_accessible
from tests.browser.login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_failed_submit_focuses_the_summary_and_its_links_reach_the_fields(page, reference) -> None:
    ensure_demo_users()
    log_in(page, "politie")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("link", name="Nieuwe melding registreren").click()
    page.get_by_role("button", name="Melding opslaan").click()  # nothing filled in

    summary = page.locator(".form-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    assert_accessible(page, "the incident form with its errors")
    links = summary.locator("a[href^='#']")
    count = links.count()
    assert count >= 2, "the summary lists each field's error as a link"
    for index in range(count):
        link = links.nth(index)
        field_id = str(link.get_attribute("href"))[1:]
        link.click()
        field = page.locator(f"[id='{field_id}']")
        expect(field).to_be_focused()
        expect(field).to_be_in_viewport()
        # The field's own message stands beside it and is tied to it for screen readers.
        described_by = str(field.get_attribute("aria-describedby") or "")
        group = field.locator("xpath=ancestor::*[@aria-describedby][1]")
        if "_error" not in described_by and group.count():
            described_by = str(group.first.get_attribute("aria-describedby"))
        assert "_error" in described_by, f"{field_id}: no message beside the field"
        summary.focus()


def test_wrong_password_summary_is_focused_and_speaks_of_logging_in(page, reference) -> None:
    ensure_demo_users()
    log_in(page, "politie", "niet-het-wachtwoord")
    summary = page.locator(".form-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Inloggen is niet gelukt")
    expect(summary).not_to_contain_text("opgeslagen")
