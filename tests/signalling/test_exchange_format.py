"""The signals CSV's pure parts: header, cells, row rules, and the row parser's properties.

No database: the reference is built in memory, so hypothesis can run many examples fast.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grip.signalling.exchange.columns import COLUMNS, REQUIRED, VOCABULARIES, parse_signals_header
from grip.signalling.exchange.rows import SignalRowParser, rule_errors
from grip.triage.exchange.columns import WHOLE_ROW, UnusableFile, neutralise
from grip.triage.exchange.reader import check_usable
from grip.triage.exchange.reference import AreaRef, ProgrammeRef, Reference
from grip.vocab.defaults import DEFAULT_VOCABULARY
from grip.vocab.models import Term, Vocabulary
from tests.signalling.exchange_helpers import NEW_ROW, VALID_ROW, csv_bytes

PROGRAMME_ID, GRONINGEN_ID, AMSTERDAM_ID = 1, 14, 363
CODES = {v: [t.code for t in DEFAULT_VOCABULARY[v]] for v in VOCABULARIES}


def memory_reference(allowed: frozenset[int] | None = None) -> Reference:
    terms: dict[str, dict[str, Term]] = {}
    pk = 0
    for vocabulary in VOCABULARIES:
        terms[vocabulary] = {}
        for position, default in enumerate(DEFAULT_VOCABULARY[vocabulary], start=1):
            pk += 1
            terms[vocabulary][default.code] = Term(
                pk=pk, vocabulary=vocabulary, code=default.code, position=position * 10
            )
    retired = Term(pk=999, vocabulary=Vocabulary.SIGNAL_SOURCE, code="fax", position=990)
    retired.retired_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    terms[Vocabulary.SIGNAL_SOURCE]["fax"] = retired
    programme = ProgrammeRef(
        id=PROGRAMME_ID,
        slug="groninger-vroegsignalering",
        municipality_ids=frozenset({GRONINGEN_ID}),
        areas={"oosterpark": AreaRef(5, GRONINGEN_ID), "elders": AreaRef(6, AMSTERDAM_ID)},
    )
    other = ProgrammeRef(id=2, slug="wijk-ggd", municipality_ids=frozenset({1969}))
    return Reference(
        programmes={programme.slug: programme, other.slug: other},
        municipalities={"GM0014": GRONINGEN_ID, "GM0363": AMSTERDAM_ID, "GM1969": 1969},
        terms=terms,
        allowed_programme_ids=allowed,
    )


REFERENCE = memory_reference()
HEADER = parse_signals_header(list(COLUMNS))
PARSER = SignalRowParser(HEADER, REFERENCE)


def fields_of(cells: dict[str, str]) -> list[str]:
    return [cells.get(column, "") for column in COLUMNS]


def parse(**overrides: str) -> tuple[object, list[tuple[str, str]]]:
    row, errors = PARSER.parse(2, fields_of({**VALID_ROW, **overrides}))
    return row, [(error.column, error.reason) for error in errors]


def columns_of(**overrides: str) -> list[str]:
    return [column for column, _reason in parse(**overrides)[1]]


# --- the header ------------------------------------------------------------------------------


@given(st.permutations(COLUMNS))
def test_header_in_any_order(order: list[str]) -> None:
    header = parse_signals_header(list(order))
    row, errors = SignalRowParser(header, REFERENCE).parse(
        2, [VALID_ROW[column] for column in order]
    )
    assert errors == []
    assert row is not None


@pytest.mark.parametrize(
    ("names", "fragment"),
    [
        ([*COLUMNS, "bsn"], "onbekende kolommen: 'bsn'"),
        ([*COLUMNS, "incident_code"], "onbekende kolommen: 'incident_code'"),
        ([*COLUMNS, "notes"], "dubbele kolommen: 'notes'"),
        ([c for c in COLUMNS if c != "received_at"], "verplichte kolommen ontbreken: received_at"),
    ],
)
def test_bad_header_makes_the_file_unusable(names: list[str], fragment: str) -> None:
    with pytest.raises(UnusableFile, match=fragment):
        parse_signals_header(names)


def test_a_situations_file_is_not_a_signals_file() -> None:
    from grip.triage.exchange.columns import COLUMNS as SITUATION_COLUMNS

    with pytest.raises(UnusableFile, match="onbekende kolommen"):
        check_usable(io.BytesIO(",".join(SITUATION_COLUMNS).encode()), parse_signals_header)


def test_optional_columns_may_be_left_out() -> None:
    header = parse_signals_header(sorted(REQUIRED))
    row, errors = SignalRowParser(header, REFERENCE).parse(
        2, [VALID_ROW[column] for column in sorted(REQUIRED)]
    )
    assert errors == []
    assert row is not None
    assert row.values == {}
    assert (row.person_key, row.has_area) == (None, False)


def test_a_bom_is_accepted() -> None:
    header = check_usable(io.BytesIO(csv_bytes([VALID_ROW], bom=True)), parse_signals_header)
    assert header.positions["signal_number"] == 0


# --- every bad cell ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("signal_number", "", "verplicht"),
        ("signal_number", "x" * 41, "te lang"),
        ("signal_number", "a\x00b", "NUL"),
        ("source", "", "verplicht"),
        ("source", "fax_machine", "Onbekende code"),
        ("programme", "", "verplicht"),
        ("programme", "nope", "Onbekend programma"),
        ("municipality", "", "verplicht"),
        ("municipality", "Groningen", "CBS-gemeentecode"),
        ("municipality", "GM9999", "Onbekende gemeente"),
        ("municipality", "GM1969", "hoort niet bij programma"),
        ("area", "nergens", "hoort niet bij programma"),
        ("area", "elders", "niet in de gemeente"),
        ("received_at", "", "verplicht"),
        ("received_at", "2026-03-02T09:15:00", "tijdzone"),
        ("received_at", "2 maart", "Geen geldig tijdstip"),
        ("person_key", "k" * 65, "te lang"),
        ("concerns", "confused_behaviour|worries", "Onbekende code(s): 'worries'"),
        ("picked_up_at", "2026-03-03 10:00", "tijdzone"),
        ("first_contact_at", "morgen", "Geen geldig tijdstip"),
        ("first_contact_with", "buurman", "'network' of 'person'"),
        ("closed_at", "2026-03-10", "tijdzone"),
        ("result", "solved", "Onbekende code"),
        ("notes", "x" * 4001, "te lang"),
        ("notes", "a\x00b", "NUL"),
    ],
)
def test_every_bad_cell_is_reported_on_its_column(column: str, value: str, fragment: str) -> None:
    row, errors = parse(**{column: value})
    assert row is None
    assert [c for c, _r in errors] == [column]
    assert fragment in errors[0][1]


def test_a_row_reports_every_bad_cell_in_file_order() -> None:
    assert columns_of(result="solved", source="", municipality="GM9999") == [
        "source",
        "municipality",
        "result",
    ]


def test_wrong_number_of_fields_is_a_whole_row_error() -> None:
    row, errors = PARSER.parse(7, ["a", "b"])
    assert row is None
    assert [(e.line, e.column) for e in errors] == [(7, WHOLE_ROW)]


def test_an_uploader_learns_nothing_about_programmes_not_theirs() -> None:
    parser = SignalRowParser(HEADER, memory_reference(allowed=frozenset({2})))
    _row, known = parser.parse(2, fields_of(VALID_ROW))
    _row, unknown = parser.parse(2, fields_of({**VALID_ROW, "programme": "nope"}))
    assert known[0].reason.replace("groninger-vroegsignalering", "X") == unknown[0].reason.replace(
        "nope", "X"
    )


def test_seconds_may_be_left_out_and_offsets_are_kept_as_instants() -> None:
    row, errors = parse(received_at="2026-03-02T09:15+01:00", picked_up_at="2026-03-02T08:30Z")
    assert errors == []
    assert row is not None
    assert row.received_at == dt.datetime(2026, 3, 2, 8, 15, tzinfo=dt.UTC)  # type: ignore[attr-defined]


def test_a_neutralised_cell_is_read_back() -> None:
    row, errors = parse(notes=neutralise("=1+1"), signal_number=neutralise("-12"))
    assert errors == []
    assert (row.number, row.values["notes"]) == ("-12", "=1+1")  # type: ignore[attr-defined]


def test_retired_codes_are_parsed_and_flagged_for_the_batch_to_judge() -> None:
    row, errors = parse(source="fax")
    assert errors == []
    assert [(c, t.code) for c, t in row.retired] == [("source", "fax")]  # type: ignore[attr-defined]


def test_every_source_code_is_accepted() -> None:
    for code in CODES[Vocabulary.SIGNAL_SOURCE]:
        assert parse(source=code)[1] == []


# --- every row rule ------------------------------------------------------------------------

LATE, EARLY = "2026-03-20T10:00:00+01:00", "2026-03-01T10:00:00+01:00"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # received_at ≤ picked_up_at ≤ first_contact_at ≤ closed_at, on the later column
        ({"picked_up_at": EARLY}, [("picked_up_at", "picked_up_at ligt vóór received_at.")]),
        ({"first_contact_at": EARLY}, [("first_contact_at", "ligt vóór picked_up_at")]),
        ({"closed_at": "2026-03-04T10:00:00+01:00"}, [("closed_at", "ligt vóór first_contact_at")]),
        # each where present: a missing link is bridged by the one before it
        (
            {"first_contact_at": "", "first_contact_with": "", "closed_at": EARLY},
            [("closed_at", "closed_at ligt vóór picked_up_at")],
        ),
        # a first contact or a closure needs picked_up_at
        (
            {"picked_up_at": ""},
            [
                ("first_contact_at", "vraagt om picked_up_at"),
                ("closed_at", "vraagt om picked_up_at"),
            ],
        ),
        (
            {"picked_up_at": "", "first_contact_at": "", "first_contact_with": ""},
            [("closed_at", "vraagt om picked_up_at")],
        ),
        # first_contact_at and first_contact_with together
        ({"first_contact_with": ""}, [("first_contact_with", "horen samen")]),
        ({"first_contact_at": ""}, [("first_contact_at", "horen samen")]),
        # closed_at and result together
        ({"result": ""}, [("result", "horen samen")]),
        ({"closed_at": ""}, [("closed_at", "horen samen")]),
    ],
)
def test_every_row_rule(overrides: dict[str, str], expected: list[tuple[str, str]]) -> None:
    row, errors = parse(**overrides)
    assert row is None
    assert [c for c, _r in errors] == [c for c, _f in expected]
    for (_column, reason), (_c, fragment) in zip(errors, expected, strict=True):
        assert fragment in reason


def test_equal_moments_are_in_order() -> None:
    moment = VALID_ROW["received_at"]
    assert parse(picked_up_at=moment, first_contact_at=moment, closed_at=moment)[1] == []


def test_a_bad_cell_is_not_reported_again_by_a_rule() -> None:
    assert columns_of(picked_up_at="gisteren") == ["picked_up_at"]
    assert columns_of(first_contact_with="buurman") == ["first_contact_with"]


# --- property tests --------------------------------------------------------------------------

OFFSETS = [dt.timezone(dt.timedelta(hours=h, minutes=m)) for h, m in ((0, 0), (1, 0), (2, 0))]
OFFSETS.append(dt.timezone(-dt.timedelta(hours=5, minutes=30)))
# Valid moments lie in the past (grip.dates: from 1990 up to a day from now), gaps included.
MOMENTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2025, 12, 1)
).flatmap(lambda moment: st.sampled_from(OFFSETS).map(lambda tz: moment.replace(tzinfo=tz)))
TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))
KEYS = TEXT.map(str.strip).filter(bool)
GAPS = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9))


@st.composite
def signals(draw: st.DrawFn) -> dict[str, object]:
    """A valid signal in one of its states, its moments in order."""
    received = draw(MOMENTS)
    state = draw(st.sampled_from(["new", "picked_up", "contacted", "closed", "closed_no_contact"]))
    picked = received + draw(GAPS) if state != "new" else None
    contacted = (
        picked + draw(GAPS) if picked is not None and state in ("contacted", "closed") else None
    )
    closed = (
        (contacted or picked) + draw(GAPS)  # type: ignore[operator]
        if state in ("closed", "closed_no_contact")
        else None
    )
    return {
        "signal_number": draw(KEYS.filter(lambda k: len(k) <= 40)),
        "source": draw(st.sampled_from(CODES[Vocabulary.SIGNAL_SOURCE])),
        "area": draw(st.sampled_from(["", "oosterpark"])),
        "received_at": received,
        "person_key": draw(st.just("") | KEYS.filter(lambda k: len(k) <= 64)),
        "concerns": draw(st.sets(st.sampled_from(CODES[Vocabulary.SIGNAL_CONCERN]))),
        "picked_up_at": picked,
        "first_contact_at": contacted,
        "first_contact_with": draw(st.sampled_from(["network", "person"])) if contacted else None,
        "closed_at": closed,
        "result": draw(st.sampled_from(CODES[Vocabulary.SIGNAL_RESULT])) if closed else None,
        "notes": draw(TEXT.filter(lambda t: len(t) <= 4000)),
    }


def as_cells(values: dict[str, object]) -> dict[str, str]:
    """The values written as the export writes them."""
    cells = {"programme": "groninger-vroegsignalering", "municipality": "GM0014"}
    for column, value in values.items():
        if value is None:
            text = ""
        elif isinstance(value, dt.datetime):
            text = value.isoformat()
        elif isinstance(value, set):
            text = "|".join(sorted(value))
        else:
            text = str(value)
        cells[column] = neutralise(text)
    return cells


@settings(max_examples=300)
@given(signals())
def test_valid_rows_parse_to_the_values_they_were_made_from(values: dict[str, object]) -> None:
    row, errors = PARSER.parse(2, fields_of(as_cells(values)))
    assert errors == []
    assert row is not None
    assert (row.number, row.source.code) == (values["signal_number"], values["source"])
    assert row.received_at == values["received_at"]
    assert row.area_id == (5 if values["area"] else None)
    assert row.person_key == values["person_key"]
    parsed = row.values
    for column in ("picked_up_at", "first_contact_at", "closed_at"):
        assert parsed[column] == values[column]
    assert parsed["first_contact_with"] == (values["first_contact_with"] or "")
    assert {term.code for term in parsed["concerns"]} == values["concerns"]
    assert (parsed["result"].code if parsed["result"] else None) == values["result"]
    assert parsed["notes"] == values["notes"]


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
    header = parse_signals_header(names)
    width = data.draw(st.sampled_from([len(names), len(names), len(names) + 1, 1]))
    fields = data.draw(st.lists(st.text(max_size=30), min_size=width, max_size=width))
    row, errors = SignalRowParser(header, REFERENCE).parse(2, fields)
    assert (row is None) == bool(errors)
    assert all(error.line == 2 and error.reason for error in errors)
    assert all(error.column in names or error.column == WHOLE_ROW for error in errors)


OPTIONAL_MOMENTS = st.none() | MOMENTS


@settings(max_examples=500)
@given(
    MOMENTS,
    OPTIONAL_MOMENTS,
    OPTIONAL_MOMENTS,
    st.sampled_from(["", "network", "person"]),
    OPTIONAL_MOMENTS,
    st.sampled_from(["", "regular_care", "trajectory"]),
)
def test_the_row_rules_accept_exactly_the_rows_domain_md_allows(
    received: dt.datetime,
    picked: dt.datetime | None,
    contact: dt.datetime | None,
    contact_with: str,
    closed: dt.datetime | None,
    result: str,
) -> None:
    """Against DOMAIN.md's rules written out plainly, on every combination of cells."""
    present = [m for m in (received, picked, contact, closed) if m is not None]
    allowed = (
        present == sorted(present)
        and (picked is not None or (contact is None and closed is None))
        and (contact is None) == (contact_with == "")
        and (closed is None) == (result == "")
    )
    cells = {
        **NEW_ROW,
        "received_at": received.isoformat(),
        "picked_up_at": picked.isoformat() if picked else "",
        "first_contact_at": contact.isoformat() if contact else "",
        "first_contact_with": contact_with,
        "closed_at": closed.isoformat() if closed else "",
        "result": result,
    }
    row, errors = PARSER.parse(2, fields_of(cells))
    assert (row is not None) == allowed, errors
    assert all(error.column in COLUMNS for error in errors)


def test_rule_errors_on_plain_values() -> None:
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert rule_errors({"received_at": moment}) == []
    assert [c for c, _r in rule_errors({"received_at": moment, "result": object()})] == [
        "closed_at"
    ]
