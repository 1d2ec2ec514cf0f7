"""One signals CSV record to a ``SignalRow``, or the list of everything wrong with it.

Pure, like the situations row parser whose cell helpers it uses: the record and a
``Reference`` in, values or ``CellError``s out, never an exception. What needs the database
(a retired code the signal already carries, the row merged with the stored signal) is the
batch's, in ``grip.signalling.exchange.writes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from grip.signalling.exchange.columns import COLUMNS, TIME_CHAIN
from grip.signalling.models import ContactWith
from grip.triage.exchange import cells
from grip.triage.exchange.cells import BadCell
from grip.triage.exchange.columns import MAX_NOTES_LENGTH, WHOLE_ROW, CellError, Header
from grip.triage.exchange.reference import ProgrammeRef, Reference
from grip.triage.exchange.rows import (
    RowCells,
    area_cell,
    cleaned_cells,
    municipality_cell,
    number_text,
    person_key_text,
    programme_cell,
)
from grip.vocab.models import Term, Vocabulary

COLUMN_ORDER = {column: index for index, column in enumerate(COLUMNS)}
# The optional columns that become fields of the signal (``SignalRow.values``).
VALUE_COLUMNS = (
    "concerns",
    "picked_up_at",
    "first_contact_at",
    "first_contact_with",
    "closed_at",
    "result",
    "notes",
)
# Columns that come together: a value in one needs a value in the other.
PAIRS = (("first_contact_at", "first_contact_with"), ("closed_at", "result"))
# Columns that need ``picked_up_at``: nobody makes contact or closes what nobody picked up.
NEED_PICK_UP = ("first_contact_at", "closed_at")


@dataclass
class SignalRow:
    """A parsed row. Optional columns absent from the file are absent from ``values`` too:
    an update leaves those fields as they are, while an empty cell clears its field."""

    line: int
    number: str
    source: Term
    programme: ProgrammeRef
    municipality_id: int
    received_at: dt.datetime
    area_id: int | None = None
    has_area: bool = False
    person_key: str | None = None  # None: no person_key column; "": no person
    values: dict[str, Any] = field(default_factory=dict)  # column -> value
    retired: list[tuple[str, Term]] = field(default_factory=list)  # (column, term)

    @property
    def key(self) -> tuple[int, int, str]:
        """DOMAIN.md's key: (programme, source, signal_number)."""
        return (self.programme.id, self.source.pk, self.number)


def contact_with(value: str) -> str:
    if value in ContactWith.values:
        return value
    raise BadCell(
        _("Vul 'network' of 'person' in (of laat leeg): %(value)s.") % {"value": cells.shown(value)}
    )


def rule_errors(
    values: Mapping[str, Any], unknown: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """DOMAIN.md's row rules over a signal's values, as (column, reason) pairs.

    ``values`` holds the columns of ``TIME_CHAIN``, ``first_contact_with`` and ``result``
    (None or empty: not given). A rule about a column in ``unknown`` (its cell was bad and
    already reported) is not judged: the row is refused anyway, and a second complaint about
    the same cell would only confuse. The row parser and the batch (the row merged with the
    stored signal) both judge through here."""
    found: list[tuple[str, str]] = []
    latest: tuple[str, dt.datetime] | None = None
    for column in TIME_CHAIN:
        moment = values.get(column)
        if column in unknown or moment is None:
            continue
        if latest is not None and moment < latest[1]:
            found.append(
                (
                    column,
                    _("%(later)s ligt vóór %(earlier)s.") % {"later": column, "earlier": latest[0]},
                )
            )
        else:
            latest = (column, moment)
    if "picked_up_at" not in unknown and not values.get("picked_up_at"):
        for column in NEED_PICK_UP:
            if values.get(column) and column not in unknown:
                found.append(
                    (
                        column,
                        _(
                            "%(column)s vraagt om picked_up_at: zonder oppakken geen contact "
                            "en geen afsluiting."
                        )
                        % {"column": column},
                    )
                )
    for first, second in PAIRS:
        if first in unknown or second in unknown:
            continue
        has_first, has_second = bool(values.get(first)), bool(values.get(second))
        if has_first != has_second:
            missing, given = (second, first) if has_first else (first, second)
            found.append(
                (
                    missing,
                    _("%(given)s en %(missing)s horen samen: vul ook %(missing)s in.")
                    % {"given": given, "missing": missing},
                )
            )
    return found


class SignalRowParser:
    """Parses the records of one signals file (what depends only on the header and the
    reference is worked out once)."""

    def __init__(self, header: Header, reference: Reference) -> None:
        self.header = header
        self.reference = reference
        terms = reference.terms
        self.parsers: dict[str, Callable[[str], Any]] = {
            "concerns": partial(cells.term_list, terms=terms[Vocabulary.SIGNAL_CONCERN]),
            "picked_up_at": cells.moment,
            "first_contact_at": cells.moment,
            "first_contact_with": contact_with,
            "closed_at": cells.moment,
            "result": partial(cells.term, terms=terms[Vocabulary.SIGNAL_RESULT]),
            "notes": partial(cells.text, max_length=MAX_NOTES_LENGTH),
        }
        self.value_columns = [column for column in VALUE_COLUMNS if header.has(column)]

    def parse(self, line: int, fields: list[str]) -> tuple[SignalRow | None, list[CellError]]:
        """The row and no errors, or None and every error found in it (file column order)."""
        header, reference = self.header, self.reference
        if len(fields) != header.width:
            reason = _("De regel heeft %(found)d velden, de kopregel %(expected)d.") % {
                "found": len(fields),
                "expected": header.width,
            }
            return None, [CellError(line, WHOLE_ROW, reason)]
        row = RowCells(line, cleaned_cells(fields, header))
        number = row.required("signal_number")
        if number is not None:
            number = row.parse("signal_number", number_text)
        source = None
        if row.required("source") is not None:
            source = row.parse(
                "source", partial(cells.term, terms=reference.terms[Vocabulary.SIGNAL_SOURCE])
            )
        programme = programme_cell(row, reference)
        municipality_id = municipality_cell(row, reference, programme)
        area_id = area_cell(row, programme, municipality_id)
        received_at = (
            row.parse("received_at", cells.moment) if row.required("received_at") else None
        )
        person_key = row.raw("person_key")
        if person_key:
            person_key = row.parse("person_key", person_key_text)
        values = {column: self._value(row, column) for column in self.value_columns}
        unknown = frozenset(error.column for error in row.errors)
        for column, reason in rule_errors({**values, "received_at": received_at}, unknown):
            row.fail(column, reason)
        if (
            row.errors
            or number is None
            or source is None
            or programme is None
            or municipality_id is None
            or received_at is None
        ):
            return None, sorted(row.errors, key=lambda error: COLUMN_ORDER[error.column])
        return SignalRow(
            line=line,
            number=number,
            source=source,
            programme=programme,
            municipality_id=municipality_id,
            received_at=received_at,
            area_id=area_id,
            has_area=header.has("area"),
            person_key=person_key,
            values=values,
            retired=_retired(source, values),
        ), []

    def _value(self, row: RowCells, column: str) -> Any:
        value = row.parse(column, self.parsers[column])
        if column == "concerns":
            return value or []
        if column in ("notes", "first_contact_with"):
            return value or ""
        return value


def _retired(source: Term, values: dict[str, Any]) -> list[tuple[str, Term]]:
    found = [("source", source)] if source.is_retired else []
    found += [("concerns", term) for term in values.get("concerns", []) if term.is_retired]
    result = values.get("result")
    if result is not None and result.is_retired:
        found.append(("result", result))
    return found
