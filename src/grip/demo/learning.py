"""Demo learning data: the Hotspot's cycles, three reflection sessions with turning points,
outcomes and actions followed up across sessions, and one session still planned.

Synthetic: the cases are demo trajectories and responses, known by their keys; the texts are
invented and name no one. Safe to run again: nothing is added once the Hotspot has sessions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from grip.learning import actions
from grip.learning.models import Effect, OutcomeKind, ReflectionSession, ReviewDecision
from grip.learning.planning import load_planned_cycles
from grip.network.models import Organisation, Programme
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

D = dt.date
PARTICIPANTS = ("politie-noord-nederland", "lentis", "mesdag", "wij-groningen", "oggz-groningen")

# (date, topic, [(kind, theme code, text)])
SESSIONS: tuple[tuple[dt.date, str, list[tuple[OutcomeKind, str, str]]], ...] = (
    (D(2025, 10, 14), "Eerste reflectiesessie: samen op de melding af", [
        (OutcomeKind.POSITIVE, "multidisciplinary_cooperation",
         "Politie en SPV vullen elkaar aan ter plaatse."),
        (OutcomeKind.POSITIVE, "transparency_on_safety",
         "Open zijn over wat we zien maakt het voor iedereen veiliger."),
        (OutcomeKind.LEARNING, "unclear_follow_up_direction",
         "Na de triage is niet altijd duidelijk wie de casus oppakt."),
        (OutcomeKind.LEARNING, "structural_bottlenecks",
         "Crisisbeoordeling lukt niet bij middelengebruik."),
    ]),
    (D(2025, 11, 18), "Tweede reflectiesessie: waar laat je los?", [
        (OutcomeKind.POSITIVE, "multidisciplinary_cooperation",
         "Korte lijn met WIJ en OGGz werkte."),
        (OutcomeKind.POSITIVE, "persistence_and_reliability",
         "Blijven langsgaan, doen wat je zegt."),
        (OutcomeKind.LEARNING, "unclear_follow_up_direction",
         "Bemoeizorg en casusregie lopen door elkaar."),
        (OutcomeKind.LEARNING, "revolving_door_cases",
         "Steeds dezelfde mensen terug zonder duurzame oplossing."),
    ]),
    (D(2026, 1, 20), "Derde reflectiesessie: elastiek-casussen", [
        (OutcomeKind.POSITIVE, "transparency_on_safety",
         "Eerlijk benoemen van risico's gaf vertrouwen bij de buren."),
        (OutcomeKind.POSITIVE, "persistence_and_reliability", ""),
        (OutcomeKind.POSITIVE, "multidisciplinary_cooperation", ""),
        (OutcomeKind.LEARNING, "structural_bottlenecks", "Geen bed beschikbaar, geen aangifte."),
        (OutcomeKind.LEARNING, "revolving_door_cases", ""),
    ]),
)  # fmt: skip

TURNING_POINTS = (
    ("De SPV nam het gesprek over; de politie kon zich terugtrekken.", Effect.WORKED,
     ("person", "professionals"), ("multidisciplinary_cooperation",)),
    ("Na de triage nam niemand contact op; twee weken later een nieuwe melding.",
     Effect.DID_NOT_WORK, ("person", "surroundings"), ("unclear_follow_up_direction",)),
    ("Ervaringsdeskundige ging mee op huisbezoek; de deur ging open.", Effect.WORKED,
     ("person",), ("value_of_peer_expertise", "persistence_and_reliability")),
    ("Opname niet mogelijk door beddentekort; thuis gebleven met afspraken.", Effect.MIXED,
     ("person", "professionals"), ("structural_bottlenecks",)),
)  # fmt: skip

WORDINGS = {
    "multidisciplinary_cooperation": "Politie, Mesdag, Lentis en een kort lijntje met de "
    "ketenpartners waaronder WIJ Groningen en de OGGz.",
    "transparency_on_safety": "Eerlijk communiceren over veiligheid vergroot het "
    "veiligheidsgevoel van professionals, de omgeving en de persoon zelf.",
    "persistence_and_reliability": "Consequent blijven bezoeken, doen wat je zegt en zeggen "
    "wat je doet draagt bij aan het vertrouwen.",
    "unclear_follow_up_direction": "'Waar laat je los en waar bemoei je nog?' Het risico dat "
    "geen partner de verantwoordelijkheid oppakt.",
    "structural_bottlenecks": "Geen aangifte, crisisbeoordeling onder invloed, geen opname "
    "door beperkte beddencapaciteit.",
    "revolving_door_cases": "Personen komen steeds terug zonder duurzame oplossing; echte "
    "doorbraken blijven uit.",
}


def generate_demo_learning(coordinator: Any) -> int:
    """Create the demo sessions when the Hotspot has none; return how many were made."""
    load_planned_cycles()
    hotspot = Programme.objects.get(slug="groninger-hotspot")
    if ReflectionSession.objects.filter(programme=hotspot).exists():
        return 0
    picks = _demo_picks(hotspot)
    participants = list(Organisation.objects.filter(slug__in=PARTICIPANTS))
    themes = {t.code: t for t in Term.objects.filter(vocabulary__startswith="theme_")}
    wij = Organisation.objects.get(slug="wij-groningen")
    police = Organisation.objects.get(slug="politie-noord-nederland")
    made = []
    with transaction.atomic():
        for index, (held_on, topic, outcomes) in enumerate(SESSIONS):
            session = actions.plan_session(
                coordinator, hotspot, held_on=held_on, facilitator=coordinator,
                organisations=participants, topic=topic, picks=picks[index * 2 : index * 2 + 2],
            )  # fmt: skip
            for case_index, case in enumerate(session.cases.all()):
                text, effect, whom, codes = TURNING_POINTS[(index + case_index) % 4]
                actions.add_turning_point(
                    coordinator, case, occurred_on=held_on - dt.timedelta(days=20 + case_index),
                    what_happened=text, effect=effect, for_whom=whom,
                    themes=[themes[c] for c in codes],
                )  # fmt: skip
            for kind, code, text in outcomes:
                theme = themes[code]
                actions.add_outcome(coordinator, session, kind=kind, theme=theme, text=text)
            made.append(session)
        first, second, third = made
        bed = actions.agree_action(
            coordinator, first, description="Knelpunt beddencapaciteit agenderen bij de GGZ",
            owner=wij, due_on=D(2025, 11, 15),
        )  # fmt: skip
        direction = actions.agree_action(
            coordinator, first, description="Afspraak wie casusregie neemt na de triage",
            owner=police, due_on=D(2025, 11, 15),
        )  # fmt: skip
        actions.review_action(coordinator, second, direction, decision=ReviewDecision.DONE)
        actions.review_action(
            coordinator, second, bed, decision=ReviewDecision.CARRIED_OVER,
            new_due_on=D(2026, 1, 15), note="Overleg met de GGZ loopt nog.",
        )  # fmt: skip
        actions.agree_action(
            coordinator, third, description="Signalen elastiek-casussen wekelijks bespreken",
            owner=wij, due_on=D(2026, 3, 1),
        )  # fmt: skip
        cycle_from, cycle_to = D(2025, 10, 1), D(2026, 2, 28)  # learning cycle 3
        for code, wording in WORDINGS.items():
            actions.set_wording(coordinator, hotspot, themes[code], cycle_from, cycle_to, wording)
        actions.plan_session(
            coordinator, hotspot, held_on=timezone.localdate() + dt.timedelta(days=14),
            facilitator=coordinator, organisations=participants,
            topic="Volgende sessie: knelpunten", picks=picks[6:7],
        )  # fmt: skip
    return len(made) + 1


def _demo_picks(hotspot: Programme) -> list[str]:
    """Demo responses with a bottleneck and a known person, oldest first: stable picks."""
    rows = (
        Response.objects.filter(
            incident__programme=hotspot,
            incident__person__isnull=False,
            bottlenecks__vocabulary=Vocabulary.BOTTLENECK,
        )
        .order_by("incident__reported_at", "pk")
        .values_list("pk", flat=True)
        .distinct()[:7]
    )
    return [f"r:{pk}" for pk in rows]
