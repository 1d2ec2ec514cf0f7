"""One CSV record to a ``SituationRow``, or the list of everything wrong with it.

Pure: the record and a ``Reference`` in, values or ``CellError``s out, never an exception.
Checks that need the database state (an incident in another programme, a retired code the
existing response already carries) are the batch's, in ``grip.triage.exchange.batch``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from grip.dates import EARLIEST_MOMENT, latest_moment
from grip.triage.actions import MANY_FIELDS, SCALAR_FIELDS
from grip.triage.exchange import cells
from grip.triage.exchange.cells import BadCell
from grip.triage.exchange.columns import (
    CODE_SEPARATOR,
    COLUMNS,
    MAX_NOTES_LENGTH,
    MAX_NUMBER_LENGTH,
    MAX_PERSON_KEY_LENGTH,
    NO,
    QUOTE,
    RESPONSE_FIELDS,
    WHOLE_ROW,
    YES,
    CellError,
    Header,
    unneutralise,
)
from grip.triage.exchange.reference import ProgrammeRef, Reference
from grip.vocab.models import Term, Vocabulary

T = TypeVar("T")

DESCRIBE_ORDER = (*SCALAR_FIELDS, *MANY_FIELDS)
COLUMN_ORDER = {column: index for index, column in enumerate(COLUMNS)}

TERM_COLUMNS: dict[str, Vocabulary] = {
    "safety_person": Vocabulary.SAFETY,
    "safety_surroundings": Vocabulary.SAFETY,
    "outcome": Vocabulary.OUTCOME,
}
TERM_LIST_COLUMNS: dict[str, Vocabulary] = {
    "risks": Vocabulary.RISK,
    "interventions": Vocabulary.INTERVENTION,
    "bottlenecks": Vocabulary.BOTTLENECK,
}
# (later column, earlier column): the later may not lie before the earlier.
TIME_ORDER = (
    ("arrived_at", "reported_at"),
    ("departed_at", "arrived_at"),
    ("police_departed_at", "arrived_at"),
)


@dataclass
class SituationRow:
    """A parsed row. Optional columns absent from the file are absent here too: an update
    leaves those fields as they are, while an empty cell clears its field."""

    line: int
    number: str
    kind: Term
    programme: ProgrammeRef
    municipality_id: int
    reported_at: dt.datetime
    area_id: int | None = None
    has_area: bool = False
    person_key: str | None = None  # None: no person_key column; "": no person
    values: dict[str, Any] = field(default_factory=dict)  # ResponseData field -> value
    retired: list[tuple[str, Term]] = field(default_factory=list)  # (column, term)
    # The history of a new response with ``values``: what ``actions.describe_changes`` would give.
    new_changes: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, str]:
        return (self.kind.pk, self.number)


class RowCells:
    """The cleaned cells of one record, and the errors found in them (all are reported)."""

    def __init__(self, line: int, cells: dict[str, str]) -> None:
        self.line = line
        self.cells = cells
        self.errors: list[CellError] = []
        self.new_changes: dict[str, list[Any]] = {}

    def raw(self, column: str) -> str | None:
        """The cell as text, or None when the column is absent."""
        return self.cells.get(column)

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(CellError(self.line, column, reason))

    def parse(self, column: str, parser: Callable[[str], T]) -> T | None:
        """The parsed non-empty cell; None when empty, absent or wrong (then an error)."""
        value = self.cells.get(column)
        if not value:
            return None
        try:
            return parser(value)
        except BadCell as exc:
            self.fail(column, exc.reason)
            return None

    def required(self, column: str) -> str | None:
        value = self.cells.get(column)
        if not value:
            self.fail(column, _("Dit veld is verplicht en is leeg."))
            return None
        return value


def cleaned_cells(fields: list[str], header: Header, verbatim: str = "notes") -> dict[str, str]:
    """The record's cells by column: stripped of surrounding blanks (except the ``verbatim``
    column, free text kept as written) and with a neutralised formula cell put back."""
    found = {column: fields[position].strip() for column, position in header.positions.items()}
    if verbatim in header.positions:
        found[verbatim] = fields[header.positions[verbatim]]
    for column, value in found.items():
        if value[:1] == QUOTE:
            found[column] = unneutralise(value)
    return found


class RowParser:
    """Parses the records of one file: what depends only on the header and the reference is
    worked out once here, not for each of a national file's rows."""

    def __init__(self, header: Header, reference: Reference) -> None:
        self.header = header
        self.reference = reference
        # In the order ``actions.describe_changes`` lists fields, so ``new_changes`` matches it.
        self.response_columns = sorted(
            (
                (column, name, _response_parser(column, reference))
                for column, name in RESPONSE_FIELDS.items()
                if header.has(column)
            ),
            key=lambda item: DESCRIBE_ORDER.index(item[1]),
        )
        self.fast = _FastPath(header, reference, [(c, n) for c, n, _p in self.response_columns])

    def parse(self, line: int, fields: list[str]) -> tuple[SituationRow | None, list[CellError]]:
        """The row and no errors, or None and every error found in it.

        A valid row takes the fast path (``_FastPath``); any doubt there hands the record to
        the checking path, which finds and words every error. Both give the same row."""
        if len(fields) == self.header.width:
            row = self.fast.parse(line, fields)
            if row is not None:
                return row, []
        return self.checked(line, fields)

    def checked(self, line: int, fields: list[str]) -> tuple[SituationRow | None, list[CellError]]:
        """``parse`` without the fast path: every cell checked and every error collected."""
        header, reference = self.header, self.reference
        if len(fields) != header.width:
            reason = _("De regel heeft %(found)d velden, de kopregel %(expected)d.") % {
                "found": len(fields),
                "expected": header.width,
            }
            return None, [CellError(line, WHOLE_ROW, reason)]
        row = RowCells(line, self._cells(fields))
        number = row.required("incident_number")
        if number is not None:
            number = row.parse("incident_number", number_text)
        kind = _incident_code(row, reference)
        programme = programme_cell(row, reference)
        municipality_id = municipality_cell(row, reference, programme)
        area_id = area_cell(row, programme, municipality_id)
        reported_at = (
            row.parse("reported_at", cells.moment) if row.required("reported_at") else None
        )
        person_key = row.raw("person_key")
        if person_key:
            person_key = row.parse("person_key", person_key_text)
        values, retired = self._response_values(row)
        _check_time_order(row, reported_at, values)
        if kind is not None and kind.is_retired:
            retired.insert(0, ("incident_code", kind))
        if (
            row.errors
            or number is None
            or kind is None
            or programme is None
            or municipality_id is None
            or reported_at is None
        ):
            # In the file's own column order (the checks run in another order).
            return None, sorted(row.errors, key=lambda error: COLUMN_ORDER[error.column])
        return SituationRow(
            line=line,
            number=number,
            kind=kind,
            programme=programme,
            municipality_id=municipality_id,
            reported_at=reported_at,
            area_id=area_id,
            has_area=header.has("area"),
            person_key=person_key,
            values=values,
            retired=retired,
            new_changes=row.new_changes,
        ), []

    def _cells(self, fields: list[str]) -> dict[str, str]:
        return cleaned_cells(fields, self.header)

    def _response_values(self, row: RowCells) -> tuple[dict[str, Any], list[tuple[str, Term]]]:
        """The response fields the file gives, and those with a retired code.

        Also fills ``row.new_changes``: the history of a new response with these values, as
        ``actions.describe_changes`` would write it, worked out here in the same pass (a property
        test holds the two equal).
        """
        values: dict[str, Any] = {}
        retired: list[tuple[str, Term]] = []
        changes = row.new_changes
        for column, name, parser in self.response_columns:
            value = row.parse(column, parser)
            if column in TERM_LIST_COLUMNS:
                value = value or []
                if value:
                    retired.extend((column, term) for term in value if term.is_retired)
                    changes[name] = [[], sorted(term.code for term in value)]
            elif column in TERM_COLUMNS:
                if value is not None:
                    if value.is_retired:
                        retired.append((column, value))
                    changes[name] = [None, value.code]
            elif column == "notes":
                value = value or ""
                if value:
                    changes[name] = ["", value]
            elif value is not None:
                text = value.isoformat() if isinstance(value, dt.datetime) else value
                changes[name] = [None, text]
            values[name] = value
        return values, retired


# The kinds of response cell, for the fast path.
_MOMENT, _OFFICERS, _AVE, _YES_NO, _TERM, _TERM_LIST, _NOTES = range(7)
_KINDS = {
    "arrived_at": _MOMENT,
    "departed_at": _MOMENT,
    "police_departed_at": _MOMENT,
    "police_officers": _OFFICERS,
    "ave_level": _AVE,
    "follow_up": _YES_NO,
    "notes": _NOTES,
    **dict.fromkeys(TERM_COLUMNS, _TERM),
    **dict.fromkeys(TERM_LIST_COLUMNS, _TERM_LIST),
}
_AVE_LEVELS = {str(level): level for level in range(1, 5)}
_YES_NO_VALUES = {YES: True, NO: False}
_SMALL_INTEGERS = {str(number): number for number in range(100)}
_TERM_LIST_CACHE_SIZE = 4096
# A term list cell's terms, their codes sorted (its history) and the retired ones among them.
_TermList = tuple[list[Term], list[str], list[Term]]
_UTC = dt.UTC
_from_iso = dt.datetime.fromisoformat


_EARLIEST = EARLIEST_MOMENT.astimezone(_UTC)


def _fast_moment(value: str, latest: dt.datetime) -> dt.datetime | None:
    """``cells.moment`` for a good value; None where it would complain. ``latest`` (UTC) is
    ``grip.dates.latest_moment()`` taken once per file."""
    try:
        parsed = _from_iso(value)
    except ValueError:
        return None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        return None
    try:
        moment = parsed.astimezone(_UTC)
    except OverflowError:
        return None
    if moment < _EARLIEST or moment > latest:
        return None
    return moment


def _fast_text(value: str, max_length: int) -> bool:
    return len(value) <= max_length and "\x00" not in value


class _FastPath:
    """``RowParser.checked`` for a valid record, at a fraction of the cost: positions and
    converters worked out once per file, no per-cell objects or exceptions, term lists cached
    by their text. It answers None at the first doubt (whatever the doubt), and the checking
    path then finds and words the errors, so the two never disagree on a row it returns (a
    property test holds them equal)."""

    def __init__(
        self, header: Header, reference: Reference, response_columns: list[tuple[str, str]]
    ) -> None:
        positions = header.positions
        self.number_at = positions["incident_number"]
        self.code_at = positions["incident_code"]
        self.programme_at = positions["programme"]
        self.municipality_at = positions["municipality"]
        self.reported_at = positions["reported_at"]
        self.area_at = positions.get("area")
        self.person_key_at = positions.get("person_key")
        self.notes_at = positions.get("notes")
        self.kinds = reference.terms[Vocabulary.INCIDENT_CODE]
        self.programmes = {
            slug: programme
            for slug, programme in reference.programmes.items()
            if reference.may_import(programme)
        }
        self.municipalities = {
            code: pk
            for code, pk in reference.municipalities.items()
            if cells.CBS_CODE.fullmatch(code)
        }
        self.steps: list[tuple[int, str, str, int, dict[str, Term]]] = []
        for column, name in response_columns:
            kind = _KINDS[column]
            vocabulary = TERM_COLUMNS.get(column) or TERM_LIST_COLUMNS.get(column)
            terms = reference.terms[vocabulary] if vocabulary else {}
            self.steps.append((positions[column], column, name, kind, terms))
        self.term_lists: dict[tuple[str, str], _TermList | None] = {}
        self.latest = latest_moment().astimezone(_UTC)

    def parse(self, line: int, fields: list[str]) -> SituationRow | None:
        texts = [value.strip() for value in fields]
        if QUOTE in "".join(texts):  # a neutralised cell somewhere (rare): unneutralise
            texts = [unneutralise(value) if value[:1] == QUOTE else value for value in texts]
        number = texts[self.number_at]
        if not number or not _fast_text(number, MAX_NUMBER_LENGTH):
            return None
        kind = self.kinds.get(texts[self.code_at])
        if kind is None:
            return None
        programme = self.programmes.get(texts[self.programme_at])
        if programme is None:
            return None
        municipality_id = self.municipalities.get(texts[self.municipality_at])
        if municipality_id is None or municipality_id not in programme.municipality_ids:
            return None
        area_id = None
        if self.area_at is not None:
            slug = texts[self.area_at]
            if slug:
                area = programme.areas.get(slug)
                if area is None or area.municipality_id != municipality_id:
                    return None
                area_id = area.id
        reported_at = _fast_moment(texts[self.reported_at], self.latest)
        if reported_at is None:
            return None
        person_key = None
        if self.person_key_at is not None:
            person_key = texts[self.person_key_at]
            if person_key and not _fast_text(person_key, MAX_PERSON_KEY_LENGTH):
                return None
        values: dict[str, Any] = {}
        changes: dict[str, list[Any]] = {}
        retired: list[tuple[str, Term]] = []
        if kind.is_retired:
            retired.append(("incident_code", kind))
        for position, column, name, kind_of_cell, terms in self.steps:
            if kind_of_cell == _NOTES:
                text = fields[position]
                if text[:1] == QUOTE:
                    text = unneutralise(text)
                if text:
                    if not _fast_text(text, MAX_NOTES_LENGTH):
                        return None
                    changes[name] = ["", text]
                values[name] = text
                continue
            text = texts[position]
            if kind_of_cell == _TERM_LIST:
                if not text:
                    values[name] = []
                    continue
                key = (column, text)
                try:
                    cached = self.term_lists[key]
                except KeyError:
                    cached = self._term_list(text, terms)
                    if len(self.term_lists) >= _TERM_LIST_CACHE_SIZE:
                        self.term_lists.clear()
                    self.term_lists[key] = cached
                if cached is None:
                    return None
                chosen, codes, retired_here = cached
                if chosen:
                    if retired_here:
                        retired.extend((column, term) for term in retired_here)
                    changes[name] = [[], list(codes)]
                values[name] = list(chosen)
                continue
            if not text:
                values[name] = None
                continue
            value: Any
            if kind_of_cell == _MOMENT:
                value = _fast_moment(text, self.latest)
                if value is None:
                    return None
                changes[name] = [None, value.isoformat()]
            elif kind_of_cell == _TERM:
                value = terms.get(text)
                if value is None:
                    return None
                if value.is_retired:
                    retired.append((column, value))
                changes[name] = [None, value.code]
            else:
                if kind_of_cell == _OFFICERS:
                    value = _SMALL_INTEGERS.get(text)
                    if value is None:
                        if not (len(text) <= 5 and text.isascii() and text.isdigit()):
                            return None
                        value = int(text)
                        if value > cells.MAX_SMALL_INTEGER:
                            return None
                elif kind_of_cell == _AVE:
                    value = _AVE_LEVELS.get(text)
                else:  # _YES_NO
                    value = _YES_NO_VALUES.get(text)
                if value is None:
                    return None
                changes[name] = [None, value]
            values[name] = value
        if not _in_time_order(reported_at, values):
            return None
        return SituationRow(
            line=line,
            number=number,
            kind=kind,
            programme=programme,
            municipality_id=municipality_id,
            reported_at=reported_at,
            area_id=area_id,
            has_area=self.area_at is not None,
            person_key=person_key,
            values=values,
            retired=retired,
            new_changes=changes,
        )

    @staticmethod
    def _term_list(text: str, terms: dict[str, Term]) -> _TermList | None:
        chosen: dict[str, Term] = {}
        for item in text.split(CODE_SEPARATOR):
            code = item.strip()
            if not code:
                continue
            term = terms.get(code)
            if term is None:
                return None
            chosen[code] = term
        found = list(chosen.values())
        return (
            found,
            sorted(term.code for term in found),
            [term for term in found if term.is_retired],
        )


def _in_time_order(reported_at: dt.datetime, values: dict[str, Any]) -> bool:
    """What ``_check_time_order`` finds no fault with."""
    arrived = values.get("arrived_at")
    if arrived is not None and arrived < reported_at:
        return False
    earlier = arrived if arrived is not None else reported_at
    departed = values.get("departed_at")
    if departed is not None and departed < earlier:
        return False
    police = values.get("police_departed_at")
    return police is None or police >= earlier


def parse_row(
    line: int, fields: list[str], header: Header, reference: Reference
) -> tuple[SituationRow | None, list[CellError]]:
    """One record on its own (the import keeps one ``RowParser`` for the whole file)."""
    return RowParser(header, reference).parse(line, fields)


def number_text(value: str) -> str:
    return cells.text(value, MAX_NUMBER_LENGTH)


def person_key_text(value: str) -> str:
    return cells.text(value, MAX_PERSON_KEY_LENGTH)


_SCALAR_PARSERS: dict[str, Callable[[str], Any]] = {
    "arrived_at": cells.moment,
    "departed_at": cells.moment,
    "police_departed_at": cells.moment,
    "police_officers": cells.officers,
    "ave_level": cells.ave_level,
    "follow_up": cells.yes_no,
}


def _response_parser(column: str, reference: Reference) -> Callable[[str], Any]:
    if column in TERM_LIST_COLUMNS:
        return partial(cells.term_list, terms=reference.terms[TERM_LIST_COLUMNS[column]])
    if column in TERM_COLUMNS:
        return partial(cells.term, terms=reference.terms[TERM_COLUMNS[column]])
    if column == "notes":
        return partial(cells.text, max_length=MAX_NOTES_LENGTH)
    return _SCALAR_PARSERS[column]


def _incident_code(row: RowCells, reference: Reference) -> Term | None:
    if row.required("incident_code") is None:
        return None
    return row.parse(
        "incident_code", partial(cells.term, terms=reference.terms[Vocabulary.INCIDENT_CODE])
    )


def programme_cell(row: RowCells, reference: Reference) -> ProgrammeRef | None:
    slug = row.required("programme")
    if slug is None:
        return None
    programme = reference.programmes.get(slug)
    if reference.allowed_programme_ids is not None:
        # An uploading user learns nothing about programmes that are not theirs: an unknown
        # slug and a programme without the right read the same.
        if programme is None or not reference.may_import(programme):
            row.fail(
                "programme",
                _("Onbekend programma of geen recht om erin te importeren: %(slug)s.")
                % {"slug": cells.shown(slug)},
            )
            return None
    elif programme is None:
        row.fail("programme", _("Onbekend programma: %(slug)s.") % {"slug": cells.shown(slug)})
    return programme


def municipality_cell(
    row: RowCells, reference: Reference, programme: ProgrammeRef | None
) -> int | None:
    if row.required("municipality") is None:
        return None
    code = row.parse("municipality", cells.cbs_code)
    if code is None:
        return None
    municipality_id = reference.municipalities.get(code)
    if municipality_id is None:
        row.fail("municipality", _("Onbekende gemeente: %(code)s.") % {"code": cells.shown(code)})
        return None
    if programme is not None and municipality_id not in programme.municipality_ids:
        row.fail(
            "municipality",
            _("Gemeente %(code)s hoort niet bij programma %(programme)s.")
            % {"code": code, "programme": programme.slug},
        )
        return None
    return municipality_id


def area_cell(
    row: RowCells, programme: ProgrammeRef | None, municipality_id: int | None
) -> int | None:
    slug = row.raw("area")
    if not slug or programme is None:
        return None  # without a usable programme the programme's error says enough
    area = programme.areas.get(slug)
    if area is None:
        row.fail(
            "area",
            _("Gebied %(area)s hoort niet bij programma %(programme)s.")
            % {"area": cells.shown(slug), "programme": programme.slug},
        )
        return None
    if municipality_id is not None and area.municipality_id != municipality_id:
        row.fail(
            "area",
            _("Gebied %(area)s ligt niet in de gemeente van deze regel.")
            % {"area": cells.shown(slug)},
        )
        return None
    return area.id


def _check_time_order(
    row: RowCells, reported_at: dt.datetime | None, values: dict[str, Any]
) -> None:
    """``reported_at`` ≤ ``arrived_at`` ≤ ``departed_at``, ``arrived_at`` ≤
    ``police_departed_at``; reported on the later column. A missing ``arrived_at`` is
    bridged by ``reported_at``: nobody leaves before the report."""
    times: dict[str, dt.datetime | None] = {
        "reported_at": reported_at,
        **{column: values.get(column) for column in ("arrived_at", "departed_at")},
        "police_departed_at": values.get("police_departed_at"),
    }
    for later, earlier in TIME_ORDER:
        earlier_time = times[earlier] if times[earlier] is not None else times["reported_at"]
        later_time = times[later]
        if later_time is not None and earlier_time is not None and later_time < earlier_time:
            which = earlier if times[earlier] is not None else "reported_at"
            row.fail(
                later,
                _("%(later)s ligt vóór %(earlier)s.") % {"later": later, "earlier": which},
            )
