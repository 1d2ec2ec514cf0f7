"""The person's network and involved professionals: recorded, ended, need-to-know, and shown
first on the signal page's known network."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grip.people.network import NetworkEntry
from grip.people.network_actions import add_entry, end_entry
from grip.signalling.page import known_network
from tests.factories import PersonFactory
from tests.followup.helpers import org

pytestmark = pytest.mark.django_db


def _sister(persona, hotspot, person) -> NetworkEntry:
    return add_entry(
        persona("followup_worker"), person, programme=hotspot, kind="naaste",
        relationship="zus", name="Synthetische Zus", reach="Synthetisch: 06-00000000",
        consent_to_contact="yes",
    )  # fmt: skip


def test_an_entry_is_added_seen_by_need_to_know_and_ended(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    entry = _sister(persona, hotspot, person)
    assert list(NetworkEntry.objects.visible_to(persona("followup_worker"))) == [entry]
    assert not NetworkEntry.objects.visible_to(persona("police_officer")).exists()
    assert not NetworkEntry.objects.visible_to(persona("outsider")).exists()
    with pytest.raises(PermissionDenied):
        add_entry(persona("police_officer"), person, programme=hotspot, kind="naaste",
                  relationship="broer")  # fmt: skip
    end_entry(persona("followup_worker"), entry)
    assert not NetworkEntry.objects.filter(person=person).current().exists()
    assert NetworkEntry.objects.filter(pk=entry.pk).exists()  # ended, never deleted
    with pytest.raises(ValidationError):
        end_entry(persona("followup_worker"), entry)


def test_a_professional_needs_an_organisation_or_a_name(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    with pytest.raises(ValidationError):
        add_entry(persona("followup_worker"), person, programme=hotspot,
                  kind="professional", relationship="huisarts")  # fmt: skip
    add_entry(persona("followup_worker"), person, programme=hotspot, kind="professional",
              relationship="ambulant begeleider", organisation=org("lentis"))  # fmt: skip


def test_the_person_page_adds_and_shows_the_network(persona, hotspot, client_for) -> None:
    person = PersonFactory(programmes=[hotspot])
    client = client_for("followup_worker")
    url = reverse("people:network_add", args=[person.display_key])
    refused = client.post(url, {"programme": hotspot.pk, "kind": "naaste"})
    assert refused.status_code == 400
    assert "Dit veld is verplicht" in refused.content.decode()
    done = client.post(
        url,
        {"programme": hotspot.pk, "kind": "naaste", "relationship": "buurvrouw",
         "reach": "via de portiek", "consent_to_contact": "unknown"},
    )  # fmt: skip
    assert done.status_code == 302
    page = client.get(reverse("people:person_detail", args=[person.display_key])).content
    assert "buurvrouw" in page.decode()
    police = client_for("police_officer").get(
        reverse("people:person_detail", args=[person.display_key])
    )
    assert "buurvrouw" not in police.content.decode()


def test_the_signal_page_shows_the_recorded_network_first(persona, hotspot) -> None:
    from tests.access.world import _signals

    person = PersonFactory(programmes=[hotspot])
    entry = _sister(persona, hotspot, person)
    signal, _new = _signals(persona, hotspot, person)
    network = known_network(persona("followup_worker"), signal)
    assert network.entries == [entry]
    assert not network.is_empty
