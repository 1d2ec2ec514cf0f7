"""The research export as one zip: each table as CSV and Parquet, and the data dictionary.

Inside the zip: ``responses.csv``, ``responses.parquet``, ``trajectories.csv``,
``trajectories.parquet``, ``dictionary.json`` and ``LEESMIJ.md``. Making it is logged as an
export in the access log, in the same transaction that reads the rows.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zoneinfo
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings
from django.db import transaction

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.csvfile import csv_text
from grip.monitor.indicators import DEFINITIONS
from grip.monitor.publication import threshold as publication_threshold
from grip.monitor.research.dictionary import BOOLEAN, INTEGER, TABLES, Column, describe, readme
from grip.monitor.research.rows import ResearchData, research_data
from grip.network.models import Programme
from grip.people.models import Person

ARROW_TYPES = {INTEGER: pa.int32(), BOOLEAN: pa.bool_()}


def csv_bytes(rows: list[dict[str, Any]], columns: tuple[Column, ...]) -> bytes:
    """UTF-8, comma, RFC 4180, a header row, through Grip's one CSV writer (``grip.csvfile``):
    numbers and booleans (``true``/``false``) as such, text neutralised against formulas."""
    body = csv_text(
        [col.name for col in columns], ([row[col.name] for col in columns] for row in rows)
    )
    return body.encode("utf-8")


def parquet_bytes(
    rows: list[dict[str, Any]], columns: tuple[Column, ...], metadata: dict[str, str]
) -> bytes:
    """The same columns, typed, each with its description as field metadata."""
    schema = pa.schema(
        [
            pa.field(
                col.name,
                ARROW_TYPES.get(col.type, pa.string()),
                nullable=True,
                metadata={"description": col.description},
            )
            for col in columns
        ],
        metadata=metadata,
    )
    table = pa.table(
        {col.name: [row[col.name] for row in rows] for col in columns},
        schema=schema,
    )
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def export_facts(data: ResearchData) -> dict[str, Any]:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return {
        "programme": data.programme.slug,
        "from": data.date_from.isoformat(),
        "to": data.date_to.isoformat(),
        "generated_at": data.generated_at.astimezone(zone).isoformat(timespec="minutes"),
        "definitions": DEFINITIONS,
        "generalisation_threshold": data.threshold,
        "rows": {"responses": len(data.responses), "trajectories": len(data.trajectories)},
    }


def write_zip(data: ResearchData, target: IO[bytes]) -> None:
    dictionary = describe(export_facts(data))
    metadata = {"definitions": DEFINITIONS, "programme": data.programme.slug}
    tables = {"responses": data.responses, "trajectories": data.trajectories}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (_text, columns) in TABLES.items():
            archive.writestr(f"{name}.csv", csv_bytes(tables[name], columns))
            archive.writestr(f"{name}.parquet", parquet_bytes(tables[name], columns, metadata))
        archive.writestr(
            "dictionary.json", json.dumps(dictionary, ensure_ascii=False, indent=2) + "\n"
        )
        archive.writestr("LEESMIJ.md", readme(dictionary))


def export(
    user: Any,
    programme: Programme,
    date_from: dt.date,
    date_to: dt.date,
    target: IO[bytes],
    *,
    threshold: int | None = None,
) -> ResearchData:
    """Read, log and write the export for ``programme`` and period into ``target``.

    The caller has checked the right (stats export in the programme); ``user`` is None when
    the command line makes the export (the log row then names no user).
    """
    limit = publication_threshold() if threshold is None else threshold
    with transaction.atomic():
        data = research_data(programme, date_from, date_to, limit)
        # Pseudonymised with fresh keys, but still these persons' data: the log names them,
        # so each one's subject-access report shows the export (issue 22, finding 7).
        persons = Person.objects.filter(pk__in=sorted(data.person_ids)).values_list(
            "display_key", flat=True
        )
        record(
            user,
            AccessEventAction.EXPORT,
            programme=programme,
            purpose=f"research_export {programme.slug} {date_from}..{date_to}",
            persons=persons,
        )
    write_zip(data, target)
    return data


def file_name(programme: Programme, date_from: dt.date, date_to: dt.date) -> str:
    return f"onderzoek-{programme.slug}-{date_from}-{date_to}.zip"
