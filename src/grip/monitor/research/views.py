"""The research export screen: choose a programme and period, download the zip.

Who: roles with the export right on statistics (analyst, coordinator) in the programme. A
programme the user does not work in is not found (404); one where the role lacks the right
is forbidden (403), as is the screen for a user without the right anywhere.
"""

from __future__ import annotations

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, member_programmes, programmes_where
from grip.accounts.freshness import has_fresh_second_factor
from grip.accounts.middleware import second_factor_redirect
from grip.monitor.research.forms import ResearchExportForm
from grip.monitor.research.package import export, file_name

TEMPLATE = "monitor/research/export_form.html"
IN_MEMORY_BYTES = 16 * 1024 * 1024  # larger exports spill to a temporary file


@require_GET
def research_export(request: HttpRequest) -> HttpResponseBase:
    """Without ``programme``: the form. With it: the zip, as an attachment."""
    exportable = programmes_where(request.user, DataClass.STATS, Action.EXPORT)
    if "programme" not in request.GET:
        if not exportable.exists():
            raise PermissionDenied
        return _form(request, ResearchExportForm(programmes=exportable))
    if not has_fresh_second_factor(request):  # taking rows out of Grip: a fresh second factor
        return second_factor_redirect(request, request.get_full_path())
    programme = get_visible_or_404(member_programmes(request.user), slug=request.GET["programme"])
    if not exportable.filter(pk=programme.pk).exists():
        raise PermissionDenied
    form = ResearchExportForm(request.GET, programmes=exportable)
    if not form.is_valid():
        return _form(request, form, status=400)
    date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    buffer = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - closed by FileResponse
    export(request.user, programme, date_from, date_to, buffer)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=file_name(programme, date_from, date_to),
        content_type="application/zip",
    )


def _form(request: HttpRequest, form: ResearchExportForm, status: int = 200) -> HttpResponse:
    return render(request, TEMPLATE, {"form": form}, status=status)
