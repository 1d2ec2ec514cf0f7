"""Building blocks for learning tests: responses with bottlenecks and sessions about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from grip.learning import actions
from grip.learning.models import OutcomeKind, ReflectionSession
from grip.network.models import Organisation, Programme
from grip.triage.models import Response
from grip.vocab.models import Term
from tests.factories import IncidentFactory, PersonFactory
from tests.triage.test_responses import a_response

# The organisations of the police, triage and follow-up personas take part; the peer
# expert's (InBegrepen) does not.
PARTICIPANTS = ("politie-noord-nederland", "lentis", "wij-groningen")


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def theme(code: str) -> Term:
    return Term.objects.get(vocabulary__startswith="theme_", code=code)


def orgs(*slugs: str) -> list[Organisation]:
    return list(Organisation.objects.filter(slug__in=slugs))


def response_with(
    actor: Any,
    programme: Programme,
    *,
    bottlenecks: tuple[str, ...] = (),
    days_ago: int = 3,
    **overrides: Any,
) -> Response:
    person = PersonFactory(programmes=[programme])
    incident = IncidentFactory(
        programme=programme,
        person=person,
        reported_at=timezone.now() - dt.timedelta(days=days_ago, hours=2),
        description="Naam Voorbeeld, Dorpsstraat 1, belde om hulp.",  # free text: never packed
    )
    return a_response(
        actor,
        incident,
        bottlenecks=[term("bottleneck", code) for code in bottlenecks],
        arrived_at=incident.reported_at + dt.timedelta(minutes=20),
        departed_at=incident.reported_at + dt.timedelta(minutes=80),
        **overrides,
    )


def a_session(
    facilitator: Any,
    programme: Programme,
    *,
    held_on: dt.date | None = None,
    participants: tuple[str, ...] = PARTICIPANTS,
    picks: tuple[str, ...] = (),
) -> ReflectionSession:
    return actions.plan_session(
        facilitator,
        programme,
        held_on=held_on or timezone.localdate(),
        facilitator=facilitator,
        organisations=orgs(*participants),
        topic="Testsessie",
        picks=picks,
    )


def mention(facilitator: Any, session: ReflectionSession, kind: OutcomeKind, code: str) -> None:
    actions.add_outcome(facilitator, session, kind=kind, theme=theme(code), text="")
