from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from grip.learning.models import ReflectionSession
from grip.learning.views_figures import DEFAULT_DAYS
from grip.network.models import Programme
from tests.browser.login import log_in
from tests.learning.helpers import response_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_bottleneck_to_session_to_top_threes(browser, live_server, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    no_bed = response_with(users["coordinator"], hotspot, bottlenecks=("no_bed",))
    response_with(users["coordinator"], hotspot, bottlenecks=("no_police_report",))
    key = no_bed.incident.person.display_key

    context = browser.new_context(locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "coordinator")

    # From the flow to the bottlenecks of the programme.
    page.get_by_role("navigation", name="Werkstroom").get_by_role("link", name="Leren").click()
    page.get_by_role("link", name="Groninger Hotspot").click()
    page.get_by_role("link", name="Knelpunten voor de agenda").click()
    bottleneck = page.locator("fieldset.bottleneck", has_text="geen opname door beperkte")
    expect(bottleneck).to_contain_text(key)
    bottleneck.locator(f'input[value="r:{no_bed.pk}"]').check()
    page.get_by_label("Datum nieuwe sessie").fill(timezone.localdate().isoformat())
    page.get_by_label("Lentis").check()
    page.get_by_role("button", name="Op de agenda zetten").click()
    expect(page.get_by_text("1 casus(sen) op de agenda gezet.")).to_be_visible()
    expect(page.locator("#casussen")).to_contain_text(key)
    session = ReflectionSession.objects.get()

    # A turning point of the case.
    page.get_by_text("Kantelmoment vastleggen").click()
    form = page.locator("form[action$='/kantelmoment/']")
    form.get_by_role("combobox", name="Casus").select_option(label=key)
    form.get_by_label("Wanneer").fill((timezone.localdate() - dt.timedelta(days=10)).isoformat())
    form.get_by_label("Wat gebeurde er").fill("Geen bed; thuis gebleven met dagelijkse bezoeken.")
    form.get_by_label("deels").check()
    form.get_by_label("de betrokkene").check()
    form.get_by_label("structurele knelpunten in zorg en veiligheid (leerpunt)").check()
    form.get_by_role("button", name="Kantelmoment opslaan").click()
    expect(page.get_by_text("Kantelmoment vastgelegd.")).to_be_visible()
    expect(page.locator("#casussen")).to_contain_text("dagelijkse bezoeken")

    # Outcomes: a positive point and a learning point.
    for kind, theme, text in (
        ("positief punt", "vasthoudendheid en betrouwbaarheid in contact (positief)",
         "Dagelijks langs, doen wat je zegt."),
        ("leerpunt", "capaciteit (leerpunt)", "Te weinig bedden."),
    ):  # fmt: skip
        page.get_by_text("Uitkomst vastleggen").click()
        form = page.locator("form[action$='/uitkomst/']")
        form.get_by_label(kind, exact=True).check()
        form.get_by_role("combobox", name="Thema").select_option(label=theme)
        form.get_by_label("Toelichting").fill(text)
        form.get_by_role("button", name="Uitkomst opslaan").click()
        expect(page.get_by_text("Uitkomst vastgelegd.")).to_be_visible()
    expect(page.locator("#uitkomsten")).to_contain_text("Te weinig bedden.")

    # A correction: the edit link is found by the name a screen reader announces for it.
    page.get_by_role("link", name="Uitkomst wijzigen: capaciteit", exact=True).click()
    expect(page.get_by_role("heading", name="Uitkomst wijzigen")).to_be_visible()
    expect(page.get_by_label("Toelichting")).to_have_value("Te weinig bedden.")
    page.get_by_label("Toelichting").fill("Te weinig bedden in de regio.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Uitkomst gewijzigd.")).to_be_visible()
    expect(page.locator("#uitkomsten")).to_contain_text("Te weinig bedden in de regio.")

    # The top threes of the period, with a wording for one of them.
    page.get_by_role("link", name="Top drie van de periode").click()
    positive = page.locator("section.top-three", has_text="Positieve punten")
    learning = page.locator("section.top-three", has_text="Leerpunten")
    expect(positive).to_contain_text("vasthoudendheid en betrouwbaarheid in contact")
    expect(learning).to_contain_text("structurele knelpunten in zorg en veiligheid")
    expect(learning).to_contain_text("capaciteit")
    page.get_by_label("Formulering (capaciteit)").fill("Te weinig bedden voor crisisopname.")
    page.get_by_role("button", name="Formuleringen opslaan").click()
    expect(page.get_by_text("Formuleringen opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Formulering (capaciteit)")).to_have_value(
        "Te weinig bedden voor crisisopname."
    )
    assert session.outcomes.count() == 2

    # The factsheet of the same period (the top-threes page's default: the last year) shows
    # the same top threes, with the wording.
    page.get_by_role("link", name="Monitor").click()
    today = timezone.localdate()
    page.get_by_label("Van").fill((today - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat())
    page.get_by_label("Tot en met").fill(today.isoformat())
    page.get_by_role("button", name="Toon factsheet").click()
    reflection = page.locator("section.fs-reflection")
    expect(reflection).to_contain_text("vasthoudendheid en betrouwbaarheid in contact")
    expect(reflection).to_contain_text("capaciteit: Te weinig bedden voor crisisopname.")
    context.close()
