"""``grip.bulk.insert`` with rows as tuples of named columns (the import's largest tables)."""

from __future__ import annotations

import pytest

from grip.bulk import insert
from grip.monitor.facts import StaleFact
from grip.people.models import Person
from tests.factories import PersonFactory

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
