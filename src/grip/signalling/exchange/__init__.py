"""Exchange format v1, signals CSV (DOMAIN.md): imported and exported in bulk.

A format is its columns and row rules; the reader, the cell parsers, the row report and the
neutralising writer are the shared ones in ``grip.triage.exchange`` (DESIGN.md rule 9).

- ``columns``: the columns, the header, who may import;
- ``rows``: the pure row parser and the row rules;
- ``writes`` and ``importer``: the import in batches (``import_signals_file``);
- ``exporter``: the export, streamed.
"""

from grip.signalling.exchange.columns import COLUMNS, importable_programme_ids
from grip.signalling.exchange.exporter import csv_lines, log_export, signal_rows
from grip.signalling.exchange.importer import import_signals_file

__all__ = [
    "COLUMNS",
    "csv_lines",
    "import_signals_file",
    "importable_programme_ids",
    "log_export",
    "signal_rows",
]
