"""Exchange-format screens: upload a situations file, download a programme's situations.

Thin views over ``grip.triage.exchange``; the rights are the same as on the command line's
callers: importing needs police *and* care create rights in a row's programme (checked per
row), exporting needs the export right on police or care data of the programme.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from grip.access.grants import grants_for
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.accounts.freshness import fresh_second_factor_required
from grip.network.models import Programme
from grip.ops.models import Job, JobKind, JobStatus
from grip.triage.exchange import csv_lines, import_situations, importable_programme_ids, log_export
from grip.triage.exchange.columns import WHOLE_ROW
from grip.triage.exchange.forms import ExportForm, ImportForm, PeriodForm
from grip.triage.exchange.jobs import start_import

LINES_PER_CHUNK = 500
# How often the page of a running import reloads itself (the Refresh header: no script).
JOB_REFRESH_SECONDS = 2


@require_http_methods(["GET", "POST"])
@fresh_second_factor_required  # asked before the form, so no chosen file is lost
def import_upload(request: HttpRequest) -> HttpResponse:
    if not importable_programme_ids(request.user):
        raise PermissionDenied
    report = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        # A file the form refuses (none, not a CSV, too large) is a refused form, 400 as in
        # every app; a file that was read gets its row report (200), whatever it found.
        status = 400
        if form.is_valid():
            status = 200
            upload = form.cleaned_data["file"]
            if upload.size > settings.GRIP_IMPORT_INLINE_KB * 1024:
                # A large file is imported by the worker: no proxy timeout can cut it off.
                job = start_import(request.user, upload, dry_run=form.cleaned_data["dry_run"])
                return redirect("triage:import_job", pk=job.pk)
            report = import_situations(
                upload.file,
                request.user,
                file_name=upload.name or "",
                dry_run=form.cleaned_data["dry_run"],
            )
    else:
        form = ImportForm()
    return render(
        request,
        "triage/exchange/import_upload.html",
        {"form": form, "report": report, "whole_row": WHOLE_ROW},
        status=status,
    )


@require_GET
def import_job(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """A background import's progress, then its row report. Only its uploader sees it (404
    for anyone else); the page reloads itself until the job has finished."""
    job = get_object_or_404(
        Job,
        pk=pk,
        user=request.user,
        kind__in=(JobKind.IMPORT_SITUATIONS, JobKind.IMPORT_SIGNALS),
    )
    response = render(
        request,
        "triage/exchange/import_job.html",
        {
            "job": job,
            "report": job.result if job.status == JobStatus.DONE else None,
            "whole_row": WHOLE_ROW,
            "refresh_seconds": JOB_REFRESH_SECONDS,
        },
    )
    if not job.finished:
        response["Refresh"] = str(JOB_REFRESH_SECONDS)  # a header: no script, nothing inline
    return response


@require_GET
@fresh_second_factor_required
def export_download(request: HttpRequest) -> HttpResponseBase:
    """Without ``programme``: the export form. With it: the CSV, as an attachment."""
    exportable = _exportable_programmes(request.user)
    if "programme" not in request.GET:
        if not exportable.exists():
            raise PermissionDenied
        form = ExportForm(programmes=exportable)
        return render(request, "triage/exchange/export_form.html", {"form": form})
    # Not one of the user's programmes: not found, so its existence does not leak.
    programme = get_visible_or_404(member_programmes(request.user), slug=request.GET["programme"])
    if not exportable.filter(pk=programme.pk).exists():
        raise PermissionDenied
    period = PeriodForm(request.GET)
    if not period.is_valid():
        form = ExportForm(request.GET, programmes=exportable)
        form.is_valid()
        return render(request, "triage/exchange/export_form.html", {"form": form}, status=400)
    date_from, date_to = period.cleaned_data["date_from"], period.cleaned_data["date_to"]
    log_export(request.user, programme, date_from, date_to)
    response = StreamingHttpResponse(
        _chunks(csv_lines(programme, date_from, date_to, request.user)),
        content_type="text/csv; charset=utf-8",
    )
    name = _file_name(programme, date_from, date_to)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _exportable_programmes(user: object) -> QuerySet[Programme]:
    grants = grants_for(user)
    ids = grants.programmes(DataClass.POLICE, Action.EXPORT) | grants.programmes(
        DataClass.CARE, Action.EXPORT
    )
    return Programme.objects.filter(pk__in=sorted(ids)).order_by("name")


def _chunks(lines: Iterator[str]) -> Iterator[str]:
    """A few hundred lines per chunk: fewer, larger writes to the client."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= LINES_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _file_name(programme: Programme, date_from: dt.date | None, date_to: dt.date | None) -> str:
    period = "-".join(str(day) for day in (date_from, date_to) if day is not None)
    return f"situaties-{programme.slug}{'-' + period if period else ''}.csv"
