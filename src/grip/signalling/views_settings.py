"""A programme's signalling settings, on a screen for its coordinator (not the Django admin)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import SignalRight
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.network.models import Programme
from grip.signalling.forms_settings import SettingsForm
from grip.signalling.models import SignallingSettings
from grip.signalling.rights import require
from grip.signalling.settings_actions import SettingsConflict, save_settings, settings_of


def programme_settings(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(member_programmes(request.user), slug=slug)
    require(request.user, SignalRight.STEER, programme.pk)
    current = settings_of(programme)
    if request.method != "POST":
        record(request.user, AccessEventAction.READ, programme=programme,
               purpose="signalling:settings")  # fmt: skip
        form = SettingsForm(programme, initial=SettingsForm.initial_from(current))
        return _page(request, programme, form, current)
    form = SettingsForm(programme, request.POST)
    if not form.is_valid():
        return _page(request, programme, form, current, status=400)
    data = form.cleaned_data
    try:
        save_settings(
            request.user,
            programme,
            pickup_working_days=data["pickup_working_days"],
            default_organisation=data["default_organisation"],
            sources=data["sources"],
            factsheet_parts=data["factsheet_parts"],
            version=data["version"],
        )
    except SettingsConflict as clash:
        return _conflict(request, programme, form, clash.current)
    messages.success(request, _("De instellingen zijn opgeslagen."))
    return redirect("signalling:settings", slug=programme.slug)


def _conflict(
    request: HttpRequest, programme: Programme, form: SettingsForm, saved: SignallingSettings
) -> HttpResponse:
    """What the user typed stays; the version moves on to what is saved now, so saving again
    is a deliberate overwrite made after seeing the other change (ADR 0005)."""
    data = request.POST.copy()
    data["version"] = str(saved.version)
    kept = SettingsForm(programme, data)
    kept.is_valid()
    return _page(request, programme, kept, saved, conflict=True, status=409)


def _page(
    request: HttpRequest,
    programme: Programme,
    form: SettingsForm,
    saved: SignallingSettings,
    *,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "signalling/settings.html",
        {
            "programme": programme,
            "form": form,
            "saved": saved,
            "saved_sources": list(saved.sources.all()) if saved.pk else [],
            "conflict": conflict,
        },
        status=status,
    )
