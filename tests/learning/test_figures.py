"""Bottlenecks for the agenda (and planning from them) and what works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.followup import actions as followup_actions
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.learning.bottlenecks import bottlenecks, cases_per_bottleneck
from grip.learning.models import ReflectionSession
from grip.learning.whatworks import what_works
from grip.people.recurrence import Scope
from tests.followup.helpers import a_trajectory
from tests.learning.helpers import orgs, response_with, term

pytestmark = pytest.mark.django_db


def last_month(programme) -> Scope:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return Scope(programme, today - dt.timedelta(days=30), today)


def test_bottlenecks_count_responses_and_trajectories_with_their_cases(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    first = response_with(coordinator, hotspot, bottlenecks=("no_bed", "no_police_report"))
    second = response_with(coordinator, hotspot, bottlenecks=("no_bed",))
    response_with(coordinator, hotspot, bottlenecks=("no_bed",), days_ago=400)  # too old
    adrift = a_trajectory(coordinator, hotspot)  # nobody holds casusregie
    refused = a_trajectory(coordinator, hotspot, case_organisation=orgs("wij-groningen")[0])
    Trajectory.objects.filter(pk=refused.pk).update(
        status=TrajectoryStatus.CLOSED, closed_at=timezone.now(),
        closure_reason=term("closure_reason", "refused"),
    )  # fmt: skip

    rows = bottlenecks(coordinator, last_month(hotspot))
    counts = {row.term.code: (row.responses, row.trajectories) for row in rows}
    assert counts == {
        "no_bed": (2, 0), "no_police_report": (1, 0), "no_direction": (0, 1),
        "care_avoidance": (0, 1),
    }  # fmt: skip
    assert rows[0].term.code == "no_bed"  # most first
    picks = cases_per_bottleneck(rows)
    assert sorted(picks["no_bed"]) == sorted([f"r:{first.pk}", f"r:{second.pk}"])
    assert picks["no_direction"] == [f"t:{adrift.pk}"]
    assert picks["care_avoidance"] == [f"t:{refused.pk}"]
    no_bed = rows[0].cases[0]
    assert no_bed.key in {first.incident.person.display_key, second.incident.person.display_key}
    # Read through the viewer's scope: an outsider finds nothing of the Hotspot.
    assert bottlenecks(persona("outsider"), last_month(hotspot)) == []


def test_the_coordinator_plans_a_session_from_the_bottlenecks_in_one_post(
    client_for, persona, hotspot
) -> None:
    coordinator = persona("coordinator")
    first = response_with(coordinator, hotspot, bottlenecks=("no_bed",))
    second = response_with(coordinator, hotspot, bottlenecks=("assessment_intoxicated",))
    client = client_for("coordinator")
    url = reverse("learning:bottlenecks", args=["groninger-hotspot"])
    on = timezone.localdate() + dt.timedelta(days=7)
    page = client.post(url, {"pick": [f"r:{first.pk}"], "held_on": on.isoformat(),
                             "organisations": [o.pk for o in orgs("lentis")]})  # fmt: skip
    session = ReflectionSession.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("learning:session_detail", args=[session.pk])
    assert session.held_on == on
    assert [o.slug for o in session.organisations.all()] == ["lentis"]
    # The planned session is offered next time; picking again adds only what is new.
    page = client.post(url, {"pick": [f"r:{first.pk}", f"r:{second.pk}"], "session": session.pk})
    assert page.status_code == 302
    assert [c.response_id for c in session.cases.all()] == [first.pk, second.pk]
    # Neither a session nor a date: the error is next to the date.
    page = client.post(url, {"pick": [f"r:{first.pk}"]})
    assert page.status_code == 400
    assert "Kies een geplande sessie" in page.content.decode()


def test_what_works_splits_safety_by_intervention_and_presence(persona, hotspot) -> None:
    coordinator = persona("coordinator")
    safety = {code: term("safety", code) for code in ("none", "limited", "reasonable", "full")}
    state, peer, network = (
        term("intervention", code) for code in ("state_assessed", "peer_expert", "network_involved")
    )
    response_with(
        coordinator,
        hotspot,
        interventions=[peer],
        safety_person=safety["reasonable"],
        safety_surroundings=safety["full"],
    )
    response_with(
        coordinator,
        hotspot,
        interventions=[state],
        safety_person=safety["none"],
        safety_surroundings=None,
    )
    response_with(
        coordinator,
        hotspot,
        interventions=[network, state],
        safety_person=safety["full"],
        safety_surroundings=safety["limited"],
    )
    later = response_with(coordinator, hotspot, interventions=[state], safety_person=None,
                          safety_surroundings=None, follow_up_needed=True)  # fmt: skip
    followup_actions.add_contact(
        coordinator, later.trajectory, at=timezone.now(), kind=term("contact_kind", "home_visit"),
        with_whom="person", partner=None, with_peer_expert=True, activities=[], result="",
        by_organisation=None,
    )  # fmt: skip

    figures = what_works(coordinator, last_month(hotspot))
    total = figures["total"]
    assert (total.responses, total.person.known, total.person.good, total.person.unknown) == (
        4, 3, 2, 1,
    )  # fmt: skip
    assert (total.surroundings.known, total.surroundings.good, total.surroundings.unknown) == (
        2, 1, 2,
    )  # fmt: skip
    peer_split, network_split = figures["presence"]
    with_peer, without_peer = peer_split.groups
    assert (with_peer.responses, with_peer.person.known, with_peer.person.good) == (2, 1, 1)
    assert with_peer.person.unknown == 1
    assert (without_peer.responses, without_peer.person.known, without_peer.person.good) == (
        2, 2, 1,
    )  # fmt: skip
    assert network_split.with_it.responses == 1
    assert network_split.with_it.person.share == 1.0
    by_label = {split.label: split for split in figures["interventions"]}
    assessed = by_label[state.label]
    assert (assessed.with_it.responses, assessed.with_it.person.good) == (3, 1)
    assert (assessed.without.responses, assessed.without.person.good) == (1, 1)
    never = by_label[term("intervention", "wvggz_crisis").label]
    assert never.with_it.responses == 0
    assert never.with_it.person.share is None


def test_what_works_is_a_few_grouped_queries(
    persona, hotspot, django_assert_max_num_queries
) -> None:
    coordinator = persona("coordinator")
    for _ in range(5):
        response_with(coordinator, hotspot, interventions=[term("intervention", "deescalated")])
    with django_assert_max_num_queries(6):
        what_works(coordinator, last_month(hotspot))
