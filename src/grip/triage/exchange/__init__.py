"""Exchange format v1: the situations CSV (DOMAIN.md), imported and exported in bulk.

- ``columns``: the columns, the header check, the spreadsheet-formula guard;
- ``cells`` and ``rows``: pure parsers from text to values or Dutch cell errors;
- ``reader``: streams records with their physical line numbers;
- ``reference``, ``persons``, ``batch``, ``importer``: the import in batches;
- ``exporter``: the export, streamed.
"""

from grip.triage.exchange.columns import COLUMNS, CellError, UnusableFile
from grip.triage.exchange.exporter import csv_lines, log_export, situation_rows
from grip.triage.exchange.importer import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNUSABLE,
    ImportReport,
    import_situations,
)
from grip.triage.exchange.reference import importable_programme_ids

__all__ = [
    "COLUMNS",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_UNUSABLE",
    "CellError",
    "ImportReport",
    "UnusableFile",
    "csv_lines",
    "import_situations",
    "importable_programme_ids",
    "log_export",
    "situation_rows",
]
