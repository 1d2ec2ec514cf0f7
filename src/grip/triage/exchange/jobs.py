"""A situations import from the upload screen as a background job (grip.ops.tasks).

``start_import`` is the write (the job row with the file, its task queued when the row is
committed); ``run_import`` is what the worker runs, as the user who uploaded; the report goes
back into the job as plain data for the screen.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from grip.ops.models import Job, JobKind
from grip.triage.exchange.importer import ImportReport, import_situations
from grip.triage.exchange.reference import importable_programme_ids


def start_import(user: Any, upload: UploadedFile, *, dry_run: bool) -> Job:
    """Keep the file in a job of ``user`` and queue it; the worker imports it."""
    from grip.ops.tasks import run_job

    if not importable_programme_ids(user):
        raise PermissionDenied
    upload.seek(0)
    with transaction.atomic():
        job = Job.objects.create(
            kind=JobKind.IMPORT_SITUATIONS,
            user=user,
            file_name=(upload.name or "")[:255],
            options={"dry_run": dry_run},
            payload=upload.read(),
        )
        transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def run_import(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    report = import_situations(
        io.BytesIO(bytes(job.payload or b"")),
        job.user,
        file_name=job.file_name,
        dry_run=bool(job.options.get("dry_run")),
        progress=progress,
    )
    return report_as_data(report)


def report_as_data(report: ImportReport) -> dict[str, Any]:
    """The report as the screen shows it (the same fields as ``ImportReport``)."""
    return {
        "file_name": report.file_name,
        "dry_run": report.dry_run,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "unusable": report.unusable,
        "errors": [
            {"line": error.line, "column": error.column, "reason": str(error.reason)}
            for error in report.errors
        ],
    }
