"""Shared helpers for the signals CSV tests (no tests here)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from grip.signalling.exchange import COLUMNS, import_signals_file
from grip.triage.exchange import ImportReport

PROGRAMME = "groninger-vroegsignalering"

VALID_ROW: dict[str, str] = {
    "signal_number": "I28-0001",
    "source": "police_i28",
    "programme": PROGRAMME,
    "municipality": "GM0014",
    "area": "",
    "received_at": "2026-03-02T09:15:00+01:00",
    "person_key": "VS-K0001",
    "concerns": "confused_behaviour|self_neglect",
    "picked_up_at": "2026-03-03T10:00:00+01:00",
    "first_contact_at": "2026-03-04T14:30+01:00",
    "first_contact_with": "network",
    "closed_at": "2026-03-10T16:00:00+01:00",
    "result": "regular_care",
    "notes": "Synthetische notitie: buurvrouw maakt zich zorgen.",
}
NEW_ROW: dict[str, str] = {
    **VALID_ROW,
    "picked_up_at": "",
    "first_contact_at": "",
    "first_contact_with": "",
    "closed_at": "",
    "result": "",
}


def a_row(**overrides: str) -> dict[str, str]:
    return {**VALID_ROW, **overrides}


def csv_bytes(
    rows: Iterable[dict[str, str]], columns: Iterable[str] = COLUMNS, *, bom: bool = False
) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    columns = list(columns)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return ("\ufeff" if bom else "").encode() + out.getvalue().encode("utf-8")


def run_import(data: bytes, user: Any = None, **options: Any) -> ImportReport:
    return import_signals_file(io.BytesIO(data), user, file_name="signalen.csv", **options)


def errors_of(report: ImportReport) -> list[tuple[int, str]]:
    return [(error.line, error.column) for error in report.errors]
