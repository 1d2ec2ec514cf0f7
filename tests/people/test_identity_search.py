"""Finding a person by identity: exact pseudonym match, only for identity roles, logged with
its purpose, behind a fresh second factor."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from grip.access.models import AccessEvent
from grip.people.identity.records import Identity
from grip.people.identity.search import find_by_identity
from tests.factories import PersonFactory
from tests.people.synthetic import store_identity, synthetic_bsn
from tests.personas import logged_in_client

pytestmark = pytest.mark.django_db

BORN = dt.date(1980, 5, 6)


def test_found_by_bsn_or_by_name_and_date_of_birth_exactly(persona, hotspot) -> None:
    officer = persona("police_officer")
    with_bsn = PersonFactory(programmes=[hotspot])
    store_identity(with_bsn, Identity("Synthetische Zoeker", BORN, synthetic_bsn(71), ""))
    without = PersonFactory(programmes=[hotspot])
    store_identity(without, Identity("Andere Zoeker", BORN, "", ""))
    assert find_by_identity(officer, purpose="Melding A", bsn=synthetic_bsn(71),
                            date_of_birth=None) == [with_bsn]  # fmt: skip
    # By name and date: also the person recorded with a BSN; spelling is normalised.
    assert find_by_identity(officer, purpose="Melding A", name="synthetische  ZOEKER",
                            date_of_birth=BORN) == [with_bsn]  # fmt: skip
    assert find_by_identity(officer, purpose="Melding B", name="Andere Zoeker",
                            date_of_birth=BORN) == [without]  # fmt: skip
    # A day off is no exact match.
    assert find_by_identity(officer, purpose="Melding C", name="Andere Zoeker",
                            date_of_birth=BORN + dt.timedelta(days=1)) == []  # fmt: skip
    logged = AccessEvent.objects.filter(purpose__startswith="people:identity-search: Melding")
    assert logged.filter(person_key=with_bsn.display_key).count() == 2
    assert logged.filter(person_key="").count() == 4  # every search, also the empty one


def test_a_purpose_and_the_identity_right_are_required(persona, hotspot) -> None:
    with pytest.raises(ValidationError):
        find_by_identity(persona("police_officer"), purpose=" ", bsn=synthetic_bsn(72),
                         date_of_birth=None)  # fmt: skip
    with pytest.raises(PermissionDenied):
        find_by_identity(persona("analyst"), purpose="x", bsn=synthetic_bsn(72),
                         date_of_birth=None)  # fmt: skip
    person = PersonFactory(programmes=[hotspot])
    store_identity(person, Identity("Buiten Bereik", BORN, synthetic_bsn(73), ""))
    # The outsider may see identity in its own programme only: the Hotspot's person is not found.
    assert find_by_identity(persona("outsider"), purpose="x", bsn=synthetic_bsn(73),
                            date_of_birth=None) == []  # fmt: skip


def test_the_screen_asks_for_the_purpose(client_for, hotspot) -> None:
    client = client_for("police_officer")
    url = reverse("people:identity_search")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"bsn": synthetic_bsn(74)})
    assert refused.status_code == 400
    assert "Dit veld is verplicht" in refused.content.decode()
    assert client.post(url, {"bsn": synthetic_bsn(74), "purpose": "Melding D"}).status_code == 200


def test_a_stale_second_factor_searches_nothing(persona, hotspot) -> None:
    start = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)
    url = reverse("people:identity_search")
    with time_machine.travel(start, tick=False):
        client = logged_in_client(persona("police_officer"))
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        asked = client.post(url, {"bsn": synthetic_bsn(75), "purpose": "Melding E"})
        assert asked.status_code == 302
        assert reverse("mfa_reauthenticate") in asked["Location"]
    assert not AccessEvent.objects.filter(purpose__endswith="Melding E").exists()
