"""Issue 17: a coordinator makes two lines of work about one person one, and the holder finds
the one trajectory in Mijn werk."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from grip.followup import actions
from grip.followup.models import FollowUpSettings, Trajectory
from grip.network.models import Organisation, Programme
from tests.browser.login import log_in
from tests.factories import IncidentFactory, PersonFactory
from tests.triage.test_responses import a_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_logged_in(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, username)
    return context, page


def test_a_coordinator_merges_and_the_holder_sees_one(browser, live_server, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    FollowUpSettings.objects.create(
        programme=hotspot, default_case_organisation=Organisation.objects.get(slug="wij-groningen")
    )
    person = PersonFactory(programmes=[hotspot])
    incident = IncidentFactory(programme=hotspot, person=person)
    response = a_response(users["spv"], incident, follow_up_needed=True, ave_on_leaving=2)
    kept = Trajectory.objects.get(response=response)
    actions.take_case_direction(users["opvolger"], kept)
    # An I28 report about someone not yet known: its own line of work, without a person.
    loose = actions.open_trajectory(
        users["coordinator"], programme=hotspot, person=None,
        incident=IncidentFactory(programme=hotspot, person=None), reason="I28 zonder betrokkene.",
    )  # fmt: skip

    context, page = _open_logged_in(browser, live_server, "coordinator")
    page.goto("/opvolging/overzicht/")
    page.get_by_role("link", name="Eén traject per betrokkene").click()
    card = page.locator("li.card", has=page.locator(f'a[href="/opvolging/{loose.pk}/"]'))
    card.get_by_label("Sleutel van de betrokkene").fill(person.display_key)
    card.get_by_label("Waarom").fill("Zelfde persoon volgens de wijkagent.")
    card.get_by_role("button", name="Betrokkene koppelen").click()
    expect(page.get_by_text(f"het werk staat op traject {kept.pk}")).to_be_visible()
    expect(page.locator("#samengevoegd").locator("xpath=..")).to_contain_text(
        f"Traject #{loose.pk} opgegaan in #{kept.pk}"
    )
    context.close()

    context, page = _open_logged_in(browser, live_server, "opvolger")
    page.goto("/opvolging/")
    group = page.locator("tbody.person-group", has_text=person.display_key)
    expect(group.locator("a[href^='/opvolging/']")).to_have_count(1)
    expect(group.locator(f'a[href="/opvolging/{kept.pk}/"]')).to_be_visible()
    group.locator(f'a[href="/opvolging/{kept.pk}/"]').click()
    expect(page.get_by_text("traject samengevoegd")).to_be_visible()
    context.close()

    loose.refresh_from_db()
    assert loose.status == "closed"
