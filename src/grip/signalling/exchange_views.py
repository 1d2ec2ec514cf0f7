"""The coordinator's upload screen for signals files (the signals CSV, exchange format v1).

A thin view over ``grip.signalling.exchange``, mirroring the situations upload
(``grip.triage.exchange_views``): the same form rules, a dry run on request, the row report
on the page. The right is checked per row (``importable_programme_ids``); the screen itself
is for whoever may import signals into at least one programme. The import runs inside the
request for now; ``import_signals_file`` is one function so that it can become a task.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from grip.accounts.freshness import fresh_second_factor_required
from grip.signalling.exchange import import_signals_file, importable_programme_ids
from grip.signalling.exchange.jobs import start_import
from grip.triage.exchange.columns import WHOLE_ROW
from grip.triage.exchange.forms import ImportForm


class SignalsImportForm(ImportForm):
    """The situations upload's form (size, name and content checks), for signals files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Signalen in uitwisselformaat v1: CSV in UTF-8, met kopregel."
        )


@require_http_methods(["GET", "POST"])
@fresh_second_factor_required  # asked before the form, so no chosen file is lost
def import_upload(request: HttpRequest) -> HttpResponse:
    if not importable_programme_ids(request.user):
        raise PermissionDenied
    report = None
    status = 200
    if request.method == "POST":
        form = SignalsImportForm(request.POST, request.FILES)
        # A file the form refuses is a refused form (400); a file that was read gets its
        # row report (200), whatever it found.
        status = 400
        if form.is_valid():
            status = 200
            upload = form.cleaned_data["file"]
            if upload.size > settings.GRIP_IMPORT_INLINE_KB * 1024:
                # A large file is imported by the worker: no proxy timeout can cut it off.
                job = start_import(request.user, upload, dry_run=form.cleaned_data["dry_run"])
                return redirect("triage:import_job", pk=job.pk)
            report = import_signals_file(
                upload.file,
                request.user,
                dry_run=form.cleaned_data["dry_run"],
                file_name=upload.name or "",
            )
    else:
        form = SignalsImportForm()
    return render(
        request,
        "signalling/exchange/import_upload.html",
        {"form": form, "report": report, "whole_row": WHOLE_ROW},
        status=status,
    )
