"""A small history for the purge tests, built at the moments it happened (time frozen).

Everything is in the Groninger Hotspot; every person is invented and every BSN is from the
999 test range. The purge runs at ``NOW`` (1 July 2031), so with the default five years the
cut-off is 1 July 2026:

- Alfa: two responses in March 2026 (a repeat person), a trajectory from the first one closed
  in June 2026, an identity and a source key: everything expired, Alfa goes entirely.
- Bravo: a response in March 2026 (expired) and one in 2029 (kept): Bravo stays.
- Charlie: a response in March 2026 whose trajectory is still open: held.
- Delta: responses in March and November 2026: the March one waits for November's (one
  person-year expires as a whole).
- one response in March 2026 without a known person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import time_machine
from django.apps import apps

from grip.followup import actions as followup
from grip.followup.models import NotificationLog, Trajectory
from grip.intake.models import Incident
from grip.network.models import Organisation, Programme
from grip.people.identity.actions import set_identity
from grip.people.models import Person, SourceKey
from grip.triage.models import Response
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import term
from tests.people.synthetic import synthetic_bsn
from tests.triage.test_responses import a_response

MARCH = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2031, 7, 1, 10, 0, tzinfo=dt.UTC)
MARCH_2026 = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@dataclass
class World:
    alfa: Person
    bravo: Person
    charlie: Person
    delta: Person
    alfa_incidents: list[Incident]
    bravo_old: Incident
    bravo_recent: Incident
    charlie_incident: Incident
    delta_march: Incident
    delta_november: Incident
    nobody_incident: Incident
    alfa_trajectory: Trajectory
    charlie_trajectory: Trajectory


def situation(
    nurse: Any, programme: Programme, person: Person | None, at: dt.datetime, **fields: Any
) -> Incident:
    """An incident reported at ``at`` with its response, recorded at that moment."""
    with time_machine.travel(at, tick=False):
        incident = IncidentFactory(programme=programme, person=person, reported_at=at)
        a_response(
            nurse,
            incident,
            arrived_at=at + dt.timedelta(minutes=20),
            departed_at=at + dt.timedelta(minutes=80),
            **fields,
        )
    return incident


def identified(coordinator: Any, programme: Programme, seed: int, at: dt.datetime) -> Person:
    with time_machine.travel(at, tick=False):
        person = PersonFactory(programmes=[programme])
        set_identity(
            coordinator,
            person,
            name=f"Testpersoon {seed}",
            date_of_birth=dt.date(1980, 1, seed),
            bsn=synthetic_bsn(seed),
            address=f"Teststraat {seed}, Groningen",
        )
        SourceKey.objects.create(programme=programme, key=f"SRC-{seed}", person=person)
    return person


def build(persona: Any, hotspot: Programme) -> World:
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    alfa, bravo, charlie, delta = (
        identified(coordinator, hotspot, seed, MARCH - dt.timedelta(days=1))
        for seed in (1, 2, 3, 4)
    )
    outcome = term("outcome", "stayed_home")
    alfa_incidents = [
        situation(nurse, hotspot, alfa, MARCH, follow_up_needed=True, outcome=outcome),
        situation(nurse, hotspot, alfa, MARCH + dt.timedelta(days=1), ave_on_arrival=4),
    ]
    bravo_old = situation(nurse, hotspot, bravo, MARCH + dt.timedelta(days=2))
    charlie_incident = situation(nurse, hotspot, charlie, MARCH, follow_up_needed=True)
    delta_march = situation(nurse, hotspot, delta, MARCH + dt.timedelta(days=3))
    nobody = situation(nurse, hotspot, None, MARCH + dt.timedelta(days=4), police_officers=None)
    delta_november = situation(nurse, hotspot, delta, dt.datetime(2026, 11, 20, 23, tzinfo=dt.UTC))
    bravo_recent = situation(nurse, hotspot, bravo, dt.datetime(2029, 5, 1, 8, tzinfo=dt.UTC))

    alfa_trajectory = Trajectory.objects.get(response__incident=alfa_incidents[0])
    charlie_trajectory = Trajectory.objects.get(response__incident=charlie_incident)
    wij = Organisation.objects.get(slug="wij-groningen")
    with time_machine.travel(MARCH + dt.timedelta(days=5), tick=False):
        followup.set_direction(
            coordinator, alfa_trajectory, followup.DirectionKind.CASE, wij, None, "Start"
        )
        followup.add_contact(
            coordinator, alfa_trajectory, at=MARCH + dt.timedelta(days=5),
            kind=term("contact_kind", "consultation"), with_whom="partner",
            partner=Organisation.objects.get(slug="lentis"), with_peer_expert=False,
            activities=[term("intervention", "state_assessed")],
            result="Gesprek gevoerd (synthetisch).", by_organisation=None,
        )  # fmt: skip
        followup.add_task(
            coordinator, alfa_trajectory, title="Terugbellen", owner=coordinator,
            due_on=dt.date(2026, 3, 20),
        )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        followup.close_trajectory(
            coordinator, alfa_trajectory, reason=term("closure_reason", "other"),
            text="Afgesloten (synthetische toelichting).",
        )  # fmt: skip
    NotificationLog.objects.create(user=coordinator, day=dt.date(2031, 1, 1))
    NotificationLog.objects.create(user=coordinator, day=dt.date(2031, 6, 20))
    for person in (alfa, bravo, charlie, delta):
        person.refresh_from_db()
    return World(
        alfa=alfa,
        bravo=bravo,
        charlie=charlie,
        delta=delta,
        alfa_incidents=alfa_incidents,
        bravo_old=bravo_old,
        bravo_recent=bravo_recent,
        charlie_incident=charlie_incident,
        delta_march=delta_march,
        delta_november=delta_november,
        nobody_incident=nobody,
        alfa_trajectory=alfa_trajectory,
        charlie_trajectory=charlie_trajectory,
    )


def snapshot(*models: type) -> dict[str, list[dict[str, Any]]]:
    """Every row of ``models`` (default: every model, many-to-many tables included)."""
    chosen = models or tuple(apps.get_models(include_auto_created=True))
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values()) for model in chosen
    }


def response_of(incident: Incident) -> Response:
    return Response.objects.get(incident=incident)
