"""Which persons the purge deletes: nothing refers to them and they have been quiet."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from grip.followup.models import Trajectory
from grip.intake.models import Incident
from grip.people.identity.actions import set_identity
from grip.people.models import Person, PersonIdentity, PersonMerge
from grip.retention.persons import referring_relations
from grip.retention.run import purge
from tests.factories import IncidentFactory, PersonFactory
from tests.people.synthetic import synthetic_bsn

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2023, 2, 1, 9, tzinfo=dt.UTC)
NOW = dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC)


def run() -> list[int]:
    """Purge at NOW; the ids of the persons it deleted."""
    before = set(Person.objects.values_list("pk", flat=True))
    with time_machine.travel(NOW, tick=False):
        purge(NOW)
    return sorted(before - set(Person.objects.values_list("pk", flat=True)))


def test_every_foreign_key_to_person_is_found_hidden_ones_too() -> None:
    found = referring_relations()
    assert (Incident, "person") in found
    assert (Trajectory, "person") in found
    # the person's own records go with the person and hold nobody
    assert not any(model in (PersonIdentity, PersonMerge) for model, _field in found)


def merged_pair(hotspot) -> tuple[Person, Person]:  # type: ignore[no-untyped-def]
    with time_machine.travel(LONG_AGO, tick=False):
        survivor = PersonFactory(programmes=[hotspot])
        absorbed = PersonFactory(programmes=[hotspot])
        PersonMerge.objects.create(survivor=survivor, absorbed=absorbed, reason="Zelfde persoon")
        Person.objects.filter(pk=absorbed.pk).update(merged_into=survivor)
    return survivor, absorbed


def test_a_merged_pair_goes_together_with_its_merge(hotspot) -> None:
    survivor, absorbed = merged_pair(hotspot)
    assert run() == sorted([survivor.pk, absorbed.pk])
    assert not PersonMerge.objects.exists()


def test_an_absorbed_person_with_records_holds_the_pair(hotspot) -> None:
    _survivor, absorbed = merged_pair(hotspot)
    IncidentFactory(person=absorbed, reported_at=NOW - dt.timedelta(days=30))
    assert run() == []
    assert PersonMerge.objects.count() == 1


def test_a_recent_identity_change_keeps_a_quiet_person(hotspot, persona) -> None:
    with time_machine.travel(LONG_AGO, tick=False):
        old = PersonFactory(programmes=[hotspot])
        forgotten = PersonFactory(programmes=[hotspot])
    with time_machine.travel(NOW - dt.timedelta(days=400), tick=False):
        set_identity(
            persona("coordinator"), old, name="Testpersoon Echo",
            date_of_birth=dt.date(1970, 5, 5), bsn=synthetic_bsn(5), address="",
        )  # fmt: skip
    assert run() == [forgotten.pk]


def test_a_recently_created_person_without_records_is_kept(hotspot) -> None:
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        PersonFactory(programmes=[hotspot])
    assert run() == []
