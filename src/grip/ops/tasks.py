"""Background tasks (django-tasks; docs/adr/0081-background-tasks.md).

Each task writes one JSON log line when it ends (grip.ops.logs.log_task) with its outcome and
duration, under the id of the task. The daily commands run as tasks too, so that the worker
is the one place long work happens; the timers only enqueue them (``manage.py enqueue``).
"""

from __future__ import annotations

import datetime as dt
import io
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from grip.ops.logs import current_request_id, log_task
from grip.ops.models import Job, JobStatus

# The daily commands a timer may enqueue (docs/deploy.md).
SCHEDULED_COMMANDS = ("notify", "purge", "refresh_facts")
# At most this often the progress of a running job is written (seconds).
PROGRESS_INTERVAL = 1.0


@contextmanager
def logged(name: str, task_id: str, user_id: int | None = None) -> Iterator[None]:
    token = current_request_id.set(task_id)
    started = time.perf_counter()
    try:
        yield
    except Exception:
        log_task(name, task_id, "failed", started, user_id)
        raise
    else:
        log_task(name, task_id, "done", started, user_id)
    finally:
        current_request_id.reset(token)


@task()
def run_command(name: str) -> str:
    """One of the daily commands; returns nothing of what it printed (counts only, no data).
    The purge also ends the background jobs and task results past their days."""
    if name not in SCHEDULED_COMMANDS:
        raise ValueError(f"not a scheduled command: {name}")
    with logged(f"command:{name}", f"command-{name}-{int(time.time())}"):
        call_command(name, stdout=io.StringIO())
        if name == "purge":
            prune_jobs()
    return name


def prune_jobs() -> int:
    """Delete finished jobs (their reports) and task results older than
    GRIP_JOB_RETENTION_DAYS; a job that never finished is kept for the administrator."""
    days = settings.GRIP_JOB_RETENTION_DAYS
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = Job.objects.filter(
        status__in=(JobStatus.DONE, JobStatus.FAILED), finished_at__lt=cutoff
    ).delete()
    call_command(
        "prune_db_task_results",
        "--min-age-days", str(days), "--failed-min-age-days", str(days),
        stdout=io.StringIO(),
    )  # fmt: skip
    return deleted


@task()
def run_job(job_id: str) -> str:
    """Run the job the screen started, as the user who started it."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with logged(f"job:{job.kind}", str(job.pk), job.user_id):
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
        try:
            result = JOB_RUNNERS[job.kind](job, _progress_writer(job))
        except Exception:
            _finish(job, JobStatus.FAILED, {"error": traceback.format_exc(limit=0).strip()[:200]})
            raise
        _finish(job, JobStatus.DONE, result)
    return str(job.pk)


def _finish(job: Job, status: str, result: dict[str, Any]) -> None:
    # The uploaded file goes: it may hold person data and its rows are in the database now.
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            status=status,
            progress=100 if status == JobStatus.DONE else job.progress,
            result=result,
            payload=None,
            finished_at=timezone.now(),
        )


def _progress_writer(job: Job) -> Callable[[int, int], None]:
    last = [0.0]

    def write(done: int, total: int) -> None:
        now = time.monotonic()
        if total and now - last[0] >= PROGRESS_INTERVAL:
            last[0] = now
            percent = min(99, int(done * 100 / total))
            Job.objects.filter(pk=job.pk).update(progress=percent)

    return write


def _import_situations(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    from grip.triage.exchange.jobs import run_import

    return run_import(job, progress)


def _import_signals(job: Job, progress: Callable[[int, int], None]) -> dict[str, Any]:
    from grip.signalling.exchange.jobs import run_import

    return run_import(job, progress)


JOB_RUNNERS: dict[str, Callable[[Job, Callable[[int, int], None]], dict[str, Any]]] = {
    "import_situations": _import_situations,
    "import_signals": _import_signals,
}
