"""The one-time link: single use, expiry, rate limit, nothing shown, nothing else opened,
answers on the right person."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.experience import actions
from grip.experience.models import AnswerLink, Channel, ExperienceAnswer, Moment
from tests.experience.helpers import held_trajectory, person_answers
from tests.followup.helpers import a_trajectory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trajectory(persona, hotspot):  # type: ignore[no-untyped-def]
    return held_trajectory(persona, hotspot)


def _link(persona, trajectory, respondent: str = "person") -> tuple[AnswerLink, str]:  # type: ignore[no-untyped-def]
    return actions.create_link(
        persona("followup_worker"), trajectory, moment=Moment.START, respondent=respondent
    )


def _url(token: str) -> str:
    return reverse("experience_answer", kwargs={"token": token})


def test_the_token_is_random_and_only_its_hash_is_kept(persona, trajectory) -> None:
    link, token = _link(persona, trajectory)
    assert len(token) >= 40
    assert link.token_hash == actions.hash_token(token) != token
    assert not AnswerLink.objects.filter(token_hash=token).exists()
    # The link carries no person data: nothing of the key, the programme or the ids.
    url = _url(token)
    for secret in (trajectory.person.display_key, str(trajectory.pk), trajectory.programme.slug):
        assert secret not in url.replace(token, "")


def test_answering_without_login_stores_on_the_right_person_once(persona, trajectory) -> None:
    other = a_trajectory(persona("coordinator"), trajectory.programme)
    _link_row, token = _link(persona, trajectory)
    anonymous = Client()
    page = anonymous.get(_url(token))
    assert page.status_code == 200
    html = page.content.decode()
    # Nothing but the questions: no key, no programme, no worker, no navigation.
    for shown in (
        trajectory.person.display_key,
        trajectory.programme.name,
        persona("followup_worker").username,
        "Uitloggen",
        "Toegangslog",
    ):
        assert shown not in html, shown
    # No link anywhere but the stylesheet.
    assert html.count("href=") == 1
    assert 'rel="stylesheet"' in html
    assert "Ik heb weinig controle" in html
    assert page["Referrer-Policy"] == "same-origin"

    sent = anonymous.post(_url(token), person_answers())
    assert sent.status_code == 200
    assert "Dank u wel" in sent.content.decode()
    answer = ExperienceAnswer.objects.get()
    assert answer.person == trajectory.person != other.person
    assert answer.trajectory == trajectory
    assert answer.channel == Channel.LINK
    assert answer.mastery_score == 18
    assert answer.safety_home == 7
    assert AccessEvent.objects.filter(
        purpose="experience:answers-by-link", person_key=trajectory.person.display_key,
        user__isnull=True, responsible_user=persona("followup_worker"),
    ).exists()  # fmt: skip

    # Single use: the same link again is gone, GET and POST alike, and stores nothing.
    assert anonymous.get(_url(token)).status_code == 404
    assert anonymous.post(_url(token), person_answers()).status_code == 404
    assert ExperienceAnswer.objects.count() == 1


def test_declining_is_an_answer_of_its_own(persona, trajectory) -> None:
    _link_row, token = _link(persona, trajectory)
    Client().post(_url(token), {"status": "declined"})
    answer = ExperienceAnswer.objects.get()
    assert answer.status == "declined"
    assert answer.mastery_score is None


def test_an_empty_form_loses_nothing_and_says_why(persona, trajectory) -> None:
    _link_row, token = _link(persona, trajectory)
    page = Client().post(
        _url(token), {"status": "answered", "mastery_1": "2"} | {"safety_home": "11"}
    )
    assert page.status_code == 400
    assert "mastery_1" in page.content.decode()
    assert ExperienceAnswer.objects.count() == 0
    assert Client().get(_url(token)).status_code == 200  # still usable


def test_the_link_expires_after_fourteen_days(persona, trajectory) -> None:
    _link_row, token = _link(persona, trajectory)
    with time_machine.travel(timezone.now() + dt.timedelta(days=13, hours=23)):
        assert Client().get(_url(token)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=14, minutes=1)):
        assert Client().get(_url(token)).status_code == 404
        assert Client().post(_url(token), person_answers()).status_code == 404
    assert ExperienceAnswer.objects.count() == 0


def test_unknown_tokens_look_the_same_as_used_ones(persona, trajectory) -> None:
    page = Client().get(_url("not-a-real-token"))
    assert page.status_code == 404
    assert "werkt niet" in page.content.decode()


def test_requests_are_rate_limited(persona, trajectory, settings) -> None:
    settings.GRIP_EXPERIENCE_LINK_RATE = 3
    _link_row, token = _link(persona, trajectory)
    anonymous = Client()
    for _attempt in range(3):
        assert anonymous.get(_url("guess")).status_code == 404
    # Over the limit: even the real token waits.
    assert anonymous.get(_url(token)).status_code == 429
    assert anonymous.post(_url(token), person_answers()).status_code == 429
    assert ExperienceAnswer.objects.count() == 0


def test_the_link_opens_nothing_else(persona, trajectory) -> None:
    _link_row, token = _link(persona, trajectory)
    anonymous = Client()
    anonymous.post(_url(token), person_answers())
    for name, kwargs in (
        ("experience:overview", {"kind": "traject", "pk": trajectory.pk}),
        ("followup:trajectory_detail", {"pk": trajectory.pk}),
        ("experience:stories", {}),
    ):
        page = anonymous.get(reverse(name, kwargs=kwargs))
        assert page.status_code == 302, name
        assert "/inloggen/" in page["Location"], name


def test_a_relative_gets_only_the_surroundings_question(persona, trajectory) -> None:
    _link_row, token = _link(persona, trajectory, respondent="relative")
    page = Client().get(_url(token)).content.decode()
    assert "naaste" in page
    assert "Ik heb weinig controle" not in page
    Client().post(_url(token), {"status": "answered", "safety_surroundings": "4"})
    answer = ExperienceAnswer.objects.get()
    assert answer.respondent == "relative"
    assert answer.safety_surroundings == 4
    assert answer.person == trajectory.person
    assert answer.mastery_score is None


def test_only_who_works_on_it_makes_a_link(persona, trajectory, client_for) -> None:
    data = {"moment": "start", "respondent": "person"}
    url = reverse("experience:link", kwargs={"kind": "traject", "pk": trajectory.pk})
    assert client_for("police_officer").post(url, data).status_code == 403
    assert client_for("triage_nurse").post(url, data).status_code == 404
    made = client_for("followup_worker").post(url, data)
    assert made.status_code == 200
    assert "<svg" in made.content.decode()
    assert AnswerLink.objects.count() == 1
