"""Export a programme's responses as exchange format v1, streamed in constant memory.

One row per response whose ``reported_at``, as a local date in Europe/Amsterdam, lies in
``date_from``..``date_to`` (both inclusive), ordered by ``reported_at`` then incident number.
The output is what the import reads: export → import → export gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.csvfile import csv_lines as write_csv_lines
from grip.network.models import Programme
from grip.people.models import SourceKey
from grip.triage.exchange.columns import CODE_SEPARATOR, COLUMNS, NO, YES
from grip.triage.models import Response
from grip.vocab.models import Term

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # DOMAIN.md: local dates and offsets are Dutch
CHUNK_SIZE = 1000


def may_see_notes(user: Any, programme: Programme) -> bool:
    """Care notes are care data: the police role never gets them (None: the system)."""
    return user is None or grants_for(user).can(DataClass.CARE, Action.VIEW, programme.pk)


def _in_period(
    programme: Programme, date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[Response]:
    responses = Response.objects.filter(incident__programme=programme)
    if date_from is not None:
        responses = responses.filter(incident__reported_at__gte=local_midnight(date_from))
    if date_to is not None:
        next_day = date_to + dt.timedelta(days=1)
        responses = responses.filter(incident__reported_at__lt=local_midnight(next_day))
    return responses


def responses_in_period(
    programme: Programme, date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet[Response]:
    responses = _in_period(programme, date_from, date_to)
    own_keys = SourceKey.objects.filter(programme=programme).order_by("pk")
    return (
        responses.select_related(
            "incident__kind",
            "incident__municipality",
            "incident__area",
            "incident__person",
            "safety_person",
            "safety_surroundings",
            "outcome",
        )
        .prefetch_related(
            "risks",
            "interventions",
            "bottlenecks",
            Prefetch("incident__person__source_keys", queryset=own_keys, to_attr="own_keys"),
        )
        .order_by("incident__reported_at", "incident__number", "incident__kind__position", "pk")
    )


def situation_rows(
    programme: Programme,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    user: Any = None,
) -> Iterator[list[str]]:
    """The data rows (without header), as stored: the CSV writer (``grip.csvfile``)
    neutralises them against formula injection."""
    show_notes = may_see_notes(user, programme)
    responses = responses_in_period(programme, date_from, date_to)
    for response in responses.iterator(chunk_size=CHUNK_SIZE):
        yield _cells(response, programme, show_notes)


def csv_lines(
    programme: Programme,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    user: Any = None,
) -> Iterator[str]:
    """The file as text lines (RFC 4180, CRLF), header first, through Grip's one CSV writer."""
    return csv_text(COLUMNS, situation_rows(programme, date_from, date_to, user))


def csv_text(columns: Iterable[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """A header and rows as RFC 4180 text lines, CRLF; every format's export writes through
    here, and so through Grip's one neutralising CSV writer (grip.csvfile)."""
    yield from write_csv_lines(columns, rows)


def log_export(
    user: Any,
    programme: Programme,
    date_from: dt.date | None,
    date_to: dt.date | None,
    command: str = "export_situations",
    persons: Iterable[str] | None = None,
) -> None:
    """One access-log row for the export as a whole (``command`` names the format's), naming
    every person it holds (one query for their keys, one insert for them). ``persons`` are the
    display keys of another format's export; by default the situations' of the period."""
    period = f"{date_from or ''}..{date_to or ''}"
    if persons is None:
        persons = (
            _in_period(programme, date_from, date_to)
            .filter(incident__person__isnull=False)
            .order_by()
            .values_list("incident__person__display_key", flat=True)
            .distinct()
        )
    with transaction.atomic():
        record(
            user,
            AccessEventAction.EXPORT,
            programme=programme,
            purpose=f"{command} {programme.slug} {period}",
            persons=persons,
        )


def _cells(response: Response, programme: Programme, show_notes: bool) -> list[str]:
    incident = response.incident
    person = incident.person
    own_keys: list[SourceKey] = getattr(person, "own_keys", []) if person else []
    values = {
        "incident_number": incident.number,
        "incident_code": incident.kind.code,
        "programme": programme.slug,
        "municipality": incident.municipality.cbs_code,
        "area": incident.area.slug if incident.area else "",
        "reported_at": moment_text(incident.reported_at),
        "arrived_at": moment_text(response.arrived_at),
        "departed_at": moment_text(response.departed_at),
        "police_departed_at": moment_text(response.police_departed_at),
        "police_officers": _number(response.police_officers),
        "ave_level": _number(response.ave_on_arrival),
        "person_key": own_keys[0].key if own_keys else (person.display_key if person else ""),
        "risks": codes_text(response.risks.all()),
        "interventions": codes_text(response.interventions.all()),
        "bottlenecks": codes_text(response.bottlenecks.all()),
        "safety_person": _code(response.safety_person),
        "safety_surroundings": _code(response.safety_surroundings),
        "outcome": _code(response.outcome),
        "follow_up": _yes_no(response.follow_up_needed),
        "notes": response.notes if show_notes else "",
    }
    return [values[column] for column in COLUMNS]


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LOCAL_TIME)


def moment_text(value: dt.datetime | None) -> str:
    return value.astimezone(LOCAL_TIME).isoformat() if value is not None else ""


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _code(term: Term | None) -> str:
    return term.code if term is not None else ""


def codes_text(terms: Iterable[Term]) -> str:
    """In vocabulary order (``position``), as the factsheet lists them."""
    return CODE_SEPARATOR.join(t.code for t in sorted(terms, key=lambda t: (t.position, t.code)))


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)
