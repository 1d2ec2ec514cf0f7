"""On a phone: the worker makes a one-time link on the trajectory, and the person answers
alone, without logging in, by tapping chips; the answers land on the person's key once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from grip.demo.users import ensure_demo_users
from grip.experience.models import AnswerLink, ExperienceAnswer
from grip.followup.models import Task
from grip.network.models import Organisation, Programme
from tests.browser.login import log_in
from tests.factories import PersonFactory
from tests.followup.helpers import a_trajectory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_person_answers_alone_on_a_phone(browser, live_server, reference) -> None:
    users = ensure_demo_users()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    person = PersonFactory(programmes=[hotspot])
    trajectory = a_trajectory(
        users["coordinator"], hotspot, person=person,
        case_organisation=Organisation.objects.get(slug="wij-groningen"),
    )  # fmt: skip
    Task.objects.create(
        trajectory=trajectory, title="Bellen", owner=users["opvolger"],
        due_on=timezone.localdate() + dt.timedelta(days=3), created_by=users["coordinator"],
    )  # fmt: skip

    # The worker, on a phone, makes a link for the start.
    worker = browser.new_context(locale="nl-NL", base_url=live_server.url, **PHONE)
    page = worker.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "opvolger")
    page.goto(f"/opvolging/{trajectory.pk}/")
    page.get_by_role(
        "link", name="Ervaren regie en veiligheid, naasten en ervaringsverhalen"
    ).click()
    expect(
        page.get_by_role("heading", name="Ervaren regie en veiligheid", exact=True)
    ).to_be_visible()
    page.get_by_label("bij de start").check()
    page.get_by_role("button", name="Maak link").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    url = page.locator("a.link-token").inner_text()
    assert AnswerLink.objects.count() == 1
    worker.close()

    # The person, on their own phone, without an account.
    own = browser.new_context(locale="nl-NL", **PHONE)
    phone = own.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(url)
    expect(
        phone.get_by_role("heading", name="Een paar vragen over hoe het met u gaat")
    ).to_be_visible()
    assert person.display_key not in phone.content()
    # Nothing sticks out sideways on a narrow screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("Ja, ik vul de vragen in").check()
    # Tap the chips (the labels around the radios): 2 "mee eens", 4 "mee oneens", …
    for number, value in enumerate((2, 4, 3, 5, 2), 1):
        phone.locator(f'label:has(input[name="mastery_{number}"][value="{value}"])').tap()
    phone.locator('label:has(input[name="safety_home"][value="7"])').tap()
    phone.locator('label:has(input[name="safety_neighbourhood"][value="6"])').tap()
    phone.get_by_role("button", name="Verstuur").tap()
    expect(phone.get_by_role("heading", name="Dank u wel")).to_be_visible()

    answer = ExperienceAnswer.objects.get()
    assert answer.person == person
    assert answer.trajectory == trajectory
    assert answer.items == [2, 4, 3, 5, 2]
    assert answer.mastery_score == 18
    assert (answer.safety_home, answer.safety_neighbourhood) == (7, 6)

    # The link is used up.
    phone.goto(url)
    expect(phone.get_by_role("heading", name="Deze link werkt niet (meer)")).to_be_visible()
    own.close()
