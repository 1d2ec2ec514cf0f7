"""Every write of signals: rights, events, access log, idempotency, versions, close rules."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.access.policy import (
    POLICY,
    SIGNAL_POLICY,
    Action,
    DataClass,
    SignalRight,
    allows,
    signal_allows,
)
from grip.network.models import Role
from grip.signalling import actions
from grip.signalling.actions import (
    EditConflict,
    add_signal_contact,
    close_signal,
    pick_up,
    signal_from_incident,
)
from grip.signalling.dispatch import trajectory_requested
from grip.signalling.models import Signal, SignalEvent, SignalState
from grip.vocab.models import Vocabulary
from tests.signalling.helpers import an_incident, make_signal, member, signal_data, term, worker

pytestmark = pytest.mark.django_db
SLUG = "wijk-ggd"


def phone() -> object:
    return term(Vocabulary.CONTACT_KIND, "phone")


def result(code: str) -> object:
    return term(Vocabulary.SIGNAL_RESULT, code)


def police() -> object:
    return member("agent", Role.POLICE_OFFICER, "politie-noord-nederland", SLUG)


# --- the policy --------------------------------------------------------------------------


def test_notes_are_social_data_so_only_social_viewers_read_them() -> None:
    for role in SIGNAL_POLICY:
        if signal_allows(role, SignalRight.VIEW_NOTES):
            assert allows(role, DataClass.SOCIAL, Action.VIEW), role


def test_every_role_of_the_data_class_table_has_a_signals_row() -> None:
    assert set(SIGNAL_POLICY) == set(POLICY)
    assert SIGNAL_POLICY[Role.POLICE_OFFICER] == {SignalRight.VIEW, SignalRight.FORWARD}
    for role in (Role.ANALYST, Role.PRIVACY_OFFICER, Role.ADMINISTRATOR):
        assert not SIGNAL_POLICY[role], role


# --- rights ------------------------------------------------------------------------------


def test_care_and_social_roles_of_the_programme_register_and_work(reference) -> None:
    for role, organisation in (
        (Role.FOLLOWUP_WORKER, "ggd-groningen"),
        (Role.TRIAGE_NURSE, "ggd-groningen"),
        (Role.PEER_EXPERT, "inbegrepen"),
        (Role.COORDINATOR, "ggd-groningen"),
    ):
        user = member(f"u-{role}", role, organisation, SLUG)
        signal = make_signal(user, SLUG, number=f"N-{role}")
        signal = pick_up(user, signal)
        add_signal_contact(user, signal, at=timezone.now(), with_whom="person", kind=phone())
        assert close_signal(user, signal, result=result("no_action_needed")).state == "closed"


def test_the_police_analysts_and_other_programmes_may_not(reference) -> None:
    signal = make_signal(worker(SLUG), SLUG)
    elsewhere = worker("vroegsignalering-oost-groningen")
    analyst = member("analist", Role.ANALYST, "gemeente-groningen", SLUG)
    for user in (police(), analyst, elsewhere):
        with pytest.raises(PermissionDenied):
            make_signal(user, SLUG, number="X")
        with pytest.raises(PermissionDenied):
            pick_up(user, signal)
        with pytest.raises(PermissionDenied):
            close_signal(user, signal, result=result("other"))
    assert Signal.objects.count() == 1


def test_the_police_pass_a_report_on_once_keeping_the_link(reference) -> None:
    agent = police()
    incident = an_incident(SLUG)
    signal = signal_from_incident(agent, incident)
    assert signal.incident == incident
    assert signal.source.code == "police_other"
    assert signal.received_at == incident.reported_at
    assert signal_from_incident(agent, incident) == signal
    assert Signal.objects.count() == 1
    analyst = member("analist", Role.ANALYST, "gemeente-groningen", SLUG)
    with pytest.raises(PermissionDenied):
        signal_from_incident(analyst, incident)


def test_an_incident_with_a_joint_response_is_not_passed_on_as_a_signal(reference) -> None:
    from grip.triage.models import Response

    incident = an_incident(SLUG)
    Response.objects.create(incident=incident)
    with pytest.raises(ValidationError, match="gezamenlijke inzet"):
        signal_from_incident(police(), incident)
    assert not Signal.objects.exists()


def test_picking_up_a_passed_on_report_records_the_sharing_and_its_ground(reference) -> None:
    from grip.sharing.models import SharingKind, SharingRecord

    incident = an_incident(SLUG)
    signal = signal_from_incident(police(), incident)
    assert not SharingRecord.objects.exists()  # nothing reached a care worker yet
    user = worker(SLUG)
    actions.pick_up(user, signal)
    record = SharingRecord.objects.get()
    assert record.kind == SharingKind.SIGNAL_PASSED_ON
    assert record.legal_basis.code == "wpolg"
    assert record.to_organisation == Signal.objects.get().picked_up_organisation
    assert record.person == incident.person
    assert record.source == f"signalling.signal:{signal.pk}"
    # A signal that did not come from a police incident shares nothing by being picked up.
    actions.pick_up(user, make_signal(user, SLUG, number="GP-2"))
    assert SharingRecord.objects.count() == 1


def test_who_sees_which_signal(reference) -> None:
    user = worker(SLUG)
    agent = police()
    from_gp = make_signal(user, SLUG, number="GP-1")
    from_police = make_signal(
        user, SLUG, number="I-1", source=term(Vocabulary.SIGNAL_SOURCE, "police_i28")
    )
    incident = an_incident(SLUG)
    made_from_incident = signal_from_incident(user, incident)
    assert set(Signal.objects.visible_to(user)) == {from_gp, from_police, made_from_incident}
    assert set(Signal.objects.visible_to(agent)) == {from_police, made_from_incident}
    analyst = member("analist", Role.ANALYST, "gemeente-groningen", SLUG)
    assert not Signal.objects.visible_to(analyst).exists()
    assert not Signal.objects.visible_to(worker("groninger-hotspot")).exists()


# --- events, log, idempotency ------------------------------------------------------------


def test_every_write_leaves_an_event_and_a_log_row(reference) -> None:
    user = worker(SLUG)
    signal = make_signal(user, SLUG, new_person=True)
    signal = pick_up(user, signal)
    add_signal_contact(user, signal, at=timezone.now(), with_whom="network", kind=phone())
    signal = close_signal(user, signal, result=result("regular_care"), notes="Doorverwezen.")
    events = list(SignalEvent.objects.filter(signal=signal))
    assert [e.kind for e in events] == ["registered", "picked_up", "contact", "closed"]
    assert all(e.by == user for e in events)
    assert events[-1].reason == "Doorverwezen."
    assert events[-1].data["result"] == "regular_care"
    purposes = list(
        AccessEvent.objects.filter(object_id=str(signal.pk), user=user)
        .order_by("pk")
        .values_list("purpose", flat=True)
    )
    assert purposes == [
        "signalling:register", "signalling:pick-up", "signalling:contact", "signalling:close",
    ]  # fmt: skip
    assert set(
        AccessEvent.objects.filter(object_id=str(signal.pk)).values_list("person_key", flat=True)
    ) == {signal.person.display_key}
    assert signal.picked_up_organisation.slug == "ggd-groningen"


def test_repeats_return_the_first_result(reference) -> None:
    user = worker(SLUG)
    key = uuid.uuid4()
    first = actions.register_signal(user, signal_data(SLUG, submission_key=key))
    assert actions.register_signal(user, signal_data(SLUG, submission_key=key)) == first
    picked = pick_up(user, first)
    assert pick_up(user, first).pk == picked.pk  # a double tap: no second event
    contact_key = uuid.uuid4()
    made = add_signal_contact(
        user,
        first,
        at=timezone.now(),
        with_whom="network",
        kind=phone(),
        submission_key=contact_key,
    )
    again = add_signal_contact(
        user, first, at=timezone.now(), with_whom="person", kind=phone(), submission_key=contact_key
    )
    assert again == made
    closed = close_signal(user, first, result=result("refused"))
    assert close_signal(user, first, result=result("refused")).closed_at == closed.closed_at
    kinds = list(first.events.values_list("kind", flat=True))
    assert kinds == ["registered", "picked_up", "contact", "closed"]


# --- versions and close rules ------------------------------------------------------------


def test_a_stale_version_changes_nothing(reference) -> None:
    user, colleague = worker(SLUG), member("collega", Role.FOLLOWUP_WORKER, "ggd-groningen", SLUG)
    signal = make_signal(user, SLUG)
    seen = signal.version
    pick_up(colleague, signal, version=seen)
    with pytest.raises(EditConflict):
        pick_up(user, signal, version=seen)
    with pytest.raises(EditConflict):
        close_signal(user, signal, result=result("other"), version=seen)
    signal.refresh_from_db()
    assert signal.picked_up_by == colleague
    assert signal.state == SignalState.PICKED_UP


def test_closing_needs_a_result_and_an_open_signal(reference) -> None:
    user = worker(SLUG)
    signal = make_signal(user, SLUG)
    with pytest.raises(ValidationError) as refused:
        close_signal(user, signal, result=None)
    assert "result" in refused.value.message_dict
    with pytest.raises(ValidationError):
        close_signal(user, signal, result=phone())  # a contact kind is not a result
    # Closing a new signal picks it up, by the closer, at that moment.
    closed = close_signal(user, signal, result=result("no_action_needed"))
    assert closed.picked_up_by == user
    assert closed.picked_up_at <= closed.closed_at
    with pytest.raises(ValidationError):
        close_signal(user, signal, result=result("other"))
    with pytest.raises(ValidationError):
        add_signal_contact(user, signal, at=timezone.now(), with_whom="person", kind=phone())


def test_the_first_contact_is_the_earliest_and_times_keep_their_order(reference) -> None:
    user = worker(SLUG)
    signal = make_signal(user, SLUG, received_at=timezone.now() - dt.timedelta(days=3))
    # A contact on a new signal picks it up at the contact's time.
    at = timezone.now() - dt.timedelta(days=2)
    add_signal_contact(user, signal, at=at, with_whom="person", kind=phone())
    add_signal_contact(
        user, signal, at=at + dt.timedelta(hours=1), with_whom="network", kind=phone()
    )
    signal.refresh_from_db()
    assert (signal.picked_up_at, signal.first_contact_at, signal.first_contact_with) == (
        at,
        at,
        "person",
    )
    with pytest.raises(ValidationError) as refused:
        add_signal_contact(
            user, signal, at=at - dt.timedelta(hours=1), with_whom="network", kind=phone()
        )
    assert "at" in refused.value.message_dict
    with pytest.raises(ValidationError):
        add_signal_contact(
            user, signal, at=timezone.now() + dt.timedelta(hours=1), with_whom="x", kind=phone()
        )
    with pytest.raises(ValidationError):
        close_signal(user, signal, result=result("other"), at=at - dt.timedelta(hours=2))


def test_only_the_result_trajectory_asks_for_follow_up(reference) -> None:
    asked: list[list[Signal]] = []

    def listen(sender: object, signals: list[Signal], actor: object, **kwargs: object) -> None:
        asked.append(signals)

    trajectory_requested.connect(listen, dispatch_uid="test-listen")
    try:
        user = worker(SLUG)
        close_signal(user, make_signal(user, SLUG, number="A"), result=result("regular_care"))
        assert asked == []
        wanted = make_signal(user, SLUG, number="B")
        close_signal(user, wanted, result=result("trajectory"))
        assert [[s.pk for s in group] for group in asked] == [[wanted.pk]]
    finally:
        trajectory_requested.disconnect(dispatch_uid="test-listen")


def test_the_queue_query_is_oldest_first_and_only_new(reference) -> None:
    from grip.signalling.queries import not_picked_up, pickup_working_days

    user = worker(SLUG)
    now = timezone.now()
    late = make_signal(user, SLUG, number="L", received_at=now - dt.timedelta(days=9))
    fresh = make_signal(user, SLUG, number="F", received_at=now - dt.timedelta(hours=1))
    pick_up(user, make_signal(user, SLUG, number="P"))
    assert list(not_picked_up(user)) == [late, fresh]
    assert not not_picked_up(police()).exists()  # a GP's signals are not the police's
    assert pickup_working_days(late.programme) == 5
