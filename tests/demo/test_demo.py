from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from grip.demo.users import DEMO_PASSWORD, DEMO_USERS
from grip.followup.models import Contact, EventKind, Trajectory
from grip.intake.models import Incident
from grip.network.models import Role
from grip.people.models import Person, PersonIdentity
from grip.triage.models import Response

pytestmark = pytest.mark.django_db


def test_demo_is_complete_and_idempotent() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    users, incidents, persons, responses = (
        get_user_model().objects.count(),
        Incident.objects.count(),
        Person.objects.count(),
        Response.objects.count(),
    )
    assert 200 <= responses <= 270  # most Hotspot incidents have a response
    assert Trajectory.objects.exists()
    # Most trajectories have a first care contact, none in the future: time to care shows.
    hotspot = Trajectory.objects.filter(programme__slug="groninger-hotspot")
    with_contact = hotspot.filter(first_care_contact_at__isnull=False)
    assert with_contact.count() > hotspot.count() // 2
    assert not with_contact.filter(first_care_contact_at__gt=timezone.now()).exists()
    contacts = Contact.objects.count()
    # A trajectory opens when its response ended, not when the demo was loaded: spread over
    # the months, and never after its own first contact.
    opened_months = {t.opened_at.strftime("%Y-%m") for t in Trajectory.objects.all()}
    assert len(opened_months) >= 6
    assert not with_contact.filter(first_care_contact_at__lt=F("opened_at")).exists()
    for trajectory in Trajectory.objects.filter(programme__slug="groninger-hotspot"):
        assert trajectory.response is not None  # the Hotspot's follow-up starts at a response
        first = trajectory.events.get(kind=EventKind.OPENED)
        assert first.at == trajectory.opened_at == trajectory.response.departed_at
    assert (
        PersonIdentity.objects.count()
        == Person.objects.filter(programmes__slug="groninger-hotspot").count()
    )
    assert {spec.role for spec in DEMO_USERS} == set(Role)
    assert 450 <= incidents <= 550
    assert DEMO_PASSWORD in out.getvalue()
    for spec in DEMO_USERS:
        assert spec.username in out.getvalue()
    # Twelve months before today, nothing in the future.
    earliest = Incident.objects.order_by("reported_at").first()
    assert earliest is not None
    assert (timezone.now() - earliest.reported_at).days <= 366
    assert not Incident.objects.filter(reported_at__gt=timezone.now()).exists()
    # Some persons keep coming back; many appear once.
    counts = [p.incidents.count() for p in Person.objects.all()]
    assert max(counts) >= 5
    assert counts.count(1) > 10

    call_command("demo", stdout=StringIO())
    assert Contact.objects.count() == contacts
    assert (
        get_user_model().objects.count(),
        Incident.objects.count(),
        Person.objects.count(),
        Response.objects.count(),
    ) == (users, incidents, persons, responses)


def test_demo_holds_no_identifying_data() -> None:
    call_command("demo", stdout=StringIO())
    text = " ".join(Incident.objects.values_list("description", flat=True))
    assert not re.search(r"\b\d{9}\b", text)  # nothing that looks like a BSN


def test_demo_bsns_are_synthetic_and_valid() -> None:
    import random

    from grip.demo.identities import synthetic_bsn
    from grip.people.identity.bsn import is_valid_bsn

    rng = random.Random(1)
    for _ in range(50):
        bsn = synthetic_bsn(rng)
        assert bsn.startswith("999")
        assert is_valid_bsn(bsn)


def test_demo_learning_sessions_follow_their_actions_up() -> None:
    from grip.learning.models import ActionStatus, AgreedAction, LearningCycle, ReflectionSession
    from grip.learning.topthrees import reflection_top_threes
    from grip.network.models import Programme

    call_command("demo", stdout=StringIO())
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    sessions = ReflectionSession.objects.filter(programme=hotspot)
    assert LearningCycle.objects.filter(programme=hotspot).count() == 6
    assert sessions.count() == 4
    assert AgreedAction.objects.filter(status=ActionStatus.DONE).exists()
    assert AgreedAction.objects.filter(reviews__decision="carried_over").exists()
    tops = reflection_top_threes(hotspot, dt.date(2025, 10, 1), dt.date(2026, 2, 28))
    assert [t["code"] for t in tops["top_positive"]] == [
        "multidisciplinary_cooperation", "transparency_on_safety", "persistence_and_reliability",
    ]  # fmt: skip
    assert [t["code"] for t in tops["top_learning"]] == [
        "unclear_follow_up_direction", "structural_bottlenecks", "revolving_door_cases",
    ]  # fmt: skip
    assert all(t["wording"] for t in tops["top_positive"])
    call_command("demo", stdout=StringIO())
    assert sessions.count() == 4  # idempotent


def test_demo_signals_give_every_early_signalling_programme_work_and_figures() -> None:
    """Each of the three programmes has its own workers and signals in every state: new ones
    (some past their pick-up term), picked up in time and late, contacted through the network
    and the person, closed with several results; and a second run adds nothing."""
    from grip.network.models import Membership
    from grip.signalling.models import Signal, SignalState
    from grip.signalling.terms import in_time, local_date, working_days_left

    call_command("demo", stdout=StringIO())
    today = timezone.localdate()
    for slug, worker in (
        ("groninger-vroegsignalering", "i28"),
        ("wijk-ggd", "wijkggd"),
        ("vroegsignalering-oost-groningen", "wijkggz"),
    ):
        assert Membership.objects.filter(
            user__username=worker, role=Role.FOLLOWUP_WORKER, programmes__slug=slug
        ).exists()
        assert Membership.objects.filter(role=Role.COORDINATOR, programmes__slug=slug).exists()
        signals = list(Signal.objects.filter(programme__slug=slug).select_related("source"))
        assert len(signals) >= 40, slug
        states = {s.state for s in signals}
        assert states == set(SignalState.values), slug
        picked = [s for s in signals if s.picked_up_at is not None]
        timely = [s for s in picked if in_time(s.received_at, s.picked_up_at, 5)]
        assert 0 < len(timely) < len(picked), slug  # some in time, some late
        waiting = [s for s in signals if s.state == SignalState.NEW]
        assert any(working_days_left(s.received_at, 5, today) < 0 for s in waiting), slug
        assert {s.first_contact_with for s in signals} >= {"network", "person"}, slug
        results = {s.result.code for s in signals if s.result_id}  # type: ignore[union-attr]
        assert len(results) >= 4, slug
        assert len({s.source.code for s in signals}) >= 5, slug
        for s in signals:  # every step in order and in the past
            steps = [s.received_at, s.picked_up_at, s.first_contact_at, s.closed_at]
            known = [t for t in steps if t is not None]
            assert known == sorted(known), s.number
            assert known[-1] <= timezone.now()
            assert local_date(s.received_at) <= today
    assert Signal.objects.filter(incident__isnull=False).exists()  # passed on by the police
    assert Trajectory.objects.filter(signals__isnull=False).exists()
    count = Signal.objects.count()
    call_command("demo", stdout=StringIO())
    assert Signal.objects.count() == count
