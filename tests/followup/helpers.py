"""Building blocks for follow-up tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from grip.followup.actions import open_trajectory
from grip.followup.models import Trajectory
from grip.network.models import Organisation, Programme
from grip.people.models import Person
from grip.vocab.models import Term
from tests.factories import IncidentFactory, PersonFactory


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def a_trajectory(
    actor: Any, programme: Programme, *, ave: int = 2, person: Person | None = None, **holders: Any
) -> Trajectory:
    person = person or PersonFactory(programmes=[programme])
    incident = IncidentFactory(
        programme=programme, person=person, reported_at=timezone.now() - dt.timedelta(hours=5)
    )
    trajectory = open_trajectory(
        actor, programme=programme, person=person, incident=incident, ave_level=ave
    )
    if holders:
        Trajectory.objects.filter(pk=trajectory.pk).update(**holders)
        trajectory.refresh_from_db()
    return trajectory
