"""The coordinator's screen for a programme's signalling settings: who, what, conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction
from grip.network.models import Organisation, Programme, Role
from grip.signalling.models import SignallingSettings
from grip.signalling.settings_actions import save_settings
from grip.vocab.models import Term, Vocabulary
from tests.personas import logged_in_client
from tests.signalling.helpers import member, worker

pytestmark = pytest.mark.django_db
VS = "groninger-vroegsignalering"
URL = reverse("signalling:settings", args=[VS])


@pytest.fixture
def coordinator(reference):  # type: ignore[no-untyped-def]
    return member("coordinator-vs", Role.COORDINATOR, "gemeente-groningen", VS)


def _form(**changes: Any) -> dict[str, Any]:
    sources = Term.objects.filter(
        vocabulary=Vocabulary.SIGNAL_SOURCE, code__in=["police_i28", "gp"]
    )
    data: dict[str, Any] = {
        "pickup_working_days": "3",
        "default_organisation": str(Organisation.objects.get(slug="oggz-groningen").pk),
        "sources": [str(term.pk) for term in sources],
        "factsheet_parts": "signals",
        "version": "1",
    }
    data.update(changes)
    return data


def test_coordinator_saves_every_setting_and_it_is_logged(coordinator) -> None:
    client = logged_in_client(coordinator)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Oppaktermijn in werkdagen" in page.content.decode()
    response = client.post(URL, _form())
    assert response.status_code == 302
    saved = SignallingSettings.objects.get(programme__slug=VS)
    assert saved.pickup_working_days == 3
    assert saved.default_organisation.slug == "oggz-groningen"
    assert sorted(saved.sources.values_list("code", flat=True)) == ["gp", "police_i28"]
    assert (saved.factsheet_parts, saved.version) == ("signals", 2)
    event = AccessEvent.objects.get(user=coordinator, action=AccessEventAction.UPDATE)
    assert event.purpose.startswith("signalling:settings term 5→3")
    assert "parts auto→signals" in event.purpose
    follow = client.get(URL)
    assert 'value="2"' in follow.content.decode()  # the version moved on


def test_a_stale_form_is_refused_with_409_and_the_input_kept(coordinator) -> None:
    client = logged_in_client(coordinator)
    assert client.post(URL, _form()).status_code == 302  # someone saved version 1 → 2
    response = client.post(URL, _form(pickup_working_days="8"))  # opened on version 1
    assert response.status_code == 409
    body = response.content.decode()
    assert "iemand anders heeft deze instellingen intussen gewijzigd" in body
    assert 'value="8"' in body
    assert 'name="version" value="2"' in body
    assert SignallingSettings.objects.get(programme__slug=VS).pickup_working_days == 3
    # Saving again, after seeing it, is a deliberate overwrite.
    assert client.post(URL, _form(pickup_working_days="8", version="2")).status_code == 302
    assert SignallingSettings.objects.get(programme__slug=VS).pickup_working_days == 8


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pickup_working_days", "0", "De termijn is minstens 1 werkdag."),
        ("pickup_working_days", "drie", "Vul een heel aantal werkdagen in"),
        ("pickup_working_days", "61", "De termijn is hoogstens 60 werkdagen."),
        ("factsheet_parts", "", "Kies welke delen de factsheet toont."),
    ],
)
def test_bad_input_says_what_is_wrong_in_dutch(
    coordinator, field: str, value: str, message: str
) -> None:
    response = logged_in_client(coordinator).post(URL, _form(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SignallingSettings.objects.filter(programme__slug=VS).exists()


def test_only_partners_can_be_the_default_organisation(coordinator) -> None:
    # Lentis is no partner of Vroegsignalering.
    lentis = Organisation.objects.get(slug="lentis")
    response = logged_in_client(coordinator).post(URL, _form(default_organisation=lentis.pk))
    assert response.status_code == 400
    assert "Kies een partner van dit programma." in response.content.decode()


def test_workers_may_not_and_others_do_not_find_it(coordinator) -> None:
    assert logged_in_client(worker(VS, "oggz")).get(URL).status_code == 403
    assert logged_in_client(worker("wijk-ggd", "ggd")).get(URL).status_code == 404
    elsewhere = member("coordinator-ggd", Role.COORDINATOR, "ggd-groningen", "wijk-ggd")
    assert logged_in_client(elsewhere).post(URL, _form()).status_code == 404
    assert not SignallingSettings.objects.exists()


def test_the_action_checks_the_right_itself(coordinator) -> None:
    programme = Programme.objects.get(slug=VS)
    with pytest.raises(PermissionDenied):
        save_settings(
            worker(VS, "oggz"), programme, pickup_working_days=4, default_organisation=None,
            sources=[], factsheet_parts="auto", version=1,
        )  # fmt: skip


def test_the_chosen_sources_are_what_the_screens_offer(coordinator) -> None:
    from grip.signalling.forms import offered_sources

    programme = Programme.objects.get(slug=VS)
    every = offered_sources(programme).count()
    assert logged_in_client(coordinator).post(URL, _form()).status_code == 302
    assert sorted(offered_sources(programme).values_list("code", flat=True)) == [
        "gp",
        "police_i28",
    ]
    # None ticked: every source again.
    assert (
        logged_in_client(coordinator).post(URL, _form(sources=[], version="2")).status_code == 302
    )
    assert offered_sources(programme).count() == every
