"""What a row is checked against: programmes, municipalities, areas and vocabulary terms.

Loaded once per import in a handful of queries, then held as plain dictionaries so that the
row parser is a pure function (property tests build a ``Reference`` without a database).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.network.models import Area, Municipality, Programme
from grip.vocab.models import Term, Vocabulary

# The vocabularies a situations row chooses from.
ROW_VOCABULARIES = (
    Vocabulary.INCIDENT_CODE,
    Vocabulary.RISK,
    Vocabulary.INTERVENTION,
    Vocabulary.BOTTLENECK,
    Vocabulary.SAFETY,
    Vocabulary.OUTCOME,
)


@dataclass(frozen=True)
class AreaRef:
    id: int
    municipality_id: int


@dataclass(frozen=True)
class ProgrammeRef:
    id: int
    slug: str
    municipality_ids: frozenset[int] = frozenset()
    areas: dict[str, AreaRef] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    programmes: dict[str, ProgrammeRef]
    municipalities: dict[str, int]  # CBS code -> id
    terms: dict[str, dict[str, Term]]  # vocabulary -> code -> term (retired ones included)
    # Programmes rows may be imported into; None: all of them (the command line, the system).
    allowed_programme_ids: frozenset[int] | None = None

    def may_import(self, programme: ProgrammeRef) -> bool:
        allowed = self.allowed_programme_ids
        return allowed is None or programme.id in allowed


def importable_programme_ids(user: Any) -> frozenset[int]:
    """Where ``user`` may import: a row is an incident (police) and a response (care)."""
    grants = grants_for(user)
    return grants.programmes(DataClass.POLICE, Action.CREATE) & grants.programmes(
        DataClass.CARE, Action.CREATE
    )


def load_reference(
    user: Any = None,
    *,
    vocabularies: Iterable[str] = ROW_VOCABULARIES,
    importable: Callable[[Any], frozenset[int]] = importable_programme_ids,
) -> Reference:
    """The reference for an import by ``user`` (None: the system, every programme).

    ``vocabularies`` and ``importable`` (where a user may import) are the format's: the
    situations format's by default, the signals format passes its own."""
    vocabularies = tuple(vocabularies)
    links = Programme.municipalities.through.objects.values_list("programme_id", "municipality_id")
    municipalities_of: dict[int, set[int]] = defaultdict(set)
    for programme_id, municipality_id in links:
        municipalities_of[programme_id].add(municipality_id)
    areas_of: dict[int, dict[str, AreaRef]] = defaultdict(dict)
    for area in Area.objects.only("id", "slug", "programme_id", "municipality_id"):
        areas_of[area.programme_id][area.slug] = AreaRef(area.pk, area.municipality_id)
    programmes = {
        slug: ProgrammeRef(
            id=pk,
            slug=slug,
            municipality_ids=frozenset(municipalities_of[pk]),
            areas=areas_of[pk],
        )
        for pk, slug in Programme.objects.values_list("pk", "slug")
    }
    terms: dict[str, dict[str, Term]] = {vocabulary: {} for vocabulary in vocabularies}
    for term in Term.objects.filter(vocabulary__in=vocabularies):
        terms[term.vocabulary][term.code] = term
    return Reference(
        programmes=programmes,
        municipalities=dict(Municipality.objects.values_list("cbs_code", "pk")),
        terms=terms,
        allowed_programme_ids=None if user is None else importable(user),
    )
