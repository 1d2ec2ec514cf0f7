"""Recurrence figures, counted by hand against the SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from grip.network.models import Area, Programme
from grip.people.recurrence import Scope, distribution, persons_figure
from tests.factories import IncidentFactory, PersonFactory
from tests.triage.test_responses import a_response

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def test_persons_and_repeat_persons_over_responses(persona, hotspot) -> None:
    nurse = persona("triage_nurse")
    alone, twice, thrice = (PersonFactory(programmes=[hotspot]) for _ in range(3))
    for person, times in ((alone, 1), (twice, 2), (thrice, 3)):
        for i in range(times):
            incident = IncidentFactory(person=person, reported_at=DAY + dt.timedelta(days=i))
            a_response(nurse, incident)
    a_response(nurse, IncidentFactory(person=None, reported_at=DAY))  # unknown person
    IncidentFactory(person=alone, reported_at=DAY)  # an incident without response: not counted
    scope = Scope(hotspot, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    figure = persons_figure(scope)
    assert (figure.distinct, figure.repeat_persons, figure.responses_of_repeat_persons) == (
        3,
        2,
        5,
    )
    assert figure.unknown == 1
    assert persons_figure(Scope(hotspot, dt.date(2026, 4, 1), dt.date(2026, 4, 30))).distinct == 0


def test_period_ends_are_local_dates_inclusive(persona, hotspot) -> None:
    person = PersonFactory(programmes=[hotspot])
    # 23:30 on 31 March in Amsterdam (CEST) is 21:30 UTC.
    a_response(
        persona("triage_nurse"),
        IncidentFactory(person=person, reported_at=dt.datetime(2026, 3, 31, 21, 30, tzinfo=dt.UTC)),
    )
    assert persons_figure(Scope(hotspot, dt.date(2026, 3, 31), dt.date(2026, 3, 31))).distinct == 1
    assert persons_figure(Scope(hotspot, dt.date(2026, 4, 1), dt.date(2026, 4, 1))).distinct == 0


def test_distribution_of_incidents_per_person(hotspot) -> None:
    early = Programme.objects.get(slug="groninger-vroegsignalering")
    for times in (1, 1, 2, 9, 10, 12):
        person = PersonFactory(programmes=[hotspot])
        for i in range(times):
            IncidentFactory(person=person, reported_at=DAY + dt.timedelta(hours=i))
    elsewhere = PersonFactory(programmes=[early])
    IncidentFactory(programme=early, person=elsewhere, reported_at=DAY)
    scope = Scope(hotspot, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert distribution(scope) == distribution(scope).__class__(2, 2, 2)
    national = Scope(None, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert distribution(national).once == 3


def test_areas_narrow_the_figures(hotspot) -> None:
    centrum = Area.objects.get(programme=hotspot, slug="centrum")
    person = PersonFactory(programmes=[hotspot])
    IncidentFactory(person=person, reported_at=DAY, area=centrum)
    IncidentFactory(person=person, reported_at=DAY)
    only_centrum = Scope(hotspot, dt.date(2026, 3, 1), dt.date(2026, 3, 31), (centrum,))
    assert distribution(only_centrum).once == 1


def test_each_figure_is_one_query(hotspot, django_assert_num_queries) -> None:
    scope = Scope(hotspot, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    with django_assert_num_queries(1):
        distribution(scope)
    with django_assert_num_queries(2):  # the grouped figure, and the unknown persons
        persons_figure(scope)
