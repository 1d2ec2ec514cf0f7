"""A hostile header is refused fast and briefly (issue 22, finding 3): capped in columns and in
characters before any check runs, every check linear, and the message names only a few
columns, never echoing the file back."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grip.triage.exchange import COLUMNS, UnusableFile
from grip.triage.exchange.columns import parse_header
from grip.triage.exchange.reader import check_usable
from tests.triage.test_exchange_helpers import a_row, csv_bytes, run_import

# The bounds as docs/exchange.md states them.
MAX_HEADER_COLUMNS = 200
MAX_HEADER_CHARS = 16 * 1024
# What a message may hold at most: a sentence and a few column names.
SHORT = 400


def _unusable(names: list[str]) -> str:
    with pytest.raises(UnusableFile) as raised:
        parse_header(names)
    return raised.value.reason


def test_a_header_of_hundreds_of_thousands_of_columns_is_refused_by_its_count() -> None:
    reason = _unusable(["notes"] * 300_000)
    assert "300000 kolommen" in reason
    assert str(MAX_HEADER_COLUMNS) in reason
    assert len(reason) < SHORT


def test_repeated_and_unknown_columns_are_named_a_few_at_a_time() -> None:
    names = [*COLUMNS, *COLUMNS, *(f"kolom-{index}-{'x' * 100}" for index in range(150))]
    names = names[:MAX_HEADER_COLUMNS]
    reason = _unusable(names)
    assert "dubbele kolommen: 'area', 'arrived_at', 'ave_level', en 17 meer" in reason
    assert "onbekende kolommen: 'kolom-0-xxx" in reason
    assert "en 147 meer" in reason
    assert "kolom-3-" not in reason
    assert len(reason) < SHORT


def test_a_long_header_line_is_refused_without_being_read_whole() -> None:
    # 2.3 MB of short column names, as in the review: refused after the first 16 K characters.
    header = ",".join(f"c{index}" for index in range(300_000)).encode()
    binary = io.BytesIO(header + b"\r\n" + b"x\r\n")
    with pytest.raises(UnusableFile) as raised:
        check_usable(binary)
    assert raised.value.reason == f"De kopregel is langer dan {MAX_HEADER_CHARS} tekens."
    assert binary.tell() < 4 * MAX_HEADER_CHARS  # read only the start of the file


def test_a_header_just_within_the_bounds_is_read() -> None:
    padding = " " * (MAX_HEADER_CHARS - len(",".join(COLUMNS)) - 2)
    line = ",".join(COLUMNS[:-1]) + "," + padding + COLUMNS[-1] + "\r\n"
    assert len(line) == MAX_HEADER_CHARS
    header = check_usable(io.BytesIO(line.encode()))
    assert header.width == len(COLUMNS)


@pytest.mark.django_db
def test_the_upload_page_shows_a_short_dutch_reason(client_for) -> None:  # type: ignore[no-untyped-def]
    data = (",".join(["notes"] * 1000) + "\r\n").encode() + csv_bytes([a_row()])
    upload = SimpleUploadedFile("situaties.csv", data, content_type="text/csv")
    response = client_for("coordinator").post(reverse("triage:import_upload"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "De kopregel heeft 1000 kolommen" in page
    assert page.count("notes") < 10


@pytest.mark.django_db
def test_a_too_large_cell_is_explained_in_dutch(reference: None) -> None:
    report = run_import(csv_bytes([a_row(notes="x" * 200_000)]))
    assert "een veld is langer dan 131072 tekens" in report.unusable
    assert "field" not in report.unusable
