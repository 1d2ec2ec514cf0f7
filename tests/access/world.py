"""One small world with a record behind every URL keyword: the matrix and the log walk use it.

Everything lives in the Groninger Hotspot; the outsider persona works elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from grip.access.actions import open_break_glass
from grip.access.models import BreakGlass
from grip.casework import actions as casework
from grip.casework.models import AgendaItem, Breakthrough, Conference, ConferenceTable
from grip.followup.actions import add_task, request_handover
from grip.followup.models import DirectionKind, Handover, Task, Trajectory
from grip.intake.models import Incident
from grip.learning.actions import save_cycle
from grip.learning.models import LearningCycle, Phase, ReflectionSession
from grip.monitor.actions import add_note
from grip.monitor.models import FactsheetNote
from grip.network.actions import request_membership
from grip.network.models import Membership, MembershipRequest, Municipality, Programme, Role
from grip.people import linking
from grip.people.identity.records import Identity
from grip.people.models import MatchReason, MatchSuggestion, Person, PersonMerge
from grip.signalling.actions import SignalData, add_signal_contact, pick_up, register_signal
from grip.signalling.models import Signal
from grip.triage.models import Response
from tests.factories import IncidentFactory, PersonFactory
from tests.followup.helpers import a_trajectory, org
from tests.learning.helpers import a_session, term
from tests.people.synthetic import store_identity, synthetic_bsn
from tests.triage.test_responses import a_response


@dataclass
class World:
    person: Person
    incident: Incident
    response: Response
    bare_incident: Incident  # no response, no trajectory yet
    trajectory: Trajectory
    handover: Handover
    task: Task
    suggestion: MatchSuggestion
    merge: PersonMerge
    break_glass: BreakGlass
    cycle: LearningCycle  # the Hotspot's current learning cycle
    session: ReflectionSession  # police, Lentis and WIJ take part; the response is its case
    note: FactsheetNote  # a "Wist je dat" item on the Hotspot's factsheet of the last 30 days
    # An I28 report the police passed on: picked up by the follow-up worker, with a contact
    # with the network; its notes (SIGNAL_NOTE, SIGNAL_CONTACT_NOTE) are social data.
    signal: Signal
    new_signal: Signal  # from a GP, nobody picked it up yet: not the police's to see
    # The administrator asks the Hotspot's peer-expert role for a staff member (pending).
    membership_request: MembershipRequest
    staff_membership: Membership  # a Hotspot follow-up worker who is no persona (to revoke)
    table: ConferenceTable  # the Hotspot's ZVH table, with mandate
    conference: Conference  # Lentis and WIJ take part; the trajectory is on its agenda
    agenda_item: AgendaItem
    breakthrough: Breakthrough  # the trajectory taken to the ZVH table, not yet answered


SIGNAL_NOTE = "Signaalnotitie: synthetisch, de buurvrouw maakt zich zorgen."
SIGNAL_CONTACT_NOTE = "Contactnotitie: synthetisch, de zus gesproken."


def _signals(persona: Any, hotspot: Programme, person: Person) -> tuple[Signal, Signal]:
    worker = persona("followup_worker")

    def data(source: str, number: str, notes: str = "") -> SignalData:
        return SignalData(
            programme=hotspot,
            source=term("signal_source", source),
            number=number,
            received_at=timezone.now() - dt.timedelta(days=1),
            municipality=Municipality.objects.get(cbs_code="GM0014"),
            person=person,
            notes=notes,
        )

    signal = pick_up(worker, register_signal(worker, data("police_i28", "W-1", SIGNAL_NOTE)))
    add_signal_contact(
        worker,
        signal,
        at=timezone.now(),
        with_whom="network",
        kind=term("contact_kind", "phone"),
        notes=SIGNAL_CONTACT_NOTE,
    )
    return signal, register_signal(worker, data("gp", "W-2"))


def _pair(programme: Programme) -> MatchSuggestion:
    low, high = sorted(
        (PersonFactory(programmes=[programme]), PersonFactory(programmes=[programme])),
        key=lambda person: person.pk,
    )
    return MatchSuggestion.objects.create(
        person_a=low, person_b=high, reason=MatchReason.NAME_YEAR_OTHER_BSN
    )


def build_world(persona: Any, hotspot: Programme) -> World:
    nurse, coordinator = persona("triage_nurse"), persona("coordinator")
    person = PersonFactory(programmes=[hotspot])
    store_identity(
        person, Identity("Testpersoon Wereld", dt.date(1979, 3, 4), synthetic_bsn(31), "")
    )
    incident = IncidentFactory(
        programme=hotspot, person=person, reported_at=timezone.now() - dt.timedelta(hours=3)
    )
    # A bottleneck puts the response (by the person's key) on the learning bottleneck page.
    response = a_response(nurse, incident, bottlenecks=[term("bottleneck", "no_bed")])
    bare = IncidentFactory(programme=hotspot, person=person)
    trajectory = a_trajectory(
        coordinator, hotspot, person=person, case_organisation=org("wij-groningen")
    )
    handover = request_handover(
        coordinator, trajectory, DirectionKind.CASE, org("lentis"), "Synthetische overdracht."
    )
    task = add_task(
        coordinator,
        trajectory,
        title="Synthetische taak",
        owner=persona("followup_worker"),
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    suggestion = _pair(hotspot)
    merged = _pair(hotspot)
    merge = linking.merge(
        coordinator, merged, survivor=merged.person_a, reason="Synthetisch: zelfde persoon."
    )
    grant = open_break_glass(nurse, person.display_key, "Synthetische noodsituatie, test.")
    today = timezone.localdate()
    cycle = save_cycle(
        coordinator, hotspot, number=1, phase=Phase.EXECUTION, description="Synthetische cyclus",
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=60),
    )  # fmt: skip
    session = a_session(coordinator, hotspot, picks=(f"r:{response.pk}",))
    note = add_note(
        coordinator, hotspot, today - dt.timedelta(days=30), today, "Synthetisch: wist je dat?"
    )
    signal, new_signal = _signals(persona, hotspot, person)
    staff = get_user_model().objects.create_user(username="wereld-medewerker")
    staff_membership = Membership.objects.create(
        user=staff, organisation=org("wij-groningen"), role=Role.FOLLOWUP_WORKER
    )
    staff_membership.programmes.add(hotspot)
    membership_request = request_membership(
        persona("administrator"), user=staff, organisation=org("inbegrepen"),
        role=Role.PEER_EXPERT, programmes=[hotspot], reason="Synthetisch: ook ervaringswerk.",
    )  # fmt: skip
    table = casework.add_table(coordinator, hotspot, name="ZVH-escalatie", has_mandate=True)
    conference = casework.plan_conference(
        coordinator, table, held_on=today, participants=[org("lentis"), org("wij-groningen")],
        legal_basis=term("legal_basis", "zvh_covenant"),
    )  # fmt: skip
    item = casework.put_on_agenda(coordinator, conference, trajectory)
    breakthrough = casework.raise_breakthrough(
        coordinator, trajectory, table=table, reason="Synthetisch: alle routes lopen vast."
    )
    return World(
        person, incident, response, bare, trajectory, handover, task, suggestion, merge, grant,
        cycle, session, note, signal, new_signal, membership_request, staff_membership,
        table, conference, item, breakthrough,
    )  # fmt: skip
