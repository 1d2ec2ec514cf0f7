"""The holder writes the plan, the case conference decides and moves direction, and the new
holder finds the case in Mijn werk with the decision in its plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grip.casework import actions
from grip.demo.users import ensure_demo_users
from grip.followup.models import Trajectory
from grip.network.models import Organisation, Programme
from tests.browser.login import log_in
from tests.followup.helpers import a_trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_logged_in(browser, live_server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, username)
    return context, page


def test_plan_conference_decision_and_the_new_holder(browser, live_server, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    trajectory = a_trajectory(
        users["coordinator"], hotspot,
        case_organisation=Organisation.objects.get(slug="wij-groningen"),
        case_holder=users["opvolger"],
    )  # fmt: skip
    key = trajectory.person.display_key  # type: ignore[union-attr]
    table = actions.add_table(users["coordinator"], hotspot, name="OGGz-overleg Centrum",
                              has_mandate=False)  # fmt: skip
    review = (timezone.localdate() + dt.timedelta(days=28)).isoformat()

    # The holder writes the plan: a goal on housing and a recovery goal of the person's own.
    context, page = _open_logged_in(browser, live_server, "opvolger")
    page.goto(f"/opvolging/{trajectory.pk}/")
    expect(page.locator("#plan")).to_contain_text("Plan ontbreekt")
    page.locator("#plan").get_by_role("link", name="Plan opstellen").click()
    page.locator('[name="goal-0-life_domain"]').select_option(label="wonen")
    page.locator('[name="goal-0-text"]').fill("Woning behouden")
    page.locator('[name="goal-1-life_domain"]').select_option(
        label="herstel (eigen doelen van betrokkene)"
    )
    page.locator('[name="goal-1-text"]').fill("Weer zelf boodschappen doen")
    page.locator('[name="agreement-0-text"]').fill("Huisbezoek samen met ervaringsdeskundige")
    page.locator('[name="agreement-0-owner"]').select_option(label="WIJ Groningen")
    page.locator('[name="agreement-0-due_on"]').fill(review)
    page.get_by_label("Evaluatie op").fill(review)
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.get_by_text("Nieuwe versie van het plan opgeslagen.")).to_be_visible()
    expect(page.locator("#plan")).to_contain_text("Weer zelf boodschappen doen")
    context.close()

    # The coordinator holds the conference with Lentis and WIJ, and decides.
    context, page = _open_logged_in(browser, live_server, "coordinator")
    page.goto("/aanpak/overleg/nieuw/")
    page.get_by_label("Tafel").select_option(label=table.name)
    page.get_by_label("Datum").fill(timezone.localdate().isoformat())
    page.get_by_label("Lentis").check()
    page.get_by_label("WIJ Groningen").check()
    page.get_by_label("Grondslag voor het delen").select_option(label="ZVH-convenant")
    page.get_by_role("button", name="Overleg aanmaken").click()
    expect(page.get_by_text("Casusoverleg aangemaakt.")).to_be_visible()
    page.get_by_text("Betrokkene op de agenda zetten").click()
    page.get_by_label("Sleutel van de betrokkene").fill(key)
    page.get_by_role("button", name="Op de agenda").click()
    expect(page.get_by_text("Op de agenda gezet.")).to_be_visible()
    page.get_by_text("Besluit vastleggen").first.click()
    decision = page.locator("form[action*='/besluit/']")
    decision.get_by_label("Besluit").fill("Lentis neemt de casusregie over.")
    decision.get_by_label("Nieuwe afspraak in het plan").fill("Medicatie bespreken")
    decision.get_by_label("Wie (organisatie)").select_option(label="Lentis")
    decision.get_by_label("Wanneer").fill(review)
    decision.get_by_label("Casusregie naar").select_option(label="Lentis")
    decision.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text("Besluit vastgelegd.")).to_be_visible()
    expect(page.locator(".agenda-item")).to_contain_text("casusregie naar Lentis")
    context.close()

    # The new holder's organisation finds it in Mijn werk, with the decision in the plan.
    context, page = _open_logged_in(browser, live_server, "spv")
    page.goto("/opvolging/")
    page.locator(f'a[href="/opvolging/{trajectory.pk}/"]').first.click()
    expect(page.locator("#regie")).to_contain_text("Lentis")
    expect(page.locator("#plan")).to_contain_text("Medicatie bespreken")
    expect(page.locator("#plan")).to_contain_text("na besluit casusoverleg")
    context.close()

    trajectory = Trajectory.objects.get(pk=trajectory.pk)
    assert trajectory.case_organisation.slug == "lentis"  # type: ignore[union-attr]
