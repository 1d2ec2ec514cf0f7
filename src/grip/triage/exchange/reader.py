"""Stream the records of a situations file, each with the physical line it starts on.

The file is read twice, both times as a stream: a first quick pass proves it usable as a whole
(valid UTF-8 throughout, CSV-parsable throughout, a correct header) before anything is written;
the second pass yields the records. Memory stays constant whatever the file size.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from grip.triage.exchange.columns import MAX_HEADER_CHARS, Header, UnusableFile, parse_header

# Called with (bytes read, total bytes) as the import advances.
Progress = Callable[[int, int], None]
# Checks a format's header row: the situations format's by default (the signals format
# passes its own, ``grip.signalling.exchange``).
HeaderParser = Callable[[list[str]], Header]


@dataclass(frozen=True)
class Record:
    line: int  # the physical line the record starts on; the header is line 1
    fields: list[str]


@contextmanager
def _text(binary: IO[bytes]) -> Iterator[io.TextIOWrapper]:
    """A text view of ``binary`` from its start; detached after, so ``binary`` stays open."""
    binary.seek(0)
    # utf-8-sig drops one leading BOM; newline="" hands line ends to the csv module (RFC 4180).
    wrapper = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")
    try:
        yield wrapper
    finally:
        wrapper.detach()


class _Lines:
    """The text's lines for the csv reader; until the header is read, each line is read with a
    bound, so a hostile header is refused after ``MAX_HEADER_CHARS``, not held whole."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self._text = text
        self._header_chars = 0
        self.in_header = True

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if not self.in_header:
            return next(self._text)
        line = self._text.readline(MAX_HEADER_CHARS + 1 - self._header_chars)
        if not line:
            raise StopIteration
        self._header_chars += len(line)
        if self._header_chars > MAX_HEADER_CHARS:
            raise UnusableFile(
                _("De kopregel is langer dan %(limit)d tekens.") % {"limit": MAX_HEADER_CHARS}
            )
        return line


def _records(text: io.TextIOWrapper) -> Iterator[Record]:
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise UnusableFile(
                _("Het bestand is geen geldige UTF-8-tekst (rond regel %(line)d).")
                % {"line": reader.line_num + 1}
            ) from exc
        except csv.Error as exc:
            raise UnusableFile(
                _("Het bestand is geen leesbare CSV (RFC 4180) rond regel %(line)d: %(error)s.")
                % {"line": reader.line_num, "error": csv_problem(exc)}
            ) from exc
        if fields:  # a blank line is no record
            lines.in_header = False
            yield Record(line, fields)


# The csv module's messages (English, and in its own terms), as Dutch a user can act on.
_CSV_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("field larger than field limit", gettext_noop("een veld is langer dan %(limit)d tekens")),
    (
        "new-line character seen in unquoted field",
        gettext_noop("een regeleinde midden in een veld"),
    ),
    (
        "unexpected end of data",
        gettext_noop("het bestand eindigt midden in een veld tussen aanhalingstekens"),
    ),
    (
        "expected after",
        gettext_noop("na een afsluitend aanhalingsteken hoort een komma of een regeleinde"),
    ),
    ("line contains nul", gettext_noop("een NUL-teken in de tekst")),
)


def csv_problem(exc: csv.Error) -> str:
    """What ``exc`` means, in Dutch; never the module's English text."""
    message = str(exc).lower()
    for english, dutch in _CSV_PROBLEMS:
        if english in message:
            return _(dutch) % {"limit": csv.field_size_limit()}
    return _("de opbouw van de regel klopt niet")


def _read_header(records: Iterator[Record], parse: HeaderParser) -> Header:
    first = next(records, None)
    if first is None:
        raise UnusableFile(_("Het bestand is leeg: er is geen kopregel."))
    return parse(first.fields)


def check_usable(binary: IO[bytes], parse: HeaderParser = parse_header) -> Header:
    """Read the whole file once; raise ``UnusableFile`` if it cannot be imported at all."""
    with _text(binary) as text:
        records = _records(text)
        header = _read_header(records, parse)
        for _record in records:
            pass
    return header


def read_records(
    binary: IO[bytes], progress: Progress | None = None, parse: HeaderParser = parse_header
) -> Iterator[Record]:
    """The records after the header (call ``check_usable`` first)."""
    total = _size(binary)
    with _text(binary) as text:
        records = _records(text)
        _read_header(records, parse)
        for count, record in enumerate(records, start=1):
            if progress is not None and count % 1000 == 0:
                progress(binary.tell(), total)
            yield record
    if progress is not None:
        progress(total, total)


def _size(binary: IO[bytes]) -> int:
    position = binary.tell()
    size = binary.seek(0, io.SEEK_END)
    binary.seek(position)
    return size
