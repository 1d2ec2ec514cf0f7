"""Response screens: list, register, detail, edit."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, programmes_where
from grip.intake.models import Incident
from grip.network.models import Membership, Organisation, OrganisationKind
from grip.paging import paginate
from grip.submissions import once_per_submission
from grip.triage.actions import (
    EditConflict,
    can_edit,
    can_register,
    register_response,
    snapshot,
    update_response,
)
from grip.triage.forms import ResponseFilterForm, ResponseForm, initial_for_edit, initial_for_new
from grip.triage.models import Response
from grip.triage.queries import can_see_notes, incidents_awaiting_response, responses_for_list
from grip.triage.revisions import readable_history


def _require_any_view(request: HttpRequest) -> None:
    grants = grants_for(request.user)
    if not (grants.can(DataClass.POLICE, Action.VIEW) or grants.can(DataClass.CARE, Action.VIEW)):
        raise PermissionDenied


def response_list(request: HttpRequest) -> HttpResponse:
    _require_any_view(request)
    programmes = programmes_where(request.user, DataClass.POLICE, Action.VIEW) | programmes_where(
        request.user, DataClass.CARE, Action.VIEW
    )
    filter_form = ResponseFilterForm(request.GET or None, programmes=programmes.distinct())
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    page, query = paginate(request, responses_for_list(request.user, filters))
    page.object_list = list(page.object_list)  # read once: for the log and the page
    record(
        request.user,
        AccessEventAction.SEARCH,
        programme=filters.get("programme"),
        purpose=f"triage:list {request.GET.urlencode()}"[:200],
        persons=[
            r.incident.person.display_key for r in page.object_list if r.incident.person is not None
        ],
    )
    grants = grants_for(request.user)
    awaiting = (
        list(incidents_awaiting_response(request.user))
        if grants.can(DataClass.CARE, Action.CREATE)
        else []
    )
    return render(
        request,
        "triage/response_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query": query,
            "awaiting": awaiting,
            # The exchange screens decide per programme; these only show the way to them.
            "can_import": bool(
                grants.programmes(DataClass.POLICE, Action.CREATE)
                & grants.programmes(DataClass.CARE, Action.CREATE)
            ),
            "can_export": grants.can(DataClass.POLICE, Action.EXPORT)
            or grants.can(DataClass.CARE, Action.EXPORT),
        },
    )


@require_http_methods(["GET", "POST"])
@once_per_submission
def response_create(request: HttpRequest, incident_pk: int) -> HttpResponse:
    incident = get_visible_or_404(
        Incident.objects.visible_to(request.user).for_list(), pk=incident_pk
    )
    if hasattr(incident, "response"):
        messages.info(request, _("Voor deze melding is al een inzet vastgelegd."))
        return redirect("triage:response_detail", pk=incident.response.pk)
    if not can_register(request.user, incident):
        raise PermissionDenied
    if request.method == "POST":
        form = ResponseForm(request.POST, incident=incident)
        submission_key = _uuid(request.POST.get("submission_key"))
        earlier = (
            Response.objects.visible_to(request.user).filter(submission_key=submission_key).first()
        )
        if submission_key and earlier is not None:
            # A double tap or a resent form on a flaky network: show what the first one saved.
            return redirect("triage:response_detail", pk=earlier.pk)
        if form.is_valid():
            response = register_response(
                request.user, incident, form.to_data(request.user), submission_key=submission_key
            )
            messages.success(request, _("De inzet is vastgelegd."))
            return redirect("triage:response_detail", pk=response.pk)
        # Refused: the page comes back with the errors next to the fields, as in every app.
        status = 400
    else:
        # On site by default: the nurse's own organisation and the programme's police.
        own = list(
            Organisation.objects.filter(
                Q(
                    pk__in=Membership.objects.filter(
                        user_id=request.user.pk or 0, active=True
                    ).values("organisation")
                )
                | Q(kind=OrganisationKind.POLICE),
                partner_set__programme=incident.programme_id,
            )
        )
        initial = initial_for_new(incident, own)
        initial["submission_key"] = uuid.uuid4()
        form = ResponseForm(initial=initial, incident=incident)
        status = 200
    # The form shows the incident: a read, also when it comes back refused.
    _record_read(request, incident, "triage:create-form")
    return render(
        request,
        "triage/response_form.html",
        {"form": form, "incident": incident, "editing": False},
        status=status,
    )


def _record_read(request: HttpRequest, shown: Incident | Response, purpose: str) -> None:
    """Log that the page shows this incident or response, and so its person (NEN 7513).

    Every rendering counts, not only the first GET: a form that comes back with its errors or
    with an edit conflict shows the same case again.
    """
    incident = shown if isinstance(shown, Incident) else shown.incident
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=incident.programme,
            obj=shown,
            person_key=incident.person.display_key if incident.person else "",
            purpose=purpose,
        )


def _uuid(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        return None


def _visible_response(request: HttpRequest, pk: int) -> Response:
    return get_visible_or_404(
        Response.objects.visible_to(request.user)
        .for_list()
        .select_related("care_professional", "created_by")
        .prefetch_related("risks", "interventions", "bottlenecks", "organisations_on_site"),
        pk=pk,
    )


def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = _visible_response(request, pk)
    show_notes = can_see_notes(request.user, response)
    revisions = list(response.revisions.select_related("changed_by"))
    _record_read(request, response, "triage:detail")
    return render(
        request,
        "triage/response_detail.html",
        {
            "response": response,
            "incident": response.incident,
            "show_notes": show_notes,
            "revisions": readable_history(revisions, show_notes),
            "can_edit": can_edit(request.user, response),
            # The trajectory lives in the followup app (above triage): reached by relation.
            "trajectory_id": getattr(getattr(response, "trajectory", None), "pk", None),
        },
    )


@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, pk: int) -> HttpResponse:
    response = _visible_response(request, pk)
    if not can_edit(request.user, response):
        raise PermissionDenied
    current = snapshot(response)
    conflict: list[dict[str, Any]] | None = None
    status = 200
    if request.method == "POST":
        form = ResponseForm(request.POST, incident=response.incident, current=current)
        # Not saved: the page comes back with the errors next to the fields (400, as in every
        # app), or with the other's change after an edit conflict (409, below).
        status = 400
        if form.is_valid():
            try:
                update_response(
                    request.user,
                    response,
                    form.to_data(response.care_professional),
                    expected_version=form.cleaned_data["version"] or 0,
                )
            except EditConflict as clash:
                conflict = _conflict_view(
                    clash.current,
                    since_version=form.cleaned_data["version"] or 0,
                    show_notes=can_see_notes(request.user, response),
                )
                # Keep everything the user typed; only move the version on, so that saving
                # again is a deliberate choice made after seeing the other change.
                data = request.POST.copy()
                data["version"] = str(clash.current.version)
                form = ResponseForm(data, incident=response.incident, current=current)
                form.is_valid()
                # Nothing was saved: the request clashed with the response's current state.
                status = 409
            else:
                messages.success(request, _("De wijziging is opgeslagen."))
                return redirect("triage:response_detail", pk=response.pk)
    else:
        form = ResponseForm(
            initial=initial_for_edit(current, response.version),
            incident=response.incident,
            current=current,
        )
    # The form shows the response as recorded (or, after a conflict, as another saved it).
    _record_read(request, response, "triage:edit-form")
    return render(
        request,
        "triage/response_form.html",
        {
            "form": form,
            "incident": response.incident,
            "response": response,
            "editing": True,
            "conflict": conflict,
        },
        status=status,
    )


def _conflict_view(current: Response, since_version: int, show_notes: bool) -> list[dict[str, Any]]:
    """What others saved after the version this form was opened on."""
    newer = current.revisions.filter(version__gt=since_version).select_related("changed_by")
    return readable_history(newer, show_notes)
