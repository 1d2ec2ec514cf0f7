"""``purge``: what expired is anonymised or deleted, with its log rows; the figures stay."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grip.access.models import AccessEvent, AccessEventAction, BreakGlass
from grip.followup.models import (
    Contact,
    NotificationLog,
    Task,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStatus,
)
from grip.intake.models import Incident
from grip.monitor.facts import ResponseFact, StaleFact
from grip.monitor.indicators import factsheet
from grip.people.models import Person, PersonIdentity, SourceKey
from grip.people.recurrence import Scope
from grip.retention.models import PurgedSituation, PurgedTrajectory
from grip.retention.run import PURGERS, purge
from grip.triage.models import Response, ResponseRevision
from tests.retention.world import MARCH_2026, NOW, YEAR_2026, build, response_of, snapshot

pytestmark = pytest.mark.django_db

NEXT_YEAR = dt.datetime(2032, 1, 2, 10, 0, tzinfo=dt.UTC)  # Delta's 2026 has run out too


@pytest.fixture
def world(persona, hotspot):  # type: ignore[no-untyped-def]
    return build(persona, hotspot)


def run(at: dt.datetime = NOW, *, dry_run: bool = False) -> str:
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("purge", *(["--dry-run"] if dry_run else []), stdout=out)
    return out.getvalue()


def test_expired_situations_lose_person_link_text_and_number(world) -> None:
    run()
    for incident in [*world.alfa_incidents, world.bravo_old, world.nobody_incident]:
        incident.refresh_from_db()
        assert incident.description == ""
        assert incident.number == f"purged-{incident.pk}"
        assert PurgedSituation.objects.filter(incident=incident).exists()
        response = response_of(incident)
        assert response.notes == ""
        assert not ResponseRevision.objects.filter(response=response).exists()
        # the coded situation data stay for the figures
        assert response.arrived_at is not None
        assert response.risks.exists()
    first, second = world.alfa_incidents
    assert world.nobody_incident.person_id is None
    # One token per person-year: Alfa's two incidents stay together, apart from Bravo's.
    assert first.person_id == second.person_id
    assert first.person_id not in (world.alfa.pk, world.bravo_old.person_id)
    assert world.bravo_old.person_id != world.bravo.pk
    token = first.person
    assert token is not None
    assert token.display_key.startswith("A-")
    assert not token.programmes.exists()
    assert not PersonIdentity.objects.filter(person=token).exists()
    assert not SourceKey.objects.filter(person=token).exists()


def test_tokens_are_on_no_screen(world, persona) -> None:
    run()
    token_ids = {
        incident.person_id for incident in Incident.objects.filter(number__startswith="purged-")
    }
    token_ids.discard(None)
    assert len(token_ids) == 2
    coordinator = persona("coordinator")
    assert not Person.objects.visible_to(coordinator).filter(pk__in=token_ids).exists()


def test_expired_trajectory_keeps_its_figures_and_loses_its_case_file(world) -> None:
    run()
    trajectory = Trajectory.objects.get(pk=world.alfa_trajectory.pk)
    assert trajectory.person_id is None
    assert trajectory.closure_text == ""
    assert trajectory.status == TrajectoryStatus.CLOSED
    assert trajectory.case_organisation is not None
    assert trajectory.first_care_contact_at is not None
    assert trajectory.response_id == response_of(world.alfa_incidents[0]).pk
    for model in (TrajectoryEvent, Contact, Task):
        assert not model.objects.filter(trajectory=trajectory).exists()
    assert PurgedTrajectory.objects.filter(trajectory=trajectory).exists()


def test_a_person_with_nothing_left_is_deleted_with_identity_and_source_keys(world) -> None:
    run()
    assert not Person.objects.filter(pk=world.alfa.pk).exists()
    assert not PersonIdentity.objects.filter(person_id=world.alfa.pk).exists()
    assert not SourceKey.objects.filter(key="SRC-1").exists()
    # Bravo still has a response within retention: kept, identity and source key too.
    assert PersonIdentity.objects.filter(person=world.bravo).exists()
    assert SourceKey.objects.filter(person=world.bravo).exists()


def kept_rows(world: Any) -> list[Any]:
    """Every row the first purge must leave exactly as it was."""
    kept = Incident.objects.filter(
        pk__in=[
            world.bravo_recent.pk,
            world.charlie_incident.pk,
            world.delta_march.pk,
            world.delta_november.pk,
        ]
    )
    responses = Response.objects.filter(incident__in=kept)
    persons = [world.bravo.pk, world.charlie.pk, world.delta.pk]
    return [
        list(kept.order_by("pk").values()),
        list(responses.order_by("pk").values()),
        list(ResponseRevision.objects.filter(response__in=responses).order_by("pk").values()),
        list(Trajectory.objects.filter(pk=world.charlie_trajectory.pk).values()),
        list(TrajectoryEvent.objects.filter(trajectory=world.charlie_trajectory).values()),
        list(Person.objects.filter(pk__in=persons).order_by("pk").values()),
        list(PersonIdentity.objects.filter(person__in=persons).order_by("pk").values()),
        list(SourceKey.objects.filter(person__in=persons).order_by("pk").values()),
        list(
            AccessEvent.objects.filter(at__gte=dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC))
            .exclude(purpose__startswith="retention:")
            .order_by("pk")
            .values()
        ),
    ]


def test_nothing_within_retention_is_touched(world) -> None:
    before = kept_rows(world)
    # there is something to keep in each of these
    for rows in (*before[:3], before[4], *before[5:]):
        assert rows
    run()
    assert kept_rows(world) == before


def test_held_records_are_counted_not_touched(world) -> None:
    with time_machine.travel(NOW, tick=False):
        situations = purge(NOW, dry_run=True)[0]
    # Charlie's incident waits for its open trajectory; Delta's March incident for November's.
    assert dict(situations.held) == {"open_trajectory": 1, "person_year": 1}
    output = run()
    assert "bewaard, want hoort bij een traject dat nog open is of nog bewaard wordt: 1" in output
    assert "andere meldingen van dezelfde betrokkene in dat jaar worden nog bewaard: 1" in output


def test_purge_writes_its_log_rows_as_the_system(world) -> None:
    alfa, bravo = world.alfa.display_key, world.bravo.display_key
    run()
    rows = AccessEvent.objects.filter(purpose__startswith="retention:")
    assert rows.exists()
    assert not rows.exclude(user=None).exists()
    assert not rows.exclude(action=AccessEventAction.DELETE).exists()
    assert {row.at for row in rows} == {NOW}
    per_person = set(rows.exclude(person_key="").values_list("person_key", "purpose"))
    assert per_person == {
        (alfa, "retention:situation person_unlinked"),
        (bravo, "retention:situation person_unlinked"),
        (alfa, "retention:trajectory person_unlinked"),
        (alfa, "retention:person deleted"),
    }
    summary = set(rows.filter(person_key="").values_list("programme", "purpose"))
    hotspot = "groninger-hotspot"
    assert (hotspot, "retention:situation incidents_anonymised=4 before=2026-07-01") in summary
    assert (hotspot, "retention:situation responses_anonymised=4 before=2026-07-01") in summary
    assert (hotspot, "retention:situation anonymous_tokens_created=2 before=2026-07-01") in summary
    assert (hotspot, "retention:trajectory trajectories_anonymised=1 before=2026-07-01") in summary
    assert (hotspot, "retention:trajectory contacts_deleted=1 before=2026-07-01") in summary
    assert (hotspot, "retention:person persons_deleted=1 before=2026-07-01") in summary
    assert ("", "retention:notification_log notification_logs_deleted=1 before=2031-04-02") in (
        summary
    )
    deleted_log = [p for _, p in summary if p.startswith("retention:access_log")]
    assert len(deleted_log) == 1
    assert deleted_log[0].endswith("before=2026-07-01")


def test_the_access_log_keeps_five_years(world) -> None:
    cutoff = dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    older = AccessEvent.objects.filter(at__lt=cutoff).count()
    newer = AccessEvent.objects.filter(at__gte=cutoff).count()
    assert older
    assert newer
    output = run()
    assert not AccessEvent.objects.filter(at__lt=cutoff).exists()
    assert (
        AccessEvent.objects.filter(at__gte=cutoff).exclude(purpose__startswith="retention:").count()
        == newer
    )
    assert f"(buiten programma's): {older} toegangsregels verwijderd" in output


def test_break_glass_grants_go_with_the_access_log(world, persona) -> None:
    user = persona("triage_nurse")
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC), tick=False):
        old = BreakGlass.objects.create(
            user=user, person_key="P-OLD", reason="acuut gevaar, dossier nodig",
            expires_at=dt.datetime(2026, 6, 1, 11, tzinfo=dt.UTC),
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 8, 1, 10, tzinfo=dt.UTC), tick=False):
        recent = BreakGlass.objects.create(
            user=user, person_key="P-NEW", reason="acuut gevaar, dossier nodig",
            expires_at=dt.datetime(2026, 8, 1, 11, tzinfo=dt.UTC),
        )  # fmt: skip
    output = run()
    assert list(BreakGlass.objects.all()) == [recent]
    assert not BreakGlass.objects.filter(pk=old.pk).exists()
    assert "1 noodtoegangen verwijderd" in output


def test_notification_log_kept_ninety_days(world) -> None:
    run()
    assert list(NotificationLog.objects.values_list("day", flat=True)) == [dt.date(2031, 6, 20)]


def test_factsheet_of_a_past_period_is_the_same_after_purge(world, hotspot) -> None:
    march, year = Scope(hotspot, *MARCH_2026), Scope(hotspot, *YEAR_2026)
    before_march, before_year = factsheet(march), factsheet(year)
    assert before_march["persons"]["distinct"] == 4
    assert before_march["persons"]["repeat_persons"] == 1
    assert before_year["persons"]["repeat_persons"] == 2  # Alfa, and Delta over the year
    run()
    assert factsheet(march) == before_march
    assert factsheet(year) == before_year
    run(NEXT_YEAR)  # Delta's whole 2026 expires now: both incidents to one token
    assert Incident.objects.get(pk=world.delta_march.pk).person_id == (
        Incident.objects.get(pk=world.delta_november.pk).person_id
    )
    assert factsheet(march) == before_march
    assert factsheet(year) == before_year


def test_the_factsheets_facts_hold_no_purged_person(world, hotspot) -> None:
    factsheet(Scope(hotspot, *YEAR_2026))  # the facts are built
    before = dict(ResponseFact.objects.values_list("pk", "person_id"))
    run(NEXT_YEAR)
    assert not StaleFact.objects.exists()  # the purge brought them up to date itself
    now = dict(ResponseFact.objects.values_list("pk", "person_id"))
    assert now != before  # persons were replaced by tokens
    assert now == dict(Response.objects.filter(pk__in=now).values_list("pk", "incident__person_id"))
    assert set(now) == set(Response.objects.values_list("pk", flat=True))


def test_a_second_run_finds_nothing_and_writes_nothing(world) -> None:
    run()
    after_first = snapshot()
    output = run()
    assert snapshot() == after_first
    assert output.count("niets verlopen") == len(PURGERS)


def test_dry_run_lists_everything_and_writes_nothing(world) -> None:
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        output = run(dry_run=True)
    assert snapshot() == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "proefdraai, niets gewijzigd" in output
    assert "groninger-hotspot: 4 meldingen geanonimiseerd" in output
    assert "groninger-hotspot: 2 anonieme sleutels in plaats van betrokkenen" in output
    assert "groninger-hotspot: 1 trajecten geanonimiseerd" in output
    assert "groninger-hotspot: 1 betrokkenen verwijderd" in output
    # the dry run shows exactly what the real run then does
    assert run().replace("gedaan", "X") == output.replace(
        "zou doen (proefdraai, niets gewijzigd)", "X"
    )
