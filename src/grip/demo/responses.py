"""Synthetic responses for the demo's Hotspot incidents, registered by the demo nurse.

Each incident's response is drawn from a generator seeded by its own number, so a second run
makes the same choices and adds nothing. The mix follows the Hotspot's first factsheet:
aggression and suicide risks on top, assessment and de-escalation as the usual interventions,
and more than half of the situations left reasonably or fully safe.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from grip.demo.incidents import DEMO_NUMBER_PREFIX
from grip.followup.actions import add_contact, settings_for
from grip.followup.models import (
    EventKind,
    Trajectory,
    TrajectoryEvent,
    TrajectoryStatus,
    WithWhom,
)
from grip.intake.models import Incident
from grip.network.models import Organisation, OrganisationKind, Programme
from grip.triage.actions import ResponseData, register_response
from grip.vocab.models import Term, Vocabulary

SHARE_WITH_RESPONSE = 0.85

RISK_WEIGHTS = {
    "verbal_aggression": 55, "physical_aggression": 35, "suicide_attempt": 30, "self_harm": 10,
    "self_neglect": 12, "intoxication": 25, "psychosis": 28, "weapon": 6, "fire_hazard": 2,
    "nuisance": 20, "wandering": 6, "domestic_tension": 12, "victimisation": 4,
}  # fmt: skip
INTERVENTION_WEIGHTS = {
    "state_assessed": 80, "risks_assessed": 70, "deescalated": 60, "chain_connected": 45,
    "network_involved": 20, "crisis_service": 15, "gp_contacted": 8, "treatment_contacted": 18,
    "oggz_reported": 15, "social_team_referred": 14, "peer_expert": 4, "forensic_consulted": 3,
    "transport_assessment": 8, "wvggz_crisis": 4, "police_intervention": 6,
}  # fmt: skip
BOTTLENECK_WEIGHTS = {
    "no_police_report": 8, "assessment_intoxicated": 10, "no_bed": 6, "no_direction": 5,
    "care_avoidance": 12, "information_sharing": 4, "waiting_list": 7,
}  # fmt: skip
OUTCOME_WEIGHTS = {
    "stayed_home": 35, "home_with_follow_up": 30, "voluntary_care": 8, "crisis_assessment": 10,
    "compulsory_care": 4, "police_custody": 5, "hospital": 4, "shelter": 3, "other": 1,
}  # fmt: skip
SAFETY_WEIGHTS = {"none": 8, "limited": 30, "reasonable": 42, "full": 20}


def configure_demo_followup() -> None:
    """The Hotspot's follow-up defaults: WIJ takes casusregie, the municipality procesregie."""
    config = settings_for(Programme.objects.get(slug="groninger-hotspot"))
    if config.default_case_organisation_id is None:
        config.default_case_organisation = Organisation.objects.get(slug="wij-groningen")
        config.default_process_organisation = Organisation.objects.get(slug="gemeente-groningen")
        config.save()


def generate_demo_responses(nurse: Any) -> int:
    """Register responses for demo Hotspot incidents that have none yet; return how many."""
    terms = {(t.vocabulary, t.code): t for t in Term.objects.all()}
    on_site = list(
        Organisation.objects.filter(
            partner_set__programme__slug="groninger-hotspot",
            kind__in=[OrganisationKind.POLICE, OrganisationKind.MENTAL_HEALTH],
        )
    )
    incidents = Incident.objects.filter(
        programme__slug="groninger-hotspot",
        number__startswith=DEMO_NUMBER_PREFIX,
        response__isnull=True,
    ).select_related("programme", "person")
    made = 0
    now = timezone.now()
    for incident in incidents:
        rng = random.Random(incident.number)
        if rng.random() > SHARE_WITH_RESPONSE:
            continue
        data = _draw(rng, incident, terms, on_site, now)
        data.care_professional = nurse
        register_response(nurse, incident, data)
        if data.follow_up_needed:
            _opened_when_the_response_ended(incident, data)
        made += 1
    return made


def _opened_when_the_response_ended(incident: Incident, data: ResponseData) -> None:
    """The demo registers past responses today, so their trajectories would all open today:
    every one in this month's figures, and opened after its own first contact. Put the opening
    (the trajectory and its first event) where it belongs, when the nurse left."""
    opened = data.departed_at or data.arrived_at or incident.reported_at
    Trajectory.objects.filter(response__incident=incident).update(opened_at=opened)
    TrajectoryEvent.objects.filter(
        trajectory__response__incident=incident, kind=EventKind.OPENED
    ).update(at=opened)


def _draw(
    rng: random.Random,
    incident: Incident,
    terms: dict[tuple[str, str], Term],
    on_site: list[Organisation],
    now: dt.datetime,
) -> ResponseData:
    def pick(vocabulary: Vocabulary, weights: dict[str, int], most: int) -> list[Term]:
        chosen = {
            rng.choices(list(weights), list(weights.values()))[0]
            for _ in range(rng.randint(1, most))
        }
        return [terms[(vocabulary, code)] for code in chosen]

    def one(vocabulary: Vocabulary, weights: dict[str, int]) -> Term:
        return terms[(vocabulary, rng.choices(list(weights), list(weights.values()))[0])]

    arrived = incident.reported_at + dt.timedelta(minutes=rng.randint(8, 45))
    departed = min(arrived + dt.timedelta(minutes=rng.randint(25, 150)), now)
    police_left = arrived + dt.timedelta(minutes=rng.randint(5, 30)) if rng.random() < 0.4 else None
    if police_left is not None and police_left > departed:
        police_left = None
    ave = incident.initial_ave_level or rng.choice([2, 3, 3, 4])
    outcome = one(Vocabulary.OUTCOME, OUTCOME_WEIGHTS)
    return ResponseData(
        care_professional=None,
        organisations_on_site=on_site,
        police_officers=rng.choice([1, 2, 2, 2, 3, 4]),
        arrived_at=arrived,
        departed_at=departed,
        police_departed_at=police_left,
        ave_on_arrival=ave,
        ave_on_leaving=max(1, ave - rng.choice([0, 1, 1, 2])),
        risks=pick(Vocabulary.RISK, RISK_WEIGHTS, 3),
        interventions=pick(Vocabulary.INTERVENTION, INTERVENTION_WEIGHTS, 4),
        bottlenecks=pick(Vocabulary.BOTTLENECK, BOTTLENECK_WEIGHTS, 1)
        if rng.random() < 0.3
        else [],
        safety_person=one(Vocabulary.SAFETY, SAFETY_WEIGHTS) if rng.random() < 0.93 else None,
        safety_surroundings=one(Vocabulary.SAFETY, SAFETY_WEIGHTS) if rng.random() < 0.9 else None,
        outcome=outcome,
        follow_up_needed=outcome.code == "home_with_follow_up" or rng.random() < 0.15,
        notes="",
    )


SHARE_WITH_CARE_CONTACT = 0.7


def generate_demo_care_contacts(worker: Any) -> int:
    """A first care contact (a consultation, the Hotspot's care kind) on most open demo
    trajectories that have no contact yet, one to thirty days after their response, so time
    to care has figures in the demo. Return how many."""
    consultation = Term.objects.get(vocabulary=Vocabulary.CONTACT_KIND, code="consultation")
    wij = Organisation.objects.get(slug="wij-groningen")
    trajectories = Trajectory.objects.filter(
        programme__slug="groninger-hotspot",
        status=TrajectoryStatus.OPEN,
        response__incident__number__startswith=DEMO_NUMBER_PREFIX,
        contacts__isnull=True,
    ).select_related("response__incident")
    made = 0
    now = timezone.now()
    for trajectory in trajectories:
        assert trajectory.response is not None  # the filter above
        rng = random.Random(f"contact-{trajectory.response.incident.number}")
        if rng.random() > SHARE_WITH_CARE_CONTACT:
            continue
        # From the response on (when the demo's trajectory opened).
        response = trajectory.response
        since = response.arrived_at or response.incident.reported_at
        at = since + dt.timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
        if at >= now:
            continue
        add_contact(
            worker,
            trajectory,
            at=at,
            kind=consultation,
            with_whom=WithWhom.PERSON,
            partner=None,
            with_peer_expert=False,
            activities=[],
            result="Synthetisch: eerste gesprek, afspraken over vervolg.",
            by_organisation=wij,
        )
        made += 1
    return made
