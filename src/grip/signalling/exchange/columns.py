"""Exchange format v1, signals CSV: its columns, its header and who may import it.

The file rules (UTF-8, RFC 4180, header in any order, formula guard) are the situations
format's and live in ``grip.triage.exchange``; a format is only its columns and row rules.
The column order is DOMAIN.md's table order; export writes it, import accepts any order.
"""

from __future__ import annotations

from typing import Any

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.triage.exchange.columns import Header, parse_header
from grip.vocab.models import Vocabulary

COLUMNS: tuple[str, ...] = (
    "signal_number",
    "source",
    "programme",
    "municipality",
    "area",
    "received_at",
    "person_key",
    "concerns",
    "picked_up_at",
    "first_contact_at",
    "first_contact_with",
    "closed_at",
    "result",
    "notes",
)
REQUIRED: frozenset[str] = frozenset(
    {"signal_number", "source", "programme", "municipality", "received_at"}
)
# The vocabularies a signals row chooses from (retired codes included: the batch judges them).
VOCABULARIES = (Vocabulary.SIGNAL_SOURCE, Vocabulary.SIGNAL_CONCERN, Vocabulary.SIGNAL_RESULT)

# The moments of a signal in the order they must come (each where present).
TIME_CHAIN = ("received_at", "picked_up_at", "first_contact_at", "closed_at")


def parse_signals_header(names: list[str]) -> Header:
    return parse_header(names, COLUMNS, REQUIRED)


def importable_programme_ids(user: Any) -> frozenset[int]:
    """Where ``user`` may import signals: a file rewrites a programme's signal register in
    bulk (pick-ups, closures, social notes), so it needs both the change right and the bulk
    right (export) on social data there; in the policy that is the programme's coordinator."""
    grants = grants_for(user)
    return grants.programmes(DataClass.SOCIAL, Action.CHANGE) & grants.programmes(
        DataClass.SOCIAL, Action.EXPORT
    )
