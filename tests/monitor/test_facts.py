"""The factsheet's facts follow every write path (triggers), and refreshing costs little.

The figures themselves are checked by hand elsewhere (``test_indicators*``,
``test_generated_year``); here: after each kind of change, the next factsheet counts it.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from grip.followup import actions as followup
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.intake.models import Incident
from grip.monitor import refresh, triggers
from grip.monitor.facts import CodeFact, ResponseFact, StaleFact
from grip.monitor.indicators import factsheet
from grip.network.models import Organisation, Programme
from grip.people.recurrence import Scope
from grip.triage.models import Response
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import term
from tests.triage.test_exchange_helpers import HOTSPOT, a_row, csv_bytes, run_import
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def march(programme: Programme) -> dict:
    return factsheet(Scope(programme, *MARCH))


def registered(persona, hotspot, n: int = 1) -> list[Response]:  # type: ignore[no-untyped-def]
    nurse = persona("triage_nurse")
    return [
        a_response(
            nurse,
            IncidentFactory(reported_at=DAY, person=PersonFactory(programmes=[hotspot])),
            arrived_at=DAY,
            departed_at=DAY + dt.timedelta(minutes=50),
            police_officers=2,
            risks=[term("risk", "verbal_aggression")],
        )
        for index in range(n)
    ]


@pytest.fixture
def response(persona, hotspot) -> Response:  # type: ignore[no-untyped-def]
    (created,) = registered(persona, hotspot)
    march(hotspot)  # its facts are current from here on
    assert not StaleFact.objects.exists()
    return created


def test_every_trigger_is_installed() -> None:
    assert set(triggers.names()) <= triggers.installed(connection)


def test_a_new_response_is_counted_with_its_minutes(response, hotspot) -> None:
    figures = march(hotspot)
    assert figures["situations"] == 1
    assert figures["police_minutes"] == {"total": 100, "median": 100.0, "responses_measured": 1}
    assert figures["on_site_minutes"]["median"] == 50.0


def test_an_update_that_bypasses_the_models_is_counted(response, hotspot) -> None:
    Response.objects.filter(pk=response.pk).update(ave_on_arrival=1, police_officers=None)
    figures = march(hotspot)
    assert figures["ave_levels"]["1"]["count"] == 1
    assert figures["police_minutes"]["responses_measured"] == 0


def test_codes_added_and_removed_are_counted(response, hotspot) -> None:
    response.risks.set([term("risk", "weapon"), term("risk", "psychosis")])
    assert {top["code"] for top in march(hotspot)["top_risks"]} == {"weapon", "psychosis"}
    response.risks.clear()
    assert march(hotspot)["top_risks"] == []


def test_a_trajectory_opened_changed_and_removed_is_counted(persona, response, hotspot) -> None:
    trajectory = followup.open_trajectory(
        persona("coordinator"),
        programme=hotspot,
        person=response.incident.person,
        response=response,
        incident=response.incident,
    )
    assert march(hotspot)["follow_up"]["responses_with_trajectory"] == 1
    Trajectory.objects.filter(pk=trajectory.pk).update(
        status=TrajectoryStatus.CLOSED,
        case_organisation=Organisation.objects.first(),
        first_care_contact_at=DAY + dt.timedelta(days=2),
    )
    follow_up = march(hotspot)["follow_up"]
    assert (follow_up["closed"], follow_up["with_direction_holder"]) == (1, 1)
    assert follow_up["time_to_care"] == {"median_days": 2.0, "trajectories_measured": 1}
    Trajectory.objects.filter(pk=trajectory.pk).delete()
    assert march(hotspot)["follow_up"]["responses_with_trajectory"] == 0


def test_moving_the_incident_moves_its_response(response, hotspot) -> None:
    Incident.objects.filter(pk=response.incident_id).update(reported_at=DAY + dt.timedelta(40))
    assert march(hotspot)["situations"] == 0
    april = factsheet(Scope(hotspot, dt.date(2026, 4, 1), dt.date(2026, 4, 30)))
    assert april["situations"] == 1
    assert april["top_risks"][0]["count"] == 1


def test_unlinking_the_person_makes_the_person_unknown(response, hotspot) -> None:
    Incident.objects.filter(pk=response.incident_id).update(person=None)
    persons = march(hotspot)["persons"]
    assert (persons["distinct"], persons["unknown"]["count"]) == (0, 1)


def test_a_deleted_response_is_no_longer_counted(response, hotspot) -> None:
    Response.objects.filter(pk=response.pk).delete()
    assert march(hotspot)["situations"] == 0
    assert not ResponseFact.objects.exists()
    assert not CodeFact.objects.exists()


def test_an_imported_file_is_counted(reference) -> None:
    rows = [a_row(incident_number=f"T-{n}", person_key=f"K{n:06}") for n in range(3)]
    assert run_import(csv_bytes(rows)).created == 3
    hotspot = Programme.objects.get(slug=HOTSPOT)
    figures = factsheet(Scope(hotspot, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    assert figures["situations"] == 3
    assert figures["follow_up"]["responses_with_trajectory"] == 3
    assert (figures["top_bottlenecks"][0]["code"], figures["top_bottlenecks"][0]["count"]) == (
        "no_bed",
        3,
    )


def test_refreshing_costs_the_same_for_few_and_many(persona, hotspot) -> None:
    def queries_to_refresh(n: int) -> int:
        registered(persona, hotspot, n)
        with CaptureQueriesContext(connection) as context:
            refresh.refresh_facts()
        return len(context.captured_queries)

    assert queries_to_refresh(2) == queries_to_refresh(20)


def test_many_marks_are_handled_in_rounds(persona, hotspot, monkeypatch) -> None:
    monkeypatch.setattr(refresh, "CHUNK", 3)
    registered(persona, hotspot, 7)
    assert StaleFact.objects.count() > 3
    assert march(hotspot)["situations"] == 7
    assert not StaleFact.objects.exists()


def test_a_change_made_while_refreshing_is_not_lost(response, hotspot, monkeypatch) -> None:
    # The refresh deletes the marks it read, by id: a mark written after it read them (here:
    # an edit while it recomputes) stays, and is handled before the figures are counted.
    original, edited = refresh._recompute, []

    def recompute_while_someone_edits() -> None:
        original()
        if not edited:
            Response.objects.filter(pk=response.pk).update(ave_on_arrival=2)
            edited.append(True)

    Response.objects.filter(pk=response.pk).update(ave_on_arrival=1)
    monkeypatch.setattr(refresh, "_recompute", recompute_while_someone_edits)
    assert march(hotspot)["ave_levels"]["2"]["count"] == 1


def test_a_missing_trigger_is_put_back_and_every_fact_rebuilt(response, hotspot) -> None:
    with connection.cursor() as cursor:
        on = " ON triage_response" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER {triggers.PREFIX}response_upd{on}")
    Response.objects.filter(pk=response.pk).update(ave_on_arrival=4)  # unseen
    assert march(hotspot)["ave_levels"]["4"]["count"] == 0
    assert triggers.install(connection) is True
    assert set(triggers.names()) <= triggers.installed(connection)
    assert march(hotspot)["ave_levels"]["4"]["count"] == 1
    assert triggers.install(connection) is False


def test_the_command_refreshes_now(response, persona, hotspot) -> None:
    Response.objects.filter(pk=response.pk).update(ave_on_arrival=4)
    out = StringIO()
    call_command("refresh_facts", stdout=out)
    assert "Bijgewerkt: 1 " in out.getvalue()
    assert ResponseFact.objects.get(pk=response.pk).ave_on_arrival == 4


def test_an_import_batch_marks_each_written_response_and_keeps_the_triggers(reference) -> None:
    rows = [a_row(incident_number=f"T-{n}", person_key=f"K{n:06}") for n in range(3)]
    assert run_import(csv_bytes(rows)).created == 3
    assert set(triggers.names()) <= triggers.installed(connection)
    marked = list(StaleFact.objects.values_list("response_id", flat=True))
    assert set(marked) == set(Response.objects.values_list("pk", flat=True))
    if connection.vendor == "sqlite":  # marked once each by the batch, not by every row trigger
        assert len(marked) == 3


def test_an_import_batch_that_fails_leaves_the_triggers_in_place(reference, monkeypatch) -> None:
    from grip.triage.exchange import writes

    def fail(_writes: object) -> None:
        raise RuntimeError("halfway through the batch")

    monkeypatch.setattr(writes, "_save_code_lists", fail)
    with pytest.raises(RuntimeError):
        run_import(csv_bytes([a_row()]))
    assert set(triggers.names()) <= triggers.installed(connection)
    assert not Response.objects.exists()
    monkeypatch.undo()
    assert run_import(csv_bytes([a_row()])).created == 1
    StaleFact.objects.all().delete()
    Response.objects.update(ave_on_arrival=1)  # the triggers see it again
    assert StaleFact.objects.count() == 1


def test_a_failed_batch_leaves_nothing_to_put_back(reference) -> None:
    saved = transaction.savepoint()
    triggers.set_aside_for_batch()  # SQLite: dropped (PostgreSQL: nothing to do)
    transaction.savepoint_rollback(saved)  # the batch failed: its rollback put them back
    wrapper = connections[DEFAULT_DB_ALIAS]
    wrapper.in_atomic_block = False
    try:
        triggers.set_aside_for_batch()  # a later batch outside a transaction: nothing aside
    finally:
        wrapper.in_atomic_block = True
    triggers.mark_batch(response_ids=[])  # so nothing is created a second time
    assert set(triggers.names()) <= triggers.installed(connection)
