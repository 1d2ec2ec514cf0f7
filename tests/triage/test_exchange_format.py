"""The exchange format's pure parts: the formula guard, the header, cells and rows.

No database: the reference is built in memory, so hypothesis can run many examples fast.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grip.triage.actions import ResponseData, describe_changes
from grip.triage.exchange.columns import (
    COLUMNS,
    FORMULA_TRIGGERS,
    REQUIRED,
    WHOLE_ROW,
    UnusableFile,
    neutralise,
    parse_header,
    unneutralise,
)
from grip.triage.exchange.reader import check_usable, read_records
from grip.triage.exchange.reference import ROW_VOCABULARIES, AreaRef, ProgrammeRef, Reference
from grip.triage.exchange.rows import RowParser, parse_row
from grip.vocab.defaults import DEFAULT_VOCABULARY
from grip.vocab.models import Term, Vocabulary

HOTSPOT_ID, GRONINGEN_ID, AMSTERDAM_ID = 1, 14, 363


def memory_reference(allowed: frozenset[int] | None = None) -> Reference:
    terms: dict[str, dict[str, Term]] = {}
    pk = 0
    for vocabulary in ROW_VOCABULARIES:
        terms[vocabulary] = {}
        for position, default in enumerate(DEFAULT_VOCABULARY[vocabulary], start=1):
            pk += 1
            terms[vocabulary][default.code] = Term(
                pk=pk, vocabulary=vocabulary, code=default.code, position=position * 10
            )
    retired = Term(pk=999, vocabulary=Vocabulary.RISK, code="old_risk", position=990)
    retired.retired_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    terms[Vocabulary.RISK]["old_risk"] = retired
    hotspot = ProgrammeRef(
        id=HOTSPOT_ID,
        slug="groninger-hotspot",
        municipality_ids=frozenset({GRONINGEN_ID}),
        areas={"centrum": AreaRef(5, GRONINGEN_ID), "elders": AreaRef(6, AMSTERDAM_ID)},
    )
    other = ProgrammeRef(id=2, slug="wijk-ggd", municipality_ids=frozenset({1969}))
    return Reference(
        programmes={hotspot.slug: hotspot, other.slug: other},
        municipalities={"GM0014": GRONINGEN_ID, "GM0363": AMSTERDAM_ID, "GM1969": 1969},
        terms=terms,
        allowed_programme_ids=allowed,
    )


REFERENCE = memory_reference()
HEADER = parse_header(list(COLUMNS))
CODES = {v: [t.code for t in DEFAULT_VOCABULARY[v]] for v in ROW_VOCABULARIES}


def fields_of(cells: dict[str, str]) -> list[str]:
    return [cells.get(column, "") for column in COLUMNS]


# --- the formula guard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+31 50 123", "'+31 50 123"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # already quoted: one more, so the import gives back '=x
        ("'abc", "'abc"),
        ("abc=1", "abc=1"),
        ("", ""),
    ],
)
def test_neutralise(value: str, exported: str) -> None:
    assert neutralise(value) == exported
    assert unneutralise(exported) == value


def test_unneutralise_strips_exactly_one_quote() -> None:
    assert unneutralise("''=x") == "'=x"
    assert unneutralise("'-") == "-"
    assert unneutralise("'x") == "'x"  # not a guarded formula: kept as written


@given(st.text())
def test_neutralise_round_trips_and_never_starts_a_formula(value: str) -> None:
    exported = neutralise(value)
    assert exported[:1] not in FORMULA_TRIGGERS
    assert unneutralise(exported) == value


# --- the header -----------------------------------------------------------------------------


@given(st.permutations(COLUMNS))
def test_header_in_any_order(order: list[str]) -> None:
    header = parse_header(order)
    assert {column: order[i] for column, i in header.positions.items()} == {
        column: column for column in COLUMNS
    }


@pytest.mark.parametrize(
    ("names", "fragment"),
    [
        ([*COLUMNS, "extra"], "onbekende kolommen: 'extra'"),
        ([c for c in COLUMNS if c != "reported_at"], "verplichte kolommen ontbreken: reported_at"),
        ([*COLUMNS, "notes"], "dubbele kolommen: 'notes'"),
        (["naam", "adres"], "onbekende kolommen"),
    ],
)
def test_bad_header_makes_the_file_unusable(names: list[str], fragment: str) -> None:
    with pytest.raises(UnusableFile) as raised:
        parse_header(names)
    assert fragment in raised.value.reason


def test_optional_columns_may_be_left_out() -> None:
    header = parse_header(sorted(REQUIRED))
    assert not header.has("notes")
    row, errors = parse_row(
        2,
        ["E33", "T-1", "GM0014", "groninger-hotspot", "2026-01-01T10:00:00+01:00"],
        header,
        REFERENCE,
    )
    assert errors == []
    assert row is not None
    assert row.values == {}  # absent columns leave an existing response's fields alone


# --- the reader -----------------------------------------------------------------------------


def test_records_carry_the_physical_line_they_start_on() -> None:
    head = "notes,incident_number,incident_code,programme,municipality,reported_at\r\n"
    body = 'one,A,,,,\r\n"two\r\nlines",B,,,,\r\n\r\nx,C,,,,\r\n'
    binary = io.BytesIO(("\ufeff" + head + body).encode())
    header = check_usable(binary)
    assert header.positions["notes"] == 0  # the BOM is not part of the first name
    lines = [(r.line, r.fields[1]) for r in read_records(binary)]
    assert lines == [(2, "A"), (3, "B"), (6, "C")]


HEAD = ",".join(COLUMNS) + "\r\n"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        (HEAD + "A,caf\xe9\r\n").encode("latin-1"),
        (HEAD + 'A,"unterminated\r\n').encode(),
        (HEAD + 'A,"x"y\r\n').encode(),
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_unusable_files(data: bytes) -> None:
    with pytest.raises(UnusableFile):
        check_usable(io.BytesIO(data))


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_are_usable_or_unusable_never_a_crash(data: bytes) -> None:
    binary = io.BytesIO(data)
    try:
        check_usable(binary)
    except UnusableFile:
        return
    for record in read_records(binary):
        assert record.line >= 2


# --- rows: every bad cell named, all of them ------------------------------------------------

GOOD = {
    "incident_number": "T-1",
    "incident_code": "E33",
    "programme": "groninger-hotspot",
    "municipality": "GM0014",
    "area": "centrum",
    "reported_at": "2026-01-31T23:30:00+01:00",
    "arrived_at": "2026-01-31T23:50:00+01:00",
    "departed_at": "2026-02-01T01:00:00+01:00",
}


def test_a_row_reports_every_bad_cell() -> None:
    cells = {
        **GOOD,
        "incident_code": "E99",
        "municipality": "GM0363",
        "reported_at": "2026-01-31 23:30",
        "police_officers": "-1",
        "ave_level": "5",
        "risks": "psychosis|unheard_of",
        "follow_up": "ja",
    }
    row, errors = parse_row(7, fields_of(cells), HEADER, REFERENCE)
    assert row is None
    assert [(e.line, e.column) for e in errors] == [
        (7, "incident_code"),
        (7, "municipality"),
        (7, "reported_at"),
        (7, "police_officers"),
        (7, "ave_level"),
        (7, "risks"),
        (7, "follow_up"),
    ]


def test_wrong_number_of_fields_is_a_whole_row_error() -> None:
    row, errors = parse_row(3, ["T-1", "E33"], HEADER, REFERENCE)
    assert row is None
    assert [(e.line, e.column) for e in errors] == [(3, WHOLE_ROW)]


def test_an_uploader_learns_nothing_about_programmes_not_theirs() -> None:
    reference = memory_reference(allowed=frozenset({2}))
    _row, known = parse_row(2, fields_of(GOOD), HEADER, reference)
    _row, unknown = parse_row(2, fields_of({**GOOD, "programme": "nope"}), HEADER, reference)
    assert [e.column for e in known] == ["programme"]
    assert known[0].reason.replace("groninger-hotspot", "X") == unknown[0].reason.replace(
        "nope", "X"
    )


def test_retired_codes_are_parsed_and_flagged_for_the_batch_to_judge() -> None:
    row, errors = parse_row(2, fields_of({**GOOD, "risks": "old_risk"}), HEADER, REFERENCE)
    assert errors == []
    assert row is not None
    assert [(column, term.code) for column, term in row.retired] == [("risks", "old_risk")]


# --- rows: property tests -------------------------------------------------------------------

OFFSETS = [dt.timezone(dt.timedelta(hours=h, minutes=m)) for h, m in ((0, 0), (1, 0), (2, 0))]
OFFSETS.append(dt.timezone(-dt.timedelta(hours=5, minutes=30)))
# Valid moments lie in the past (grip.dates: from 1990 up to a day from now).
MOMENTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2025, 12, 1)
).flatmap(lambda moment: st.sampled_from(OFFSETS).map(lambda tz: moment.replace(tzinfo=tz)))
TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))
KEYS = TEXT.map(str.strip).filter(bool)
GAPS = st.none() | st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=2))


@st.composite
def situations(draw: st.DrawFn) -> dict[str, object]:
    reported = draw(MOMENTS)
    arrive_gap, depart_gap, police_gap = draw(GAPS), draw(GAPS), draw(GAPS)
    arrived = reported + arrive_gap if arrive_gap is not None else None
    departed = (arrived or reported) + depart_gap if depart_gap is not None else None
    police = arrived + police_gap if arrived is not None and police_gap is not None else None
    return {
        "incident_number": draw(KEYS.filter(lambda k: len(k) <= 40)),
        "incident_code": draw(st.sampled_from(CODES[Vocabulary.INCIDENT_CODE])),
        "area": draw(st.sampled_from(["", "centrum"])),
        "reported_at": reported,
        "arrived_at": arrived,
        "departed_at": departed,
        "police_departed_at": police,
        "police_officers": draw(st.none() | st.integers(0, 30)),
        "ave_level": draw(st.none() | st.integers(1, 4)),
        "person_key": draw(st.just("") | KEYS.filter(lambda k: len(k) <= 64)),
        "risks": draw(st.sets(st.sampled_from(CODES[Vocabulary.RISK]))),
        "interventions": draw(st.sets(st.sampled_from(CODES[Vocabulary.INTERVENTION]))),
        "bottlenecks": draw(st.sets(st.sampled_from(CODES[Vocabulary.BOTTLENECK]))),
        "safety_person": draw(st.none() | st.sampled_from(CODES[Vocabulary.SAFETY])),
        "safety_surroundings": draw(st.none() | st.sampled_from(CODES[Vocabulary.SAFETY])),
        "outcome": draw(st.none() | st.sampled_from(CODES[Vocabulary.OUTCOME])),
        "follow_up": draw(st.sampled_from([None, True, False])),
        "notes": draw(TEXT.filter(lambda t: len(t) <= 4000)),
    }


def as_cells(values: dict[str, object]) -> dict[str, str]:
    """The values written as the export writes them."""
    cells = {"programme": "groninger-hotspot", "municipality": "GM0014"}
    for column, value in values.items():
        if value is None:
            text = ""
        elif isinstance(value, dt.datetime):
            text = value.isoformat()
        elif isinstance(value, set):
            text = "|".join(sorted(value))
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = str(value)
        cells[column] = neutralise(text)
    return cells


@settings(max_examples=300)
@given(situations())
def test_valid_rows_parse_to_the_values_they_were_made_from(values: dict[str, object]) -> None:
    row, errors = parse_row(2, fields_of(as_cells(values)), HEADER, REFERENCE)
    assert errors == []
    assert row is not None
    assert row.number == values["incident_number"]
    assert row.kind.code == values["incident_code"]
    assert row.reported_at == values["reported_at"]
    assert row.area_id == (5 if values["area"] else None)
    assert row.person_key == values["person_key"]
    parsed = row.values
    for column in ("arrived_at", "departed_at", "police_departed_at", "police_officers"):
        assert parsed[column] == values[column]
    assert parsed["ave_on_arrival"] == values["ave_level"]
    for column in ("risks", "interventions", "bottlenecks"):
        assert {term.code for term in parsed[column]} == values[column]
    for column in ("safety_person", "safety_surroundings", "outcome"):
        assert (parsed[column].code if parsed[column] else None) == values[column]
    assert parsed["follow_up_needed"] == values["follow_up"]
    assert parsed["notes"] == values["notes"]
    # The history the import writes for a new response is what the form's path writes.
    assert row.new_changes == describe_changes(ResponseData(), ResponseData(**parsed))


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(COLUMNS), min_size=1, unique=True).map(
        lambda names: sorted(set(names) | REQUIRED)
    ),
    st.data(),
)
def test_arbitrary_text_yields_a_row_or_errors_never_an_exception(
    names: list[str], data: st.DataObject
) -> None:
    header = parse_header(names)
    width = data.draw(st.sampled_from([len(names), len(names), len(names) + 1, 1]))
    fields = data.draw(st.lists(st.text(max_size=30), min_size=width, max_size=width))
    row, errors = parse_row(2, fields, header, REFERENCE)
    assert (row is None) == bool(errors)
    assert all(error.line == 2 and error.reason for error in errors)
    assert all(error.column in names or error.column == WHOLE_ROW for error in errors)


def test_time_order_is_reported_on_the_later_column() -> None:
    cells = {
        **GOOD,
        "arrived_at": "2026-01-31T23:00:00+01:00",  # before the report
        "departed_at": "2026-01-31T22:00:00+01:00",  # before the arrival
        "police_departed_at": "2026-01-31T22:30:00+01:00",  # before the arrival
    }
    _row, errors = parse_row(2, fields_of(cells), HEADER, REFERENCE)
    assert [e.column for e in errors] == ["arrived_at", "departed_at", "police_departed_at"]


# --- the parser's fast path -----------------------------------------------------------------


@settings(max_examples=300)
@given(situations(), st.sampled_from([None, frozenset({HOTSPOT_ID}), frozenset({2})]))
def test_the_fast_path_gives_the_checked_row(
    values: dict[str, object], allowed: frozenset[int] | None
) -> None:
    parser = RowParser(HEADER, memory_reference(allowed))
    fields = fields_of(as_cells(values))
    checked = parser.checked(2, fields)
    assert parser.parse(2, fields) == checked
    assert (parser.fast.parse(2, fields) is None) == (checked[0] is None)


@settings(max_examples=500)
@given(
    st.lists(st.sampled_from(COLUMNS), min_size=1, unique=True).map(
        lambda names: sorted(set(names) | REQUIRED)
    ),
    st.data(),
)
def test_the_fast_path_takes_no_row_the_checked_path_rejects(
    names: list[str], data: st.DataObject
) -> None:
    """Cells near the valid ones (a valid value, a variant, or any text): the fast path gives
    a row exactly when the checking path does, and the same row."""
    header = parse_header(names)
    parser = RowParser(header, REFERENCE)
    near = {
        "incident_number": st.sampled_from(["INC-1", " INC-1 ", "", "x" * 41, "a\x00", "'=1"]),
        "incident_code": st.sampled_from([*CODES[Vocabulary.INCIDENT_CODE], "", "nope", " E33"]),
        "programme": st.sampled_from(["groninger-hotspot", "wijk-ggd", "", "onbekend"]),
        "municipality": st.sampled_from(["GM0014", "GM0363", "GM1969", "gm0014", "", "GM14"]),
        "area": st.sampled_from(["", "centrum", "elders", "nergens"]),
        "person_key": st.sampled_from(["", "K1", "'-K1", "k" * 65, "a\x00"]),
        "risks": st.sampled_from(["", "weapon|psychosis", "old_risk", "|", "weapon|x", " weapon "]),
        "interventions": st.sampled_from(["", "|", CODES[Vocabulary.INTERVENTION][0], "x"]),
        "bottlenecks": st.sampled_from(["", CODES[Vocabulary.BOTTLENECK][0], "x|"]),
        "safety_person": st.sampled_from(["", CODES[Vocabulary.SAFETY][0], "x"]),
        "safety_surroundings": st.sampled_from(["", CODES[Vocabulary.SAFETY][-1], "x"]),
        "outcome": st.sampled_from(["", CODES[Vocabulary.OUTCOME][0], "x"]),
        "police_officers": st.sampled_from(
            ["", "0", "7", "150", "32767", "32768", "-1", "²", "1.0"]
        ),
        "ave_level": st.sampled_from(["", "1", "4", "5", "0", " 2"]),
        "follow_up": st.sampled_from(["", "yes", "no", "YES", "ja"]),
        "notes": st.sampled_from(["", " vrij ", "'=x", "''=x", "n" * 4001, "a\x00"]),
    }
    moments = st.sampled_from(
        [
            "",
            "2026-01-31T22:00:00+01:00",
            "2026-01-31T23:30:00+01:00",
            "2026-02-01T01:00:00Z",
            "2026-01-31T23:30:00",
            "0001-01-01T00:00:00+01:00",
            "31-01-2026",
        ]
    )
    for column in ("reported_at", "arrived_at", "departed_at", "police_departed_at"):
        near[column] = moments
    fields = [
        data.draw(near[name] | st.text(max_size=12) if data.draw(st.booleans()) else near[name])
        for name in names
    ]
    checked = parser.checked(2, fields)
    assert parser.parse(2, fields) == checked
    assert (parser.fast.parse(2, fields) is None) == (checked[0] is None)
