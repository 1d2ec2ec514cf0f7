"""The OGGz I28 worker, on a phone, finds an I28 report in the queue, picks it up with one tap,
contacts the network first, closes it as routed to regular care; the coordinator sees it
counted on the programme's factsheet."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from grip.accounts.devices import give_totp
from grip.demo.users import DEMO_PASSWORD
from grip.network.models import Membership, Municipality, Organisation, Programme, Role
from grip.signalling.actions import SignalData, register_signal
from grip.signalling.models import Signal, SignalState
from grip.vocab.models import Term, Vocabulary
from tests.browser.login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VS = "groninger-vroegsignalering"
PHONE = {"width": 390, "height": 844}
TAP = 44  # the minimum touch target, in CSS pixels


def _user(username: str, role: Role, organisation: str) -> Any:
    """A user of Vroegsignalering who logs in like a demo user (demo password and secret)."""
    user = get_user_model().objects.create_user(
        username=username, password=DEMO_PASSWORD, first_name=username.title()
    )
    membership = Membership.objects.create(
        user=user, organisation=Organisation.objects.get(slug=organisation), role=role
    )
    membership.programmes.set(Programme.objects.filter(slug=VS))
    give_totp(user)
    return user


def _phone(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="nl-NL",
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_i28_report_from_the_queue_to_the_factsheet(browser, live_server, reference) -> None:
    worker = _user("esther-i28", Role.FOLLOWUP_WORKER, "oggz-groningen")
    coordinator = _user("coordinator-vs", Role.COORDINATOR, "gemeente-groningen")
    programme = Programme.objects.get(slug=VS)
    signal = register_signal(
        coordinator,
        SignalData(
            programme=programme,
            source=Term.objects.get(vocabulary=Vocabulary.SIGNAL_SOURCE, code="police_i28"),
            received_at=timezone.now() - dt.timedelta(hours=2),
            municipality=Municipality.objects.get(cbs_code="GM0014"),
            number="I28-2026-0417",
            concerns=(Term.objects.get(vocabulary=Vocabulary.SIGNAL_CONCERN, code="isolation"),),
            notes="Synthetisch: buren maken zich zorgen, meneer komt niet meer buiten.",
        ),
    )

    # The worker, on a phone: Signalen → the programme's queue.
    context, page = _phone(browser, live_server)
    log_in(page, worker.username)
    page.get_by_role("link", name="Signalen", exact=True).first.click()
    page.get_by_role("link", name=re.compile("Groninger Vroegsignaleringsaanpak")).click()
    expect(page.get_by_role("heading", name="Nog niet opgepakt")).to_be_visible()
    card = page.locator(".signal-card").filter(has_text="politie (I28 zorgmelding)")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(re.compile(r"nog \d werkdag"))
    expect(card).to_contain_text("sociaal isolement")
    expect(card).not_to_contain_text("buren maken zich zorgen")  # no notes in the queue
    button = card.get_by_role("button", name=re.compile("^Oppakken"))
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= TAP
    assert box["width"] <= PHONE["width"]
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)

    # One tap: picked up, and the signal's page opens.
    button.tap()
    expect(page.get_by_text("U heeft het signaal opgepakt.")).to_be_visible()
    assert page.url.endswith(f"/signalen/{signal.pk}/")

    # The network first.
    page.get_by_text("Contact vastleggen").click()
    contact = page.locator("form[action$='/contact/']")
    contact.get_by_label("het netwerk (naasten, betrokken professionals)").check()
    contact.get_by_label("Soort contact").select_option(label="telefonisch contact")
    contact.get_by_label("Kort verslag").fill("Dochter gebeld; zij gaat mee naar de huisarts.")
    contact.get_by_role("button", name="Contact opslaan").click()
    expect(page.locator("#contact")).to_contain_text("Dochter gebeld")

    # Closed: routed to regular care.
    page.get_by_text("Afsluiten met een resultaat").click()
    close = page.locator("form[action$='/afsluiten/']")
    close.get_by_label("doorgeleid naar reguliere zorg of ondersteuning").check()
    close.get_by_role("button", name="Afsluiten").click()
    expect(page.get_by_role("heading", name=re.compile("afgesloten"))).to_be_visible()
    context.close()

    signal.refresh_from_db()
    assert signal.state == SignalState.CLOSED
    assert signal.result is not None
    assert signal.result.code == "regular_care"
    assert (signal.picked_up_by_id, signal.first_contact_with) == (worker.pk, "network")
    assert Signal.objects.filter(programme=programme).count() == 1

    # The coordinator sees it counted on the programme's factsheet.
    context, page = _phone(browser, live_server)
    log_in(page, coordinator.username)
    today = timezone.localdate()
    page.goto("/monitor/")
    page.get_by_role("combobox", name=re.compile("^Programma")).select_option(label=programme.name)
    page.get_by_label("Van").fill((today - dt.timedelta(days=7)).isoformat())
    page.get_by_label("Tot en met").fill(today.isoformat())
    page.get_by_role("button", name="Toon factsheet").click()
    expect(page.get_by_role("heading", name=f"Factsheet {programme.name}")).to_be_visible()
    expect(page.locator("#fs-signals-count")).to_have_text("1")
    context.close()
