from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from tests.browser.login import log_in
from tests.factories import IncidentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_nurse_registers_a_response_on_a_phone(browser, live_server, reference) -> None:
    ensure_demo_users()
    incident = IncidentFactory(
        number="PHONE-0001", reported_at=timezone.now() - dt.timedelta(hours=1)
    )
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "spv")
    # The page fits the phone: the header (with "Noodtoegang") and the steps wrap, so nothing
    # scrolls sideways and every step is in sight.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(
        page.get_by_role("navigation", name="Werkstroom").get_by_text("Monitor")
    ).to_be_in_viewport()

    page.get_by_role("link", name="Triage").click()
    page.get_by_role("link", name="PHONE-0001").click()
    expect(page.get_by_role("heading", name="Inzet vastleggen")).to_be_visible()
    # Times default to sensible values; the chips are large enough to tap.
    chip = page.get_by_label("(Dreiging tot) verbale agressie t.o.v. object of persoon")
    assert chip.locator("xpath=..").bounding_box()["height"] >= 44
    assert page.get_by_role("link", name="Annuleren").bounding_box()["height"] >= 44
    page.get_by_label("3 · rood").first.tap()
    chip.tap()
    page.get_by_label("toestand van de persoon ingeschat").tap()
    page.get_by_label("de-escalerend gehandeld").tap()
    page.get_by_role("group", name="Veiligheid persoon bij vertrek").get_by_label("redelijke").tap()
    page.get_by_label("Uitkomst").select_option(label="thuis, met opvolging")
    page.get_by_role("group", name="Opvolging nodig?").get_by_label("Ja").tap()
    page.get_by_role("button", name="Inzet opslaan").tap()

    expect(page.get_by_text("De inzet is vastgelegd.")).to_be_visible()
    page.get_by_role("link", name="Triage", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text="PHONE-0001")
    expect(row).to_have_count(1)
    assert incident.pk
    context.close()
