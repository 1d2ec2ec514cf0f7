"""What one retention class found to do, and the shape every purger follows.

A purger works in two steps so that ``--dry-run`` can show everything and change nothing:
``find(now, earlier)`` only reads (``earlier``: what the classes before it found) and returns a
``Found``; ``apply(found, now)`` does the writes, in the purge's transaction, and writes the
access-log rows. Counts are kept per programme (``None``
for records outside any programme) and per kind of change, with a stable code that goes into
the access log and a Dutch label for the command's output.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Model

from grip.retention.classes import RetentionClass

CHUNK = 500  # ids per statement: well under SQLite's and PostgreSQL's parameter limits


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """``ids`` in lists of at most ``size``, for ``pk__in`` filters."""
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# kind code -> Dutch label for the command's output
KIND_LABELS = {
    "incidents_anonymised": "meldingen geanonimiseerd",
    "responses_anonymised": "inzetten geanonimiseerd",
    "response_revisions_deleted": "wijzigingsregels van inzetten verwijderd",
    "anonymous_tokens_created": "anonieme sleutels in plaats van betrokkenen",
    "trajectories_anonymised": "trajecten geanonimiseerd",
    "trajectory_events_deleted": "traject-gebeurtenissen verwijderd",
    "handovers_deleted": "overdrachten verwijderd",
    "contacts_deleted": "contactmomenten verwijderd",
    "tasks_deleted": "taken verwijderd",
    "plans_deleted": "plannen van aanpak verwijderd (met alle versies)",
    "conference_items_deleted": "agendapunten van casusoverleggen verwijderd (met besluiten)",
    "breakthroughs_deleted": "doorbraken verwijderd",
    "reflection_sessions_closed": "reflectiesessies alleen-lezen gemaakt",
    "session_cases_anonymised": "casussen van reflectiesessies ontkoppeld",
    "turning_points_anonymised": "kantelmomenten zonder toelichting",
    "session_outcomes_anonymised": "uitkomsten van reflectiesessies zonder toelichting",
    "agreed_actions_deleted": "afgesproken acties verwijderd",
    "action_reviews_deleted": "besprekingen van acties verwijderd",
    "persons_deleted": "betrokkenen verwijderd",
    "identities_deleted": "identiteiten verwijderd",
    "source_keys_deleted": "bronsleutels verwijderd",
    "sharing_records_deleted": "deelregistraties (grondslagen) verwijderd",
    "merges_deleted": "samenvoegingen verwijderd",
    "access_events_deleted": "toegangsregels verwijderd",
    "break_glass_grants_deleted": "noodtoegangen verwijderd",
    "notification_logs_deleted": "verzendregels verwijderd",
}

# reason code -> Dutch label: why a record past its period is still kept
HELD_LABELS = {
    "open_trajectory": "hoort bij een traject dat nog open is of nog bewaard wordt",
    "person_year": "andere meldingen van dezelfde betrokkene in dat jaar worden nog bewaard",
    "still_referred_to": "er verwijst nog een gegeven naar de betrokkene",
}


@dataclass
class Found:
    retention_class: RetentionClass
    cutoff: dt.datetime
    counts: Counter[tuple[int | None, str]] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)
    work: Any = None  # the purger's own description of what to change
    # Rows whose link to a person ``apply`` will take away, per (model, foreign key name): the
    # person purge of the same run counts those persons as having nothing left.
    unlinks: dict[tuple[type[Model], str], set[int]] = field(default_factory=dict)

    def add(self, programme_id: int | None, kind: str, n: int = 1) -> None:
        if n:
            self.counts[(programme_id, kind)] += n

    @property
    def empty(self) -> bool:
        return not self.counts


class Purger(Protocol):
    retention_class: RetentionClass

    def find(self, now: dt.datetime, earlier: list[Found]) -> Found: ...

    def apply(self, found: Found, now: dt.datetime) -> None: ...
