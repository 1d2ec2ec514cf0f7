"""A JSON report in, parsed by the import's own row parsers, so the API and the CSV import
accept the same values and reject with the same reasons (field = CSV column).

The body is turned into one record (a header of its keys, a row of its values) for
``SignalRowParser`` and the situations row helpers. Only the fields a sender gives are
accepted: the state of a signal (picked up, contact, closure) is the programme's to record,
so those fields are unknown here, as an unknown column is in a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass, SignalRight
from grip.api.problems import Rejected
from grip.network.models import Programme
from grip.signalling.exchange.columns import VOCABULARIES as SIGNAL_VOCABULARIES
from grip.signalling.exchange.rows import SignalRow, SignalRowParser
from grip.signalling.rights import programmes_with
from grip.triage.exchange import cells
from grip.triage.exchange.columns import Header
from grip.triage.exchange.reference import Reference, load_reference
from grip.triage.exchange.rows import (
    RowCells,
    area_cell,
    municipality_cell,
    number_text,
    person_key_text,
    programme_cell,
)
from grip.vocab.models import Term, Vocabulary

SIGNAL_FIELDS = (
    "signal_number", "source", "programme", "municipality", "area", "received_at",
    "person_key", "concerns", "notes",
)  # fmt: skip
INCIDENT_FIELDS = (
    "incident_number", "incident_code", "programme", "municipality", "area", "reported_at",
    "ave_level", "person_key",
)  # fmt: skip
LIST_FIELDS = frozenset({"concerns"})


def _as_cells(body: Any, allowed: tuple[str, ...]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The body's values as cell text and what is wrong with its shape (unknown fields,
    values that are no text); ``Rejected`` for a body that is no record at all."""
    if not isinstance(body, dict):
        raise Rejected([("", _("Stuur één JSON-object met de velden van de melding."))])
    problems: list[tuple[str, str]] = []
    found: dict[str, str] = {}
    for key, value in body.items():
        if key not in allowed:
            problems.append((str(key), _("Onbekend veld.")))
        elif value is None:
            found[key] = ""
        elif key in LIST_FIELDS and isinstance(value, list):
            if all(isinstance(item, str) for item in value):
                found[key] = "|".join(value)
            else:
                problems.append((key, _("Een lijst van codes (tekst) verwacht.")))
        elif isinstance(value, bool) or not isinstance(value, str | int):
            problems.append((key, _("Tekst verwacht.")))
        else:
            found[key] = str(value)
    return found, problems


def _header(found: dict[str, str]) -> tuple[Header, list[str]]:
    names = list(found)
    return Header(positions={name: i for i, name in enumerate(names)}, width=len(names)), [
        found[name] for name in names
    ]


def signal_row(actor: Any, body: Any) -> SignalRow:
    found, problems = _as_cells(body, SIGNAL_FIELDS)
    for required in ("signal_number", "source", "programme", "municipality", "received_at"):
        found.setdefault(required, "")
    reference = load_reference(
        actor,
        vocabularies=SIGNAL_VOCABULARIES,
        importable=lambda user: programmes_with(user, SignalRight.REGISTER),
    )
    header, fields = _header(found)
    row, errors = SignalRowParser(header, reference).parse(1, fields)
    if row is None or problems:
        raise Rejected(problems + [(error.column, error.reason) for error in errors])
    if row.retired:
        raise Rejected(
            [(column, cells.retired_reason([term.code])) for column, term in row.retired]
        )
    return row


@dataclass(frozen=True)
class IncidentRow:
    number: str
    code: Term
    programme_id: int
    municipality_id: int
    area_id: int | None
    reported_at: dt.datetime
    ave_level: int | None
    person_key: str


def incident_row(actor: Any, body: Any) -> IncidentRow:
    found, problems = _as_cells(body, INCIDENT_FIELDS)
    reference: Reference = load_reference(
        actor,
        vocabularies=(Vocabulary.INCIDENT_CODE,),
        importable=lambda user: grants_for(user).programmes(DataClass.POLICE, Action.CREATE),
    )
    row = RowCells(1, {key: value.strip() for key, value in found.items()})
    number = row.parse("incident_number", number_text) if row.required("incident_number") else None
    code = None
    if row.required("incident_code") is not None:
        code = row.parse(
            "incident_code",
            partial(cells.term, terms=reference.terms[Vocabulary.INCIDENT_CODE]),
        )
    programme = programme_cell(row, reference)
    municipality_id = municipality_cell(row, reference, programme)
    area_id = area_cell(row, programme, municipality_id)
    reported_at = row.parse("reported_at", cells.moment) if row.required("reported_at") else None
    ave_level = row.parse("ave_level", cells.ave_level)
    person_key = row.parse("person_key", person_key_text) or ""
    if code is not None and code.is_retired:
        row.fail("incident_code", cells.retired_reason([code.code]))
    if (
        problems
        or row.errors
        or number is None
        or code is None
        or programme is None
        or municipality_id is None
        or reported_at is None
    ):
        raise Rejected(problems + [(error.column, error.reason) for error in row.errors])
    return IncidentRow(
        number, code, programme.id, municipality_id, area_id, reported_at, ave_level, person_key
    )


def programme(programme_id: int) -> Programme:
    return Programme.objects.get(pk=programme_id)
