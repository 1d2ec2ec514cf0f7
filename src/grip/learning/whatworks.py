"""What works: safety on leaving, split by each intervention and by the presence of a peer
expert or of the informal network. An association, never proof: the groups differ in more
than the one thing that splits them.

The responses are those of the indicator definitions (incident reported in the period, local
dates, both ends included). For every group the figure is the number of responses, how many
have a known safety judgement, how many of those are reasonable or full, and how many are
unknown: every share comes with the counts behind it.

- Per intervention: with it recorded on the response, and without.
- Peer expert: the response's intervention ``peer_expert``, or a follow-up contact in the
  response's trajectory of kind ``with_peer_expert`` or marked "met ervaringsdeskundige".
- Network: the intervention ``network_involved``, or a follow-up contact of kind
  ``network_meeting`` or with someone of the informal network.

All counting is SQL (one grouped query per split); Python only adds groups up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grip.followup.models import Contact, WithWhom
from grip.people.recurrence import Scope
from grip.triage.models import Response
from grip.vocab.models import Term, Vocabulary

PEER_EXPERT_LABEL = gettext_lazy("Ervaringsdeskundige (bij de inzet of in de opvolging)")
NETWORK_LABEL = gettext_lazy("Informeel netwerk (bij de inzet of in de opvolging)")
GOOD = frozenset({"reasonable", "full"})
SIDES = ("person", "surroundings")


@dataclass
class Safety:
    known: int = 0
    good: int = 0  # reasonable or full
    unknown: int = 0

    @property
    def share(self) -> float | None:
        return self.good / self.known if self.known else None


@dataclass
class Group:
    label: str
    responses: int
    person: Safety
    surroundings: Safety


@dataclass
class Split:
    label: str
    with_it: Group
    without: Group

    @property
    def groups(self) -> tuple[Group, Group]:
        return (self.with_it, self.without)


# A joint count: (safety_person code or None, safety_surroundings code or None) -> responses.
Joint = Counter[tuple[str | None, str | None]]


def _safety(joint: Joint) -> tuple[int, Safety, Safety]:
    person, surroundings = Safety(), Safety()
    for (on_person, on_surroundings), n in joint.items():
        for side, code in ((person, on_person), (surroundings, on_surroundings)):
            if code is None:
                side.unknown += n
            else:
                side.known += n
                side.good += n if code in GOOD else 0
    return sum(joint.values()), person, surroundings


def _group(label: str, joint: Joint) -> Group:
    total, person, surroundings = _safety(joint)
    return Group(label, total, person, surroundings)


def _split(label: str, with_joint: Joint, totals: Joint, with_label: str, without: str) -> Split:
    rest: Joint = Counter(totals)
    rest.subtract(with_joint)
    return Split(label, _group(with_label, with_joint), _group(without, +rest))


def period_responses(viewer: Any, scope: Scope) -> QuerySet[Response]:
    return Response.objects.visible_to(viewer).filter(scope.incident_filter("incident__"))


def _joint(rows: Any, *prefix: str) -> dict[Any, Joint]:
    found: dict[Any, Joint] = {}
    for row in rows:
        group = tuple(row[name] for name in prefix) if len(prefix) != 1 else row[prefix[0]]
        found.setdefault(group, Counter())[(row["p"], row["s"])] += row["n"]
    return found


def what_works(viewer: Any, scope: Scope) -> dict[str, Any]:
    responses = period_responses(viewer, scope)
    totals: Joint = Counter()
    for row in (
        responses.values(p=_code("safety_person"), s=_code("safety_surroundings"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        totals[(row["p"], row["s"])] += row["n"]
    through = Response.interventions.through
    per_term = _joint(
        through.objects.filter(response__in=responses.values("pk"))
        .values(
            "term_id",
            p=_code("response__safety_person"),
            s=_code("response__safety_surroundings"),
        )
        .annotate(n=Count("response_id", distinct=True))
        .order_by(),
        "term_id",
    )
    interventions = [
        _split(term.display_label, per_term.get(term.pk, Counter()), totals, _("met"), _("zonder"))
        for term in Term.objects.of(Vocabulary.INTERVENTION)
        if term.pk in per_term or not term.is_retired
    ]
    presence = []
    for label, flag in (
        (PEER_EXPERT_LABEL, _peer_expert()),
        (NETWORK_LABEL, _network()),
    ):
        joint = _joint(
            responses.annotate(flag=flag)
            .values("flag", p=_code("safety_person"), s=_code("safety_surroundings"))
            .annotate(n=Count("pk"))
            .order_by(),
            "flag",
        )
        presence.append(
            _split(str(label), joint.get(True, Counter()), totals, _("met"), _("zonder"))
        )
    return {
        "total": _group(_("alle inzetten"), totals),
        "interventions": interventions,
        "presence": presence,
    }


def _code(path: str) -> F:
    return F(f"{path}__code")


def _has_intervention(code: str) -> Exists:
    return Exists(
        Response.interventions.through.objects.filter(
            response_id=OuterRef("pk"),
            term__code=code,
            term__vocabulary=Vocabulary.INTERVENTION,
        )
    )


def _contact(condition: Q) -> Exists:
    return Exists(Contact.objects.filter(condition, trajectory__response=OuterRef("pk")))


def _peer_expert() -> ExpressionWrapper:
    return ExpressionWrapper(
        Q(_has_intervention("peer_expert"))
        | Q(_contact(Q(with_peer_expert=True) | Q(kind__code="with_peer_expert"))),
        output_field=BooleanField(),
    )


def _network() -> ExpressionWrapper:
    return ExpressionWrapper(
        Q(_has_intervention("network_involved"))
        | Q(_contact(Q(kind__code="network_meeting") | Q(with_whom=WithWhom.NETWORK))),
        output_field=BooleanField(),
    )
