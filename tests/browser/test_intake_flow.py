from __future__ import annotations

import pytest
from playwright.sync_api import expect

from grip.demo.users import DEMO_PASSWORD, ensure_demo_users
from tests.browser.login import enter_second_factor, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_registers_finds_and_opens_an_incident(page, reference) -> None:
    ensure_demo_users()
    log_in(page, "coordinator", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()

    page.get_by_role("link", name="Nieuwe melding registreren").click()
    page.get_by_label("Programma").select_option(label="Groninger Hotspot")
    page.get_by_label("Meldingsnummer").fill("BROWSER-0001")
    page.get_by_label("Gemeente").select_option(label="Groningen")
    page.get_by_label("3 · rood").check()
    page.get_by_label("Korte omschrijving").fill("Synthetische melding uit de browsertest.")
    page.get_by_label("Nieuwe betrokkene (krijgt een sleutel)").check()
    page.get_by_role("button", name="Melding opslaan").click()
    expect(page.get_by_text("is geregistreerd")).to_be_visible()

    page.get_by_role("navigation", name="Werkstroom").get_by_role("link", name="Meldingen").click()
    page.get_by_label("Programma").select_option(label="Groninger Hotspot")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text="BROWSER-0001")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="BROWSER-0001")).to_be_visible()
    expect(page.get_by_text("Synthetische melding uit de browsertest.")).to_be_visible()


def test_wrong_password_gives_a_dutch_error(page, reference) -> None:
    ensure_demo_users()
    log_in(page, "coordinator", "niet-het-wachtwoord")
    expect(page.get_by_role("alert")).to_contain_text(
        "Voer een juiste gebruikersnaam en wachtwoord in"
    )


def test_keyboard_only_login_and_skip_link(page, reference) -> None:
    ensure_demo_users()
    page.goto("/inloggen/")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()  # autofocus on arrival
    page.keyboard.type("coordinator")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    enter_second_factor(page)  # the code field has the focus: type the code, Enter
    expect(page.get_by_role("heading", name="Overzicht")).to_be_visible()
    # The first Tab reaches the skip link, which jumps past the navigation into the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Nieuwe melding registreren")).to_be_focused()
    # Every form field on the incident form has an accessible name.
    page.goto("/meldingen/nieuw/")
    fields = "main input:not([type=hidden]), main select, main textarea"
    unnamed = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(el => !el.labels || el.labels.length === 0).map(el => el.name)""",
        fields,
    )
    assert unnamed == []
