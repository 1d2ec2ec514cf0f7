"""``grip.bulk.insert`` with rows as tuples of named columns (the import's largest tables)."""

from __future__ import annotations

import pytest
from django.db import connection

from grip.bulk import among_pairs, insert
from grip.intake.models import Incident
from grip.monitor.facts import StaleFact
from grip.people.models import Person
from grip.vocab.models import Term, Vocabulary
from tests.factories import IncidentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_tuples_in_any_column_order(hotspot) -> None:  # type: ignore[no-untyped-def]
    person, programme = PersonFactory(), hotspot
    through = Person.programmes.through
    insert(through, [(programme.pk, person.pk)], columns=("programme_id", "person_id"))
    assert list(through.objects.values_list("person_id", "programme_id")) == [
        (person.pk, programme.pk)
    ]


def test_tuples_of_one_column_and_ids_in_order() -> None:
    ids = insert(StaleFact, [(7,), (8,), (9,)], columns=("response_id",), returning_ids=True)
    assert [StaleFact.objects.get(pk=pk).response_id for pk in ids] == [7, 8, 9]


def test_missing_columns_get_their_defaults() -> None:
    (pk,) = insert(Person, [("P-TEST-0001",)], columns=("display_key",), returning_ids=True)
    person = Person.objects.get(pk=pk)
    assert person.merged_into_id is None
    assert person.created_at is not None  # auto_now_add: the time of the insert
    assert person.display_key == "P-TEST-0001"


def test_among_pairs_finds_the_pairs(reference) -> None:  # type: ignore[no-untyped-def]
    e33, i28 = (
        Term.objects.get(vocabulary=Vocabulary.INCIDENT_CODE, code=c) for c in ("E33", "I28")
    )
    for kind, number in ((e33, "1"), (i28, "1"), (e33, "2")):
        IncidentFactory(kind=kind, number=number)
    wanted = {(e33.pk, "1"), (i28.pk, "2")}
    found = set(
        Incident.objects.filter(among_pairs(Incident, ("kind", "number"), wanted)).values_list(
            "kind_id", "number"
        )
    )
    if connection.vendor == "postgresql":  # the pairs themselves
        assert found == {(e33.pk, "1")}
    else:  # each field among the pairs' values: the caller keeps its own pairs
        assert found & wanted == {(e33.pk, "1")}
