"""The follow-up rules, with time frozen."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grip.followup import actions
from grip.followup.models import (
    DirectionKind,
    EventKind,
    FollowUpSettings,
    HandoverStatus,
    Trajectory,
    TrajectoryEvent,
)
from grip.followup.worklist import signals_of, with_signals
from tests.factories import IncidentFactory
from tests.followup.helpers import a_trajectory, org, term

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)


def signal_codes(trajectory: Trajectory) -> set[str]:
    annotated = with_signals(Trajectory.objects.filter(pk=trajectory.pk)).get()
    return {signal.code for signal in signals_of(annotated)}


def test_closing_needs_a_reason_a_taker_over_or_a_text(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    trajectory = a_trajectory(coordinator, hotspot)
    with pytest.raises(ValidationError) as missing:
        actions.close_trajectory(coordinator, trajectory, reason=None)
    assert "reason" in missing.value.error_dict
    with pytest.raises(ValidationError) as handover:
        actions.close_trajectory(coordinator, trajectory, reason=term("closure_reason", "oggz"))
    assert "organisation" in handover.value.error_dict
    with pytest.raises(ValidationError) as other:
        actions.close_trajectory(coordinator, trajectory, reason=term("closure_reason", "other"))
    assert "text" in other.value.error_dict
    trajectory.refresh_from_db()
    assert trajectory.is_open

    actions.close_trajectory(
        coordinator,
        trajectory,
        reason=term("closure_reason", "oggz"),
        organisation=org("oggz-groningen"),
    )
    trajectory.refresh_from_db()
    assert not trajectory.is_open
    assert trajectory.closure_organisation == org("oggz-groningen")
    assert trajectory.events.filter(kind=EventKind.CLOSED).count() == 1


def test_procesregie_is_demanded_from_ave_3(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    trajectory = a_trajectory(coordinator, hotspot, ave=2)
    with pytest.raises(ValidationError) as error:
        actions.change_ave(coordinator, trajectory, 3, "Escaleert thuis.")
    assert "process_organisation" in error.value.error_dict
    trajectory.refresh_from_db()
    assert trajectory.ave_level == 2
    actions.change_ave(
        coordinator,
        trajectory,
        3,
        "Escaleert thuis.",
        process_organisation=org("gemeente-groningen"),
    )
    trajectory.refresh_from_db()
    assert (trajectory.ave_level, trajectory.process_organisation) == (3, org("gemeente-groningen"))
    kinds = list(trajectory.events.values_list("kind", flat=True))
    assert kinds == [EventKind.OPENED, EventKind.AVE_CHANGED, EventKind.DIRECTION_SET]
    with pytest.raises(ValidationError):
        actions.change_ave(coordinator, trajectory, 2, "  ")  # scaling down needs a why too


def test_threshold_is_configurable_per_programme(persona, hotspot) -> None:
    FollowUpSettings.objects.create(programme=hotspot, process_direction_from_level=4)
    coordinator = persona("coordinator")
    trajectory = a_trajectory(coordinator, hotspot, ave=2)
    actions.change_ave(coordinator, trajectory, 3, "Zorgen nemen toe.")  # no procesregie needed
    assert "no_process_direction" not in signal_codes(trajectory)


def test_handover_is_pending_until_accepted(persona, hotspot) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    trajectory = a_trajectory(coordinator, hotspot, case_organisation=org("lentis"))
    handover = actions.request_handover(
        coordinator, trajectory, DirectionKind.CASE, org("wij-groningen"), "Past bij WIJ."
    )
    trajectory.refresh_from_db()
    assert trajectory.case_organisation == org("lentis")  # the giver keeps direction meanwhile
    with pytest.raises(PermissionDenied):
        actions.answer_handover(persona("peer_expert"), handover, accept=True)
    actions.answer_handover(worker, handover, accept=True)
    trajectory.refresh_from_db()
    assert trajectory.case_organisation == org("wij-groningen")
    assert trajectory.case_holder == worker
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED
    with pytest.raises(ValidationError):
        actions.answer_handover(worker, handover, accept=False)


def test_reopen_within_30_days_is_recorded_as_such(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    with time_machine.travel(MONDAY, tick=False):
        trajectory = a_trajectory(coordinator, hotspot)
        actions.close_trajectory(
            coordinator, trajectory, reason=term("closure_reason", "stabilised")
        )
    with time_machine.travel(MONDAY + dt.timedelta(days=29), tick=False):
        actions.reopen_trajectory(coordinator, trajectory, "Nieuwe zorgen van de buren.")
        actions.close_trajectory(
            coordinator, trajectory, reason=term("closure_reason", "stabilised")
        )
    with time_machine.travel(MONDAY + dt.timedelta(days=29 + 31), tick=False):
        actions.reopen_trajectory(coordinator, trajectory, "Weer een melding.")
    reopened = TrajectoryEvent.objects.filter(trajectory=trajectory, kind=EventKind.REOPENED)
    assert [event.data["within_window"] for event in reopened] == [True, False]


def test_events_are_append_only(persona, hotspot) -> None:
    trajectory = a_trajectory(persona("coordinator"), hotspot)
    event = trajectory.events.get()
    event.reason = "herschreven"
    with pytest.raises(RuntimeError):
        event.save()


def test_a_handover_over_christmas_waits_for_working_days(persona, hotspot) -> None:
    """Two working days to accept: asked on Wednesday 23 December 2026, the Friday is Christmas
    Day, so the handover is late only from Tuesday 29 December, not on the Monday."""
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    wednesday = dt.datetime(2026, 12, 23, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(wednesday, tick=False):
        trajectory = a_trajectory(coordinator, hotspot, ave=2)
        actions.set_direction(
            coordinator, trajectory, DirectionKind.CASE, org("wij-groningen"), worker, "Start."
        )
        actions.request_handover(worker, trajectory, DirectionKind.CASE, org("lentis"), "Zorg.")
    with time_machine.travel(wednesday + dt.timedelta(days=5), tick=False):  # Monday 28th
        assert "handover_waiting" not in signal_codes(trajectory)
    with time_machine.travel(wednesday + dt.timedelta(days=6), tick=False):  # Tuesday 29th
        assert "handover_waiting" in signal_codes(trajectory)


def test_each_signal_appears_and_disappears_when_resolved(persona, hotspot) -> None:
    coordinator, worker = persona("coordinator"), persona("followup_worker")
    with time_machine.travel(MONDAY, tick=False):
        trajectory = a_trajectory(coordinator, hotspot, ave=3)
        assert signal_codes(trajectory) == {"no_case_direction", "no_process_direction"}

        actions.set_direction(
            coordinator, trajectory, DirectionKind.CASE, org("wij-groningen"), worker, "Start."
        )
        actions.set_direction(
            coordinator, trajectory, DirectionKind.PROCESS, org("gemeente-groningen"), None, "AVE 3"
        )
        assert signal_codes(trajectory) == set()

        handover = actions.request_handover(
            worker, trajectory, DirectionKind.CASE, org("lentis"), "Zorg nodig."
        )
        task = actions.add_task(
            worker, trajectory, title="Netwerk bellen", owner=worker,
            due_on=dt.date(2026, 11, 17),
        )  # fmt: skip
    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):  # Thursday
        assert signal_codes(trajectory) == {"handover_waiting", "task_overdue"}
        actions.answer_handover(coordinator, handover, accept=False)
        actions.complete_task(worker, task)
        assert signal_codes(trajectory) == set()
    with time_machine.travel(MONDAY + dt.timedelta(days=15), tick=False):
        assert signal_codes(trajectory) == {"no_recent_contact"}
        actions.add_contact(
            worker, trajectory, at=timezone.now(), kind=term("contact_kind", "home_visit"),
            with_whom="person", partner=None, with_peer_expert=True, activities=[],
            result="Gesprek gevoerd.", by_organisation=org("wij-groningen"),
        )  # fmt: skip
        assert signal_codes(trajectory) == set()
        IncidentFactory(programme=hotspot, person=trajectory.person, reported_at=timezone.now())
        assert signal_codes(trajectory) == {"new_incident"}


def test_first_care_contact_sets_time_to_care(persona, hotspot) -> None:
    worker = persona("followup_worker")
    trajectory = a_trajectory(
        persona("coordinator"), hotspot, case_organisation=org("wij-groningen")
    )
    now = timezone.now()
    common = {"with_whom": "person", "partner": None, "with_peer_expert": False,
              "activities": [], "result": "", "by_organisation": org("wij-groningen")}  # fmt: skip
    actions.add_contact(worker, trajectory, at=now, kind=term("contact_kind", "phone"), **common)
    trajectory.refresh_from_db()
    assert trajectory.first_care_contact_at is None  # a phone call is not care (default)
    earlier = now - dt.timedelta(hours=1)
    actions.add_contact(
        worker, trajectory, at=earlier, kind=term("contact_kind", "consultation"), **common
    )
    trajectory.refresh_from_db()
    assert trajectory.first_care_contact_at == earlier


def test_a_response_with_follow_up_opens_one_trajectory(persona, hotspot) -> None:
    from tests.triage.test_responses import a_response

    response = a_response(persona("triage_nurse"), follow_up_needed=True, ave_on_leaving=3)
    trajectory = Trajectory.objects.get(response=response)
    assert trajectory.ave_level == 3
    assert trajectory.events.get().kind == EventKind.OPENED
    assert actions.open_for_responses([response]) == []  # never twice
