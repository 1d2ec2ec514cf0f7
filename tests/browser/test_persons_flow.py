from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grip.access.models import AccessEvent
from grip.demo.identities import generate_demo_identities
from grip.demo.users import ensure_demo_users
from grip.network.models import Programme
from tests.browser.login import log_in
from tests.factories import IncidentFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_opens_a_revolving_door_person_and_reveals_who(page, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    person = PersonFactory(programmes=[hotspot])
    for days in (2, 20, 50):
        IncidentFactory(
            person=person, reported_at=timezone.now() - dt.timedelta(days=days), initial_ave_level=3
        )
    generate_demo_identities(users["coordinator"])

    log_in(page, "coordinator")
    refused: list[str] = []  # what the Content-Security-Policy blocked, as the console says
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.get_by_role("link", name="Draaideur").click()
    expect(page.get_by_text("vaak gemeld")).to_be_visible()
    page.get_by_role("link", name=person.display_key).click()

    expect(page.get_by_role("heading", name=f"Tijdlijn {person.display_key}")).to_be_visible()
    expect(page.locator(".timeline li")).to_have_count(3)
    chart = page.get_by_role("img", name="Grafiek van het AVE-niveau in de tijd")
    expect(chart).to_be_visible()
    # The chart is drawn (an image that failed to load would be 0 pixels wide) and nothing on
    # the page was refused: an inline SVG's stylesheet was, and the chart turned black.
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")
    assert refused == []

    page.get_by_role("link", name=f"Betrokkene {person.display_key}").click()
    assert not AccessEvent.objects.filter(action="reveal").exists()
    page.get_by_role("button", name="Toon identiteit").click()
    expect(page.get_by_role("definition").filter(has_text="Denkbeeldige Laan")).to_be_visible()
    expect(page.get_by_text("Deze inzage is vastgelegd in het toegangslog.")).to_be_visible()
    reveal = AccessEvent.objects.get(action="reveal")
    assert reveal.person_key == person.display_key
    assert reveal.user == users["coordinator"]
