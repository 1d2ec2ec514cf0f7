"""A signals import from the upload screen as a background job, like the situations import
(``grip.triage.exchange.jobs``): the job row keeps the file, the worker imports it as the user
who uploaded, and the job page shows its progress and then the same row report."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from grip.ops.models import Job, JobKind
from grip.signalling.exchange.columns import importable_programme_ids
from grip.signalling.exchange.importer import import_signals_file
from grip.triage.exchange.jobs import report_as_data


def start_import(user: Any, upload: UploadedFile, *, dry_run: bool) -> Job:
    """Keep the file in a job of ``user`` and queue it; the worker imports it."""
    from grip.ops.tasks import run_job

    if not importable_programme_ids(user):
        raise PermissionDenied
    upload.seek(0)
    with transaction.atomic():
        job = Job.objects.create(
            kind=JobKind.IMPORT_SIGNALS,
            user=user,
            file_name=(upload.name or "")[:255],
            options={"dry_run": dry_run},
            payload=upload.read(),
        )
        transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


def run_import(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    report = import_signals_file(
        io.BytesIO(bytes(job.payload or b"")),
        job.user,
        dry_run=bool(job.options.get("dry_run")),
        file_name=job.file_name,
        progress=progress,
    )
    return report_as_data(report)
