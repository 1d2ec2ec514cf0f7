"""The coordinator's screen for one open trajectory per person: parallel open trajectories
of one person (work that arrived around the rule, e.g. after two persons were merged) are
merged, a merge is undone, and work without a known person gets one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.scoping import get_visible_or_404
from grip.followup import merging
from grip.followup.forms import LinkPersonForm, MergeTrajectoriesForm, UndoTrajectoryMergeForm
from grip.followup.models import Trajectory
from grip.followup.rights import is_coordinator
from grip.people.models import Person

RECENT_MERGES = 20


def _require_coordinator(request: HttpRequest) -> None:
    grants = grants_for(request.user)
    if not any(is_coordinator(request.user, pid) for pid in grants.programme_ids):
        raise PermissionDenied


def _choices(trajectories: list[Trajectory]) -> list[tuple[int, str]]:
    return [
        (
            t.pk,
            _("traject %(number)s, geopend %(day)s")
            % {"number": t.pk, "day": t.opened_at.strftime("%d-%m-%Y")},
        )
        for t in trajectories
    ]


def parallel(
    request: HttpRequest, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    _require_coordinator(request)
    bound = bound or {}
    groups = merging.parallel_for(request.user)
    for group in groups:
        prefix = f"merge-{group['programme'].pk}-{group['person'].pk}"
        group["form"] = bound.get(prefix) or MergeTrajectoriesForm(
            prefix=prefix, choices=_choices(group["trajectories"])
        )
        group["prefix"] = prefix
    without = [
        (t, bound.get(f"link-{t.pk}") or LinkPersonForm(prefix=f"link-{t.pk}"))
        for t in merging.without_person_for(request.user)
    ]
    merges = [
        (m, bound.get(f"undo-{m.pk}") or UndoTrajectoryMergeForm(prefix=f"undo-{m.pk}"))
        for m in merging.merges_for(request.user)[:RECENT_MERGES]
    ]
    record(request.user, AccessEventAction.SEARCH, purpose="followup:parallel")
    return render(
        request,
        "followup/parallel.html",
        {"groups": groups, "without": without, "merges": merges},
        status=status,
    )


def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return redirect("followup:parallel")


@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    prefix = request.POST.get("prefix", "")
    trajectories = Trajectory.objects.visible_to(request.user)
    ids = [request.POST.get(f"{prefix}-survivor"), request.POST.get(f"{prefix}-absorbed")]
    found = list(trajectories.filter(pk__in=[i for i in ids if i and i.isdigit()]))
    form = MergeTrajectoriesForm(request.POST, prefix=prefix or None, choices=_choices(found))
    if not form.is_valid():
        return parallel(request, {prefix: form}, status=400)
    survivor = get_visible_or_404(trajectories, pk=form.cleaned_data["survivor"])
    absorbed = get_visible_or_404(trajectories, pk=form.cleaned_data["absorbed"])
    try:
        merging.merge(request.user, survivor, absorbed, form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, error)
    messages.success(
        request,
        _("Traject %(absorbed)s is opgegaan in traject %(survivor)s.")
        % {"absorbed": absorbed.pk, "survivor": survivor.pk},
    )
    return redirect("followup:parallel")


@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require_coordinator(request)
    done = get_visible_or_404(merging.merges_for(request.user), pk=pk)
    form = UndoTrajectoryMergeForm(request.POST, prefix=f"undo-{pk}")
    if not form.is_valid():
        return parallel(request, {f"undo-{pk}": form}, status=400)
    try:
        merging.undo_merge(request.user, done, form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("Het samenvoegen is ongedaan gemaakt."))
    return redirect("followup:parallel")


@require_POST
def link_person(request: HttpRequest, pk: int) -> HttpResponse:
    _require_coordinator(request)
    trajectory = get_visible_or_404(Trajectory.objects.visible_to(request.user), pk=pk)
    form = LinkPersonForm(request.POST, prefix=f"link-{pk}")
    person: Any = None
    if form.is_valid():
        person = (
            Person.objects.visible_to(request.user)
            .filter(display_key=form.cleaned_data["person_key"].strip().upper())
            .first()
        )
        if person is None:
            form.add_error("person_key", _("Geen betrokkene met deze sleutel gevonden."))
    if not form.is_valid() or person is None:
        return parallel(request, {f"link-{pk}": form}, status=400)
    try:
        result = merging.link_person(request.user, trajectory, person, form.cleaned_data["reason"])
    except ValidationError as error:
        return _refused(request, error)
    messages.success(
        request,
        _("Betrokkene %(key)s gekoppeld; het werk staat op traject %(number)s.")
        % {"key": person.display_key, "number": result.pk},
    )
    return redirect("followup:parallel")
