"""Signals and follow-up: whoever opens or holds work always sees it (issue 16's 404).

For every programme, a worker of the programme opens follow-up from an I28 report and from a
signal closed as ``trajectory``, then loads the trajectory page and finds it in Mijn werk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.followup.actions import settings_for
from grip.followup.models import EventKind, Trajectory
from grip.intake.models import Incident
from grip.network.models import Municipality, Organisation, Programme, Role
from grip.people.models import Person
from grip.signalling.actions import close_signal, pick_up
from grip.vocab.models import Vocabulary
from tests.factories import IncidentFactory, PersonFactory
from tests.personas import logged_in_client
from tests.signalling.helpers import PROGRAMMES, make_signal, member, term, worker

pytestmark = pytest.mark.django_db
ALL_PROGRAMMES = sorted(PROGRAMMES)


def i28_report(slug: str, person: Person | None) -> Incident:
    return IncidentFactory(
        programme=Programme.objects.get(slug=slug),
        kind=term(Vocabulary.INCIDENT_CODE, "I28"),
        municipality=Municipality.objects.get(cbs_code=PROGRAMMES[slug][1]),
        person=person,
        initial_ave_level=None,
    )


def assert_sees(user: Any, trajectory: Trajectory) -> None:
    client = logged_in_client(user)
    page = reverse("followup:trajectory_detail", args=[trajectory.pk])
    assert client.get(page).status_code == 200
    assert page in client.get(reverse("followup:my_work")).content.decode()


def close_as_trajectory(user: Any, signal: Any) -> Trajectory:
    signal = pick_up(user, signal)
    close_signal(user, signal, result=term(Vocabulary.SIGNAL_RESULT, "trajectory"))
    return signal.trajectories.get()


@pytest.mark.parametrize("slug", ALL_PROGRAMMES)
def test_opening_from_an_i28_report_then_loading_it(reference, slug: str) -> None:
    user = worker(slug)
    incident = i28_report(slug, PersonFactory(programmes=[Programme.objects.get(slug=slug)]))
    client = logged_in_client(user)
    answer = client.post(
        reverse("followup:open_from_incident", args=[incident.pk]), {"reason": "Vroeg erop af."}
    )
    assert answer.status_code == 302
    trajectory = Trajectory.objects.get(incident=incident)
    assert answer["Location"] == reverse("followup:trajectory_detail", args=[trajectory.pk])
    assert client.get(answer["Location"]).status_code == 200
    assert_sees(user, trajectory)
    # The opener's organisation holds case direction, the opener by name.
    assert trajectory.case_organisation == Organisation.objects.get(slug=PROGRAMMES[slug][0])
    assert trajectory.case_holder == user


@pytest.mark.parametrize("slug", ALL_PROGRAMMES)
def test_closing_a_signal_as_trajectory_then_loading_it(reference, slug: str) -> None:
    user = worker(slug)
    trajectory = close_as_trajectory(user, make_signal(user, slug, new_person=True))
    assert_sees(user, trajectory)
    assert trajectory.case_holder == user


def test_an_opener_outside_the_default_organisation_still_sees_it(reference, hotspot) -> None:
    # The Hotspot's follow-up goes to WIJ by default (as in the demo); a Lentis nurse opens.
    config = settings_for(hotspot)
    config.default_case_organisation = Organisation.objects.get(slug="wij-groningen")
    config.save()
    nurse = member("nurse", Role.TRIAGE_NURSE, "lentis", hotspot.slug)
    incident = i28_report(hotspot.slug, PersonFactory(programmes=[hotspot]))
    client = logged_in_client(nurse)
    answer = client.post(
        reverse("followup:open_from_incident", args=[incident.pk]), {"reason": "Vroeg erop af."}
    )
    trajectory = Trajectory.objects.get(incident=incident)
    assert trajectory.case_organisation.slug == "wij-groningen"
    assert trajectory.case_holder is None
    assert client.get(answer["Location"]).status_code == 200
    assert_sees(nurse, trajectory)


def test_a_second_signal_joins_the_open_trajectory(reference) -> None:
    slug = "groninger-vroegsignalering"
    first_worker = worker(slug)
    colleague = member("colleague", Role.PEER_EXPERT, "inbegrepen", slug)
    person = PersonFactory(programmes=[Programme.objects.get(slug=slug)])
    first = make_signal(first_worker, slug, person=person, number="S-1")
    opened = close_as_trajectory(first_worker, first)
    second = make_signal(colleague, slug, person=person, number="S-2")
    joined = close_as_trajectory(colleague, second)
    assert joined == opened
    assert Trajectory.objects.filter(person=person).count() == 1
    assert set(opened.signals.all()) == {first, second}
    assert opened.events.filter(kind=EventKind.SIGNALS_ADDED, by=colleague).exists()
    # The colleague's organisation holds nothing, yet they see what they joined.
    assert_sees(colleague, opened)


def test_a_closed_trajectory_is_not_joined_and_a_signal_without_person_opens_its_own(
    reference,
) -> None:
    slug = "wijk-ggd"
    user = worker(slug)
    person = PersonFactory(programmes=[Programme.objects.get(slug=slug)])
    first = close_as_trajectory(user, make_signal(user, slug, person=person))
    Trajectory.objects.filter(pk=first.pk).update(status="closed", closed_at=timezone.now())
    second = close_as_trajectory(user, make_signal(user, slug, person=person, number="S-2"))
    assert second != first
    anonymous_one = close_as_trajectory(user, make_signal(user, slug, number="S-3"))
    anonymous_two = close_as_trajectory(user, make_signal(user, slug, number="S-4"))
    assert anonymous_one != anonymous_two
    assert anonymous_one.person is None


def test_the_import_opens_without_an_actor(reference) -> None:
    """The exchange import closes signals without a user: the trajectory then waits for
    case direction on the coordinator's overview."""
    from grip.followup.from_signals import trajectories_for_signals

    slug = "wijk-ggd"
    user = worker(slug)
    signal = make_signal(user, slug, received_at=timezone.now() - dt.timedelta(days=3))
    (trajectory,) = trajectories_for_signals([signal], None)
    assert trajectory.case_organisation is None
    assert list(trajectory.signals.all()) == [signal]
