"""Merging two persons and undoing it: exactly the moved rows, in bulk, recorded."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from grip.access.models import AccessEvent
from grip.followup.models import Trajectory
from grip.intake.models import Incident
from grip.network.models import Programme
from grip.people import linking
from grip.people.models import (
    MatchReason,
    MatchStatus,
    MatchSuggestion,
    Person,
    PersonIdentity,
    PersonMerge,
    SourceKey,
)
from tests.factories import IncidentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wijk(reference) -> Programme:
    return Programme.objects.get(slug="wijk-ggd")


def _suggest(first: Person, second: Person) -> MatchSuggestion:
    low, high = sorted((first, second), key=lambda person: person.pk)
    return MatchSuggestion.objects.create(
        person_a=low, person_b=high, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )


@pytest.fixture
def case(hotspot, wijk):
    """A survivor with one incident; an absorbed person with incidents in two programmes, a
    trajectory and a source key."""
    survivor = PersonFactory(programmes=[hotspot])
    absorbed = PersonFactory(programmes=[hotspot, wijk])
    own = IncidentFactory(person=survivor)
    moved = [IncidentFactory(person=absorbed) for _i in range(3)]
    moved.append(IncidentFactory(person=absorbed, programme=wijk))
    trajectory = Trajectory.objects.create(programme=hotspot, person=absorbed)
    source_key = SourceKey.objects.create(programme=hotspot, key="SRC-1", person=absorbed)
    return {
        "survivor": survivor,
        "absorbed": absorbed,
        "own": own,
        "moved": moved,
        "trajectory": trajectory,
        "source_key": source_key,
        "suggestion": _suggest(survivor, absorbed),
    }


def _merge(actor, case) -> PersonMerge:
    return linking.merge(
        actor, case["suggestion"], survivor=case["survivor"], reason="Zelfde persoon, BSN-typfout."
    )


def _pks(queryset: models.QuerySet) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_merge_moves_every_row_and_keeps_the_absorbed_person(persona, case, hotspot, wijk):
    coordinator = persona("coordinator")
    survivor, absorbed = case["survivor"], case["absorbed"]
    done = _merge(coordinator, case)

    moved_pks = {incident.pk for incident in case["moved"]}
    assert _pks(Incident.objects.filter(person=survivor)) == moved_pks | {case["own"].pk}
    assert not Incident.objects.filter(person=absorbed).exists()
    assert Trajectory.objects.get(pk=case["trajectory"].pk).person == survivor
    assert SourceKey.objects.get(pk=case["source_key"].pk).person == survivor
    assert set(survivor.programmes.all()) == {hotspot, wijk}
    absorbed.refresh_from_db()  # never deleted: its key still leads somewhere
    assert absorbed.merged_into == survivor
    assert not absorbed.programmes.exists()

    assert done.merged_by == coordinator
    assert done.reason == "Zelfde persoon, BSN-typfout."
    assert done.moved == {
        "rows": [
            {"model": "people.sourcekey", "field": "person", "pks": [case["source_key"].pk]},
            {"model": "intake.incident", "field": "person", "pks": sorted(moved_pks)},
            {"model": "followup.trajectory", "field": "person", "pks": [case["trajectory"].pk]},
        ],
        "programmes_added": [wijk.pk],
        "programmes_removed": sorted([hotspot.pk, wijk.pk]),
    }
    case["suggestion"].refresh_from_db()
    assert case["suggestion"].status == MatchStatus.MERGED
    events = AccessEvent.objects.filter(purpose="people:merge")
    assert {event.person_key for event in events} == {survivor.display_key, absorbed.display_key}
    assert {event.programme for event in events} == {hotspot.slug}


def test_merge_moves_rows_in_bulk(persona, case):
    IncidentFactory.create_batch(10, person=case["absorbed"])
    with CaptureQueriesContext(connection) as queries:
        _merge(persona("coordinator"), case)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    incident_updates = [sql for sql in updates if '"intake_incident"' in sql]
    assert len(incident_updates) == 1  # one statement for fourteen rows
    assert Incident.objects.filter(person=case["survivor"]).count() == 15


def test_undo_gives_back_exactly_what_moved(persona, case, hotspot, wijk):
    coordinator = persona("coordinator")
    survivor, absorbed = case["survivor"], case["absorbed"]
    done = _merge(coordinator, case)
    # After the merge: a new incident for the survivor, and one moved incident corrected to
    # someone else. Neither is the undo's to touch.
    later = IncidentFactory(person=survivor)
    third = PersonFactory(programmes=[hotspot])
    corrected = case["moved"][0]
    Incident.objects.filter(pk=corrected.pk).update(person=third)

    undone = linking.undo_merge(coordinator, done, reason="Toch twee verschillende mensen.")

    back = {incident.pk for incident in case["moved"][1:]}
    assert _pks(Incident.objects.filter(person=absorbed)) == back
    assert _pks(Incident.objects.filter(person=survivor)) == {case["own"].pk, later.pk}
    assert Incident.objects.get(pk=corrected.pk).person == third
    assert Trajectory.objects.get(pk=case["trajectory"].pk).person == absorbed
    assert SourceKey.objects.get(pk=case["source_key"].pk).person == absorbed
    assert set(absorbed.programmes.all()) == {hotspot, wijk}
    assert set(survivor.programmes.all()) == {hotspot}  # Wijk-GGD came with the merge only
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None

    assert undone.undone_by == coordinator
    assert undone.undo_reason == "Toch twee verschillende mensen."
    assert undone.undone_at is not None
    incident_entry = next(
        entry for entry in undone.restored["rows"] if entry["model"] == "intake.incident"
    )
    assert incident_entry["stayed"] == [corrected.pk]
    case["suggestion"].refresh_from_db()
    assert case["suggestion"].status == MatchStatus.OPEN  # to be decided again
    events = AccessEvent.objects.filter(purpose="people:undo-merge")
    assert {event.person_key for event in events} == {survivor.display_key, absorbed.display_key}


def test_undo_keeps_a_programme_the_survivor_has_records_in_since(persona, case, hotspot, wijk):
    coordinator = persona("coordinator")
    done = _merge(coordinator, case)
    IncidentFactory(person=case["survivor"], programme=wijk)
    linking.undo_merge(coordinator, done, reason="Onjuist.")
    assert set(case["survivor"].programmes.all()) == {hotspot, wijk}
    assert done.pk == PersonMerge.objects.get().pk


def test_undo_twice_is_refused(persona, case):
    coordinator = persona("coordinator")
    done = _merge(coordinator, case)
    linking.undo_merge(coordinator, done, reason="Onjuist.")
    with pytest.raises(ValidationError, match="al ongedaan gemaakt"):
        linking.undo_merge(coordinator, done, reason="Nog eens.")


def test_a_decided_suggestion_cannot_be_merged(persona, case):
    coordinator = persona("coordinator")
    linking.keep_apart(coordinator, case["suggestion"], reason="Andere moeder.")
    with pytest.raises(ValidationError, match="al besloten"):
        _merge(coordinator, case)
    assert not PersonMerge.objects.exists()


def test_a_reason_is_required(persona, case):
    with pytest.raises(ValidationError) as caught:
        linking.merge(
            persona("coordinator"), case["suggestion"], survivor=case["survivor"], reason=" "
        )
    assert "reason" in caught.value.message_dict
    assert not PersonMerge.objects.exists()


def test_undo_of_an_earlier_merge_waits_for_the_later_one(persona, case, hotspot):
    coordinator = persona("coordinator")
    first = _merge(coordinator, case)
    newest = PersonFactory(programmes=[hotspot])
    later = linking.merge(
        coordinator, _suggest(case["survivor"], newest), survivor=newest, reason="Ook dezelfde."
    )
    with pytest.raises(ValidationError, match="eerst ongedaan"):
        linking.undo_merge(coordinator, first, reason="Onjuist.")
    linking.undo_merge(coordinator, later, reason="Onjuist.")
    linking.undo_merge(coordinator, first, reason="Ook onjuist.")
    assert _pks(Incident.objects.filter(person=case["absorbed"])) == {
        incident.pk for incident in case["moved"]
    }


def test_keep_apart_is_recorded(persona, case):
    coordinator = persona("coordinator")
    suggestion = linking.keep_apart(coordinator, case["suggestion"], reason="Tweelingbroer.")
    suggestion.refresh_from_db()
    assert suggestion.status == MatchStatus.KEPT_APART
    assert suggestion.decided_by == coordinator
    assert suggestion.decision_reason == "Tweelingbroer."
    assert AccessEvent.objects.filter(purpose="people:keep-apart").count() == 2
    assert Incident.objects.filter(person=case["absorbed"]).count() == 4  # nothing moved


@pytest.mark.parametrize("name", ["police_officer", "triage_nurse", "analyst", "outsider"])
def test_only_coordinators_of_both_persons_decide(persona, case, name):
    with pytest.raises(PermissionDenied):
        _merge(persona(name), case)
    with pytest.raises(PermissionDenied):
        linking.keep_apart(persona(name), case["suggestion"], reason="Nee.")
    assert case["absorbed"].incidents.count() == 4


def test_a_person_outside_the_coordinators_programmes_blocks_the_merge(persona, hotspot, wijk):
    here = PersonFactory(programmes=[hotspot])
    there = PersonFactory(programmes=[wijk])
    with pytest.raises(PermissionDenied):
        linking.merge(persona("coordinator"), _suggest(here, there), survivor=here, reason="Ja.")


def test_every_foreign_key_to_person_is_moved_or_deliberately_not():
    moved = {(model, field) for model, field in linking.movable_relations()}
    deliberately_not = {PersonIdentity, MatchSuggestion, PersonMerge, Person}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not (field.concrete and field.is_relation and field.related_model is Person):
                continue
            if field.many_to_many or model in deliberately_not:
                continue
            if model is Person.programmes.through:
                continue  # memberships are moved on their own
            assert (model, field.name) in moved, f"{model._meta.label}.{field.name}"
