from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grip.access.models import AccessEvent, BreakGlass
from grip.demo.users import ensure_demo_users
from grip.network.models import Programme
from tests.browser.login import log_in
from tests.factories import IncidentFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_nurse_breaks_the_glass_and_the_privacy_officer_reviews_it(page, reference) -> None:
    users = ensure_demo_users()
    wijk = Programme.objects.get(slug="wijk-ggd")  # not one of the nurse's programmes
    person = PersonFactory(programmes=[wijk])
    IncidentFactory(programme=wijk, person=person)

    log_in(page, "spv")
    page.goto(f"/betrokkenen/{person.display_key}/")
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    page.get_by_role("link", name="Noodtoegang vragen").click()
    page.get_by_label("Sleutel van de betrokkene").fill(person.display_key)
    page.get_by_label("Reden").fill("Acute crisis, synthetisch: medicatie-overzicht nodig.")
    page.get_by_role("button", name="Noodtoegang openen").click()
    expect(page.get_by_text("wordt door de privacyfunctionaris beoordeeld")).to_be_visible()
    expect(page.get_by_text(person.display_key).first).to_be_visible()
    assert AccessEvent.objects.filter(
        user=users["spv"], person_key=person.display_key, break_glass=True, action="read"
    ).exists()

    with page.expect_navigation():  # logged out before the next login starts
        page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "privacy")
    page.get_by_role("link", name="Toegangslog").click()
    page.get_by_role("link", name="Noodtoegang beoordelen").click()
    expect(page.get_by_text("medicatie-overzicht nodig")).to_be_visible()
    page.get_by_label("Beoordeling").fill("Terecht; nagevraagd bij de dienstdoende SPV.")
    page.get_by_role("button", name="Markeer als beoordeeld").click()
    expect(page.get_by_text("De noodtoegang is beoordeeld.")).to_be_visible()
    assert BreakGlass.objects.get().reviewed_by == users["privacy"]
