"""What the database already holds for a batch's keys, in a fixed handful of queries.

Known incidents (locked for the batch's transaction), their responses as ``ResponseData``
to compare the file against, and whether each already has a trajectory. The code lists are
read as plain id pairs and resolved through the import's own term table: Django's
``prefetch_related`` would build a queryset per response for its cache, which at a thousand
responses a batch costs more than the comparison itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from grip.bulk import among, among_pairs
from grip.intake.models import Incident
from grip.triage.actions import SCALAR_FIELDS, ResponseData
from grip.triage.exchange.persons import PersonRef
from grip.triage.exchange.rows import TERM_LIST_COLUMNS, SituationRow
from grip.triage.models import Response
from grip.vocab.models import Term

FILE_MANY_FIELDS = list(TERM_LIST_COLUMNS)
# ResponseData's scalar fields as (name, attname, is a term): other relations (the care
# professional) are not in the file; they are left out of the comparison on both sides.
_SCALARS = [
    (name, field.attname, field.is_relation)
    for name in SCALAR_FIELDS
    for field in [Response._meta.get_field(name)]
    if hasattr(field, "attname") and (not field.is_relation or field.related_model is Term)
]


class TermTable(dict[int, Term]):
    """Terms by id, from the import's reference; one added later (an administrator working
    during a long import) is fetched when first met instead of failing the batch."""

    def __missing__(self, pk: int) -> Term:
        term = Term.objects.get(pk=pk)
        self[pk] = term
        return term


@dataclass
class KnownResponse:
    response: Response
    before: ResponseData  # the fields the file can change, as they are now

    def has_term(self, name: str, term_id: int) -> bool:
        value = getattr(self.before, name)
        if isinstance(value, list):
            return any(term.pk == term_id for term in value)
        return value is not None and value.pk == term_id


def known_incidents(rows: Iterable[SituationRow]) -> dict[tuple[int, str], Incident]:
    """The batch's incidents that exist, locked; ``person_key_now`` holds the person's key."""
    wanted = {row.key for row in rows}
    found = (
        Incident.objects.filter(among_pairs(Incident, ("kind", "number"), wanted))
        .annotate(person_key_now=F("person__display_key"))
        .select_for_update(of=("self",))
    )
    return {(i.kind_id, i.number): i for i in found if (i.kind_id, i.number) in wanted}


def person_of(incident: Incident) -> PersonRef | None:
    if incident.person_id is None:
        return None
    return PersonRef(incident.person_id, getattr(incident, "person_key_now", ""))


def known_responses(
    incidents: Iterable[Incident], terms_by_id: dict[int, Term]
) -> dict[int, KnownResponse]:
    """Responses by incident id (at most five queries, none when nothing is known)."""
    ids = [incident.pk for incident in incidents]
    if not ids:
        return {}
    responses = list(
        Response.objects.filter(among(Response, "incident", ids)).select_for_update(of=("self",))
    )
    if not responses:
        return {}
    response_ids = [response.pk for response in responses]
    many: dict[str, dict[int, list[Term]]] = {}
    for name in FILE_MANY_FIELDS:
        through = getattr(Response, name).through
        pairs = through.objects.filter(among(through, "response", response_ids)).values_list(
            "response_id", "term_id"
        )
        by_response: dict[int, list[Term]] = defaultdict(list)
        for response_id, term_id in pairs:
            by_response[response_id].append(terms_by_id[term_id])
        many[name] = by_response
    return {
        response.incident_id: KnownResponse(response, _before(response, many, terms_by_id))
        for response in responses
    }


def _before(
    response: Response, many: dict[str, dict[int, list[Term]]], terms_by_id: dict[int, Term]
) -> ResponseData:
    values: dict[str, Any] = {}
    for name, attname, is_term in _SCALARS:
        value = getattr(response, attname)
        values[name] = terms_by_id[value] if is_term and value is not None else value
    for name in FILE_MANY_FIELDS:
        values[name] = many[name].get(response.pk, [])
    return ResponseData(**values)
