"""Export a programme's signals as the signals CSV, streamed in constant memory.

One row per signal whose ``received_at``, as a local date in Europe/Amsterdam, lies in
``date_from``..``date_to`` (both inclusive), ordered by ``received_at``, then number. Written
through the situations format's neutralising writer, and read back by the import: export →
import changes nothing, export → import → export gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.network.models import Programme
from grip.people.models import SourceKey
from grip.signalling.exchange.columns import COLUMNS
from grip.signalling.models import Signal
from grip.triage.exchange import exporter
from grip.triage.exchange.exporter import codes_text, local_midnight, moment_text

CHUNK_SIZE = 1000
COMMAND = "export_signals"


def may_see_notes(user: Any, programme: Programme) -> bool:
    """Signal notes are social data: only who may view that gets them (None: the system)."""
    return user is None or grants_for(user).can(DataClass.SOCIAL, Action.VIEW, programme.pk)


def signals_in_period(
    programme: Programme, date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[Signal]:
    signals = Signal.objects.filter(programme=programme)
    if date_from is not None:
        signals = signals.filter(received_at__gte=local_midnight(date_from))
    if date_to is not None:
        signals = signals.filter(received_at__lt=local_midnight(date_to + dt.timedelta(days=1)))
    own_keys = SourceKey.objects.filter(programme=programme).order_by("pk")
    return (
        signals.select_related("source", "municipality", "area", "person", "result")
        .prefetch_related(
            "concerns",
            Prefetch("person__source_keys", queryset=own_keys, to_attr="own_keys"),
        )
        .order_by("received_at", "number", "source__position", "pk")
    )


def signal_rows(
    programme: Programme,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    user: Any = None,
) -> Iterator[list[str]]:
    """The data rows (without header), as text; the one CSV writer (grip.csvfile) neutralises
    every cell against formula injection when it writes them."""
    show_notes = may_see_notes(user, programme)
    signals = signals_in_period(programme, date_from, date_to)
    for signal in signals.iterator(chunk_size=CHUNK_SIZE):
        yield list(_cells(signal, programme, show_notes))


def csv_lines(
    programme: Programme,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    user: Any = None,
) -> Iterator[str]:
    """The file as text lines (RFC 4180, CRLF), header first."""
    return exporter.csv_text(COLUMNS, signal_rows(programme, date_from, date_to, user))


def log_export(
    user: Any, programme: Programme, date_from: dt.date | None, date_to: dt.date | None
) -> None:
    """One access-log row for the export, naming every person whose signals it holds (so a
    person's subject-access report shows the export)."""
    persons = (
        signals_in_period(programme, date_from, date_to)
        .filter(person__isnull=False)
        .order_by()
        .values_list("person__display_key", flat=True)
        .distinct()
    )
    exporter.log_export(user, programme, date_from, date_to, command=COMMAND, persons=persons)


def _cells(signal: Signal, programme: Programme, show_notes: bool) -> list[str]:
    person = signal.person
    own_keys: list[SourceKey] = getattr(person, "own_keys", []) if person else []
    values = {
        "signal_number": signal.number,
        "source": signal.source.code,
        "programme": programme.slug,
        "municipality": signal.municipality.cbs_code,
        "area": signal.area.slug if signal.area else "",
        "received_at": moment_text(signal.received_at),
        # The source's own key where the person came with one, else Grip's display key
        # (which the import recognises as the same person).
        "person_key": own_keys[0].key if own_keys else (person.display_key if person else ""),
        "concerns": codes_text(signal.concerns.all()),
        "picked_up_at": moment_text(signal.picked_up_at),
        "first_contact_at": moment_text(signal.first_contact_at),
        "first_contact_with": signal.first_contact_with,
        "closed_at": moment_text(signal.closed_at),
        "result": signal.result.code if signal.result else "",
        "notes": signal.notes if show_notes else "",
    }
    return [values[column] for column in COLUMNS]
