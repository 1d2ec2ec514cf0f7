"""Synthetic signals for the three early-signalling programmes, worked by their demo workers.

Each programme gets the signals its workers would meet in a year: the police's I28 care reports
(and in the Wijk-GGD and Oost-Groningen programmes some E33 reports that needed no joint
response) passed on as signals, and concerns from GPs, housing corporations, the MOZ desk,
neighbours, relatives and others registered by the worker. Older signals were picked up, most
in time and some late, contacted (the network first, as the programmes work) and closed with a
result; the last weeks hold new signals, some about to pass their pick-up term and some past
it, so that the queue, the coordinator's overview and every figure have content.

Every write goes through the signalling actions, as a worker would make it, and is then put at
its moment in the past (the actions stamp "now"; the demo registers a year at once). Each
signal's choices come from a generator seeded by its own number: a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from grip.demo.incidents import DEMO_NUMBER_PREFIX
from grip.followup.models import EventKind, Trajectory, TrajectoryEvent
from grip.intake.models import Incident
from grip.network.models import Programme
from grip.people.models import Person
from grip.signalling import actions
from grip.signalling.models import ContactWith, Signal, SignalContact, SignalEvent, SignalEventKind
from grip.signalling.terms import local_date
from grip.vocab.models import Term, Vocabulary
from grip.workdays import working_days_after

DEMO_SIGNAL_PREFIX = "DEMO-S-"


@dataclass(frozen=True)
class SignalMix:
    programme: str
    worker: str  # demo user name of the programme's worker
    own_signals: int  # signals from other sources than the police
    e33_share: float  # share of the programme's E33 reports passed on as a signal
    sources: tuple[tuple[str, int], ...]  # (source code, weight) of the own signals


MIXES = (
    SignalMix(
        "groninger-vroegsignalering",
        "i28",
        30,
        0.0,
        (("gp", 6), ("housing", 5), ("moz", 6), ("relative", 5), ("neighbour", 3),
         ("care_provider", 2), ("social_team", 3)),
    ),
    SignalMix(
        "wijk-ggd",
        "wijkggd",
        45,
        0.35,
        (("gp", 8), ("housing", 7), ("moz", 3), ("neighbour", 6), ("relative", 6),
         ("care_provider", 3), ("social_team", 6), ("self", 2), ("other", 1)),
    ),
    SignalMix(
        "vroegsignalering-oost-groningen",
        "wijkggz",
        40,
        0.3,
        (("gp", 7), ("housing", 5), ("neighbour", 5), ("relative", 7), ("care_provider", 4),
         ("social_team", 8), ("self", 3), ("other", 1)),
    ),
)  # fmt: skip

CONCERN_WEIGHTS = {
    "confused_behaviour": 40, "self_neglect": 25, "nuisance": 22, "isolation": 18,
    "addiction": 15, "debts": 12, "housing_risk": 10, "care_avoidance": 20, "conflict": 14,
    "other": 3,
}  # fmt: skip
RESULT_WEIGHTS = {
    "regular_care": 38, "trajectory": 12, "no_action_needed": 14, "not_reachable": 10,
    "refused": 9, "other_programme": 5, "other": 3,
}  # fmt: skip
CONTACT_KIND_WEIGHTS = {"phone": 5, "home_visit": 4, "network_meeting": 2, "street": 1}
NOTES = (
    "Synthetisch: zorgen over zelfzorg, netwerk is bereid mee te denken.",
    "Synthetisch: melder maakt zich zorgen over terugtrekken en vervuiling van de woning.",
    "Synthetisch: huurachterstand en spanningen met buren; eerst contact met de zus.",
    "Synthetisch: betrokkene mijdt hulp; huisarts kent de situatie.",
    "Synthetisch: eerder in beeld geweest, nu opnieuw verward gedrag op straat.",
)
CONTACT_NOTES = {
    ContactWith.NETWORK: "Synthetisch: gesprek met een naaste, die contact kan leggen.",
    ContactWith.PERSON: "Synthetisch: kennismaking met betrokkene, afspraak voor vervolg.",
}

# Signals younger than this are still being worked: none is closed, some not yet picked up.
RECENT_DAYS = 21


def demo_signals_exist() -> bool:
    return Signal.objects.filter(number__startswith=DEMO_NUMBER_PREFIX).exists()


def generate_demo_signals(users: dict[str, Any], today: dt.date | None = None) -> int:
    """Make, pick up, contact and close the demo signals; return how many were made."""
    today = today or timezone.localdate()
    terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}
    made = 0
    for mix in MIXES:
        programme = Programme.objects.get(slug=mix.programme)
        worker = users[mix.worker]
        for incident in _police_reports(programme, mix):
            with transaction.atomic():
                signal = actions.signal_from_incident(
                    users["politie"],
                    incident,
                    concerns=_concerns(random.Random(incident.number), terms),
                )
                _work(signal, worker, terms, today)
            made += 1
        persons = list(Person.objects.filter(programmes=programme).order_by("pk"))
        for index in range(1, mix.own_signals + 1):
            number = f"{DEMO_SIGNAL_PREFIX}{programme.pk:02d}-{index:04d}"
            rng = random.Random(number)
            with transaction.atomic():
                signal = actions.register_signal(
                    worker, _own_signal(rng, number, programme, mix, persons, terms, today)
                )
                _work(signal, worker, terms, today)
            made += 1
    return made


def _police_reports(programme: Programme, mix: SignalMix) -> list[Incident]:
    """The programme's I28 reports, and a share of its E33 reports, not yet passed on."""
    incidents = Incident.objects.filter(
        programme=programme,
        number__startswith=DEMO_NUMBER_PREFIX,
        kind__code__in=["I28", "E33"],
        signals__isnull=True,
    ).select_related("kind", "person", "municipality", "area", "programme")
    return [
        incident
        for incident in incidents.order_by("number")
        if incident.kind.code == "I28" or random.Random(incident.number).random() < mix.e33_share
    ]


def _concerns(rng: random.Random, terms: dict[tuple[str, str], Term]) -> list[Term]:
    codes = {
        rng.choices(list(CONCERN_WEIGHTS), list(CONCERN_WEIGHTS.values()))[0]
        for _ in range(rng.randint(1, 3))
    }
    return [terms[(Vocabulary.SIGNAL_CONCERN, code)] for code in sorted(codes)]


def _own_signal(
    rng: random.Random,
    number: str,
    programme: Programme,
    mix: SignalMix,
    persons: list[Person],
    terms: dict[tuple[str, str], Term],
    today: dt.date,
) -> actions.SignalData:
    municipalities = list(programme.municipalities.all())
    areas = list(programme.areas.all())
    area = rng.choice(areas) if areas and rng.random() < 0.8 else None
    source = rng.choices([c for c, _w in mix.sources], [w for _c, w in mix.sources])[0]
    day = today - dt.timedelta(days=rng.randint(0, 364))
    hour = rng.choice([8, 9, 10, 11, 13, 14, 15, 16])
    received = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59))))
    return actions.SignalData(
        programme=programme,
        source=terms[(Vocabulary.SIGNAL_SOURCE, source)],
        number=number,
        received_at=min(received, timezone.now()),
        municipality=area.municipality if area else rng.choice(municipalities),
        area=area,
        person=rng.choice(persons) if persons and rng.random() < 0.8 else None,
        concerns=tuple(_concerns(rng, terms)),
        notes=rng.choice(NOTES),
    )


def _work(signal: Signal, worker: Any, terms: dict[tuple[str, str], Term], today: dt.date) -> None:
    """Pick up, contact and close as a worker would have, then put each step at its moment."""
    rng = random.Random(f"work-{signal.number}")
    now = timezone.now()
    received = signal.received_at
    age = (today - local_date(received)).days
    _backdate(signal, SignalEventKind.REGISTERED, received)
    # Recent signals: a third still waits in the queue (some past their term by now).
    if age < 2 or (age < RECENT_DAYS and rng.random() < 0.35):
        return
    if age >= RECENT_DAYS and rng.random() < 0.04:
        return  # an old signal nobody picked up: the figures show it as not picked up
    late = rng.random() < 0.15
    delay = rng.randint(6, 10) if late else rng.choices([0, 1, 2, 3, 4, 5], [3, 5, 4, 3, 2, 1])[0]
    picked_day = working_days_after(local_date(received), delay) if delay else local_date(received)
    picked = _at(picked_day, rng, not_before=received, now=now)
    if picked is None:
        return
    signal = actions.pick_up(worker, signal)
    Signal.objects.filter(pk=signal.pk).update(picked_up_at=picked)
    _backdate(signal, SignalEventKind.PICKED_UP, picked)
    if rng.random() > 0.88:
        return
    with_whom = ContactWith.NETWORK if rng.random() < 0.58 else ContactWith.PERSON
    contact_day = picked_day + dt.timedelta(days=rng.choice([0, 1, 2, 3, 5, 8]))
    contacted = _at(contact_day, rng, not_before=picked, now=now)
    if contacted is None:
        return
    kind = rng.choices(list(CONTACT_KIND_WEIGHTS), list(CONTACT_KIND_WEIGHTS.values()))[0]
    actions.add_signal_contact(
        worker,
        signal,
        at=contacted,
        with_whom=with_whom,
        kind=terms[(Vocabulary.CONTACT_KIND, kind)],
        notes=CONTACT_NOTES[with_whom],
    )
    _backdate(signal, SignalEventKind.CONTACT, contacted)
    if age < RECENT_DAYS or rng.random() < 0.1:
        return  # still being worked
    closed = _at(contact_day + dt.timedelta(days=rng.randint(3, 40)), rng, contacted, now)
    if closed is None:
        return
    result = rng.choices(list(RESULT_WEIGHTS), list(RESULT_WEIGHTS.values()))[0]
    if result == "trajectory" and signal.person_id is None:
        result = "regular_care"  # a trajectory is the person's line of work
    signal.refresh_from_db()
    actions.close_signal(
        worker,
        signal,
        result=terms[(Vocabulary.SIGNAL_RESULT, result)],
        at=closed,
        notes="Synthetisch: afgerond." if result != "other" else "Synthetisch: zie verslag.",
    )
    Signal.objects.filter(pk=signal.pk).update(closed_at=closed)
    _backdate(signal, SignalEventKind.CLOSED, closed)
    # A trajectory this closing opened opens when the signal closed, not when the demo ran.
    opened_now = Trajectory.objects.filter(signals=signal, opened_at__gt=closed)
    TrajectoryEvent.objects.filter(trajectory__in=opened_now, kind=EventKind.OPENED).update(
        at=closed
    )
    opened_now.update(opened_at=closed)


def _at(
    day: dt.date, rng: random.Random, not_before: dt.datetime, now: dt.datetime
) -> dt.datetime | None:
    """A working-hours moment on ``day``, not before ``not_before``; None when still to come."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 16), 15)))
    moment = max(moment, not_before + dt.timedelta(minutes=20))
    return moment if moment < now else None


def _backdate(signal: Signal, kind: SignalEventKind, at: dt.datetime) -> None:
    SignalEvent.objects.filter(signal=signal, kind=kind).update(at=at)
    if kind == SignalEventKind.CONTACT:
        SignalContact.objects.filter(signal=signal).update(created_at=at)
