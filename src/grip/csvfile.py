"""The one CSV writer of Grip: every CSV Grip writes (a download, a file in a zip, a command's
output) is written here, so that no cell reaches a spreadsheet as a formula.

A text cell that a spreadsheet could run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return, also after leading quotes) gets one ``'`` in front; ``unneutralise``
takes exactly that quote off again, so the exchange format's export → import → export is
lossless. Numbers and booleans are written as they are: they cannot be formulas, and a research
file's ``-3`` must stay a number. A test walks every CSV download of the app and checks a
planted ``=1+2`` comes out neutralised, and that no other module makes a ``csv.writer``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import IO

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and carriage
# return, may shift it so it starts with one).
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
QUOTE = "'"

Cell = str | int | float | bool | None


def neutralise(value: str) -> str:
    """Prefix ``'`` when a spreadsheet could read the cell as a formula.

    A value that already starts with quotes followed by a trigger (``'=x``) gets one more,
    so that ``unneutralise`` can tell it from a neutralised ``=x``: the pair is lossless.
    """
    return QUOTE + value if _looks_like_formula(value) else value


def unneutralise(value: str) -> str:
    """Strip exactly one leading ``'`` that ``neutralise`` would have added."""
    if value.startswith(QUOTE) and _looks_like_formula(value[1:]):
        return value[1:]
    return value


def _looks_like_formula(value: str) -> bool:
    return value.lstrip(QUOTE)[:1] in FORMULA_TRIGGERS


def cell_text(value: Cell) -> str:
    """What a cell holds in the file: text neutralised, numbers and booleans as such."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


class CsvWriter:
    """RFC 4180 rows (comma, CRLF, quotes where needed), each cell through ``cell_text``.

    Without a file, ``row`` only returns each line (for streaming responses).
    """

    def __init__(self, out: IO[str] | None = None) -> None:
        self._out = out
        self._writer = csv.writer(_Echo(), lineterminator="\r\n")

    def row(self, cells: Iterable[Cell]) -> str:
        line: str = self._writer.writerow([cell_text(cell) for cell in cells])
        if self._out is not None:
            self._out.write(line)
        return line

    def rows(self, rows: Iterable[Iterable[Cell]]) -> None:
        for cells in rows:
            self.row(cells)


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[Cell]]) -> Iterator[str]:
    """The file as lines, header first, for a streaming response."""
    writer = CsvWriter()
    yield writer.row(header)
    for cells in rows:
        yield writer.row(cells)


def csv_text(header: Iterable[str], rows: Iterable[Iterable[Cell]]) -> str:
    """The whole file as one string."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.row(header)
    writer.rows(rows)
    return out.getvalue()


class _Echo:
    """A file-like object that hands back what is written: csv rows as strings."""

    def write(self, value: str) -> str:
        return value
