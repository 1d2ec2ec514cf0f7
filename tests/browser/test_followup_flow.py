from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from grip.followup.models import FollowUpSettings, Trajectory
from grip.network.models import Organisation, Programme
from tests.browser.login import log_in
from tests.triage.test_responses import a_response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_logged_in(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, username)
    return context, page


def test_from_response_to_a_deliberate_hand_over(browser, live_server, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    FollowUpSettings.objects.create(
        programme=hotspot, default_case_organisation=Organisation.objects.get(slug="wij-groningen")
    )
    response = a_response(users["spv"], follow_up_needed=True, ave_on_leaving=2)
    trajectory = Trajectory.objects.get(response=response)
    key = response.incident.person.display_key if response.incident.person else None

    # The WIJ worker finds it in Mijn werk and records a contact with a peer expert.
    context, page = _open_logged_in(browser, live_server, "opvolger")
    page.get_by_role("link", name="Opvolging").click()
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    page.locator(f'a[href="/opvolging/{trajectory.pk}/"]').first.click()
    page.get_by_text("Contactmoment vastleggen").click()
    page.get_by_label("huisbezoek").check()
    page.get_by_label("de betrokkene").check()
    page.get_by_label("Samen met een ervaringsdeskundige").check()
    page.get_by_label("Kort resultaat").fill("Kennismaking, afspraak voor volgende week.")
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_text("Contactmoment vastgelegd.")).to_be_visible()
    contacts = page.locator("#contact")
    expect(contacts).to_contain_text("met ervaringsdeskundige")
    expect(contacts).to_contain_text("Kennismaking, afspraak voor volgende week.")
    context.close()

    # The coordinator scales up to AVE 3 and is asked who holds procesregie.
    context, page = _open_logged_in(browser, live_server, "coordinator")
    page.goto(f"/opvolging/{trajectory.pk}/")
    page.get_by_text("AVE op- of afschalen").click()
    ave_form = page.locator("form[action$='/ave/']")
    ave_form.get_by_label("3 · rood").check()
    ave_form.get_by_label("Waarom").fill("Dreiging richting buren neemt toe.")
    ave_form.get_by_role("button", name="AVE opslaan").click()
    # The error stands beside its field and, as a link to that field, in the summary.
    expect(page.locator("#id_ave_process_organisation_error")).to_contain_text(
        "procesregie verplicht"
    )
    expect(page.get_by_role("link", name="Procesregie (vanaf AVE 3")).to_be_visible()
    ave_form = page.locator("form[action$='/ave/']")
    ave_form.get_by_label("Procesregie (vanaf AVE 3 verplicht)").select_option(
        label="Gemeente Groningen"
    )
    ave_form.get_by_role("button", name="AVE opslaan").click()
    expect(page.get_by_text("AVE-niveau gewijzigd.")).to_be_visible()

    # Closing is letting go on purpose: to OGGz, named.
    page.get_by_text("Traject afsluiten").click()
    close_form = page.locator("form[action$='/close/']")
    close_form.get_by_label("Reden van afsluiten").select_option(label="overgedragen aan OGGz")
    close_form.get_by_label("Wie neemt het over").select_option(label="OGGz Groningen")
    close_form.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_text("Traject afgesloten.")).to_be_visible()
    context.close()

    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.ave_level) == ("closed", 3)
    assert trajectory.closure_organisation.slug == "oggz-groningen"
    assert trajectory.process_organisation.slug == "gemeente-groningen"
    assert key is None or trajectory.person.display_key == key
