"""Casework screens: a trajectory's plan, the breakthrough, tables and case conferences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, programmes_where
from grip.casework import actions
from grip.casework.forms import (
    AgendaForm,
    AnswerForm,
    BreakthroughForm,
    ConferenceForm,
    DecisionForm,
    PlanForms,
    TableForm,
    programme_partners,
)
from grip.casework.models import AgendaItem, Breakthrough, Conference, ConferenceTable
from grip.casework.queries import conferences_for, versions_of, visible_plan_ids
from grip.casework.rights import (
    can_answer_breakthrough,
    can_raise_breakthrough,
    can_read_plan,
    can_set_up,
    can_take_part,
    can_write_plan,
)
from grip.followup.models import Trajectory, TrajectoryStatus
from grip.paging import paginate


def _trajectory(request: HttpRequest, pk: int) -> Trajectory:
    return get_visible_or_404(Trajectory.objects.visible_to(request.user).for_list(), pk=pk)


def _read(request: HttpRequest, trajectory: Trajectory, purpose: str) -> None:
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=trajectory.programme,
            obj=trajectory,
            person_key=trajectory.person.display_key if trajectory.person else "",
            purpose=purpose,
        )


def _attach(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- the plan -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan of approach: the current version first, the form for a new one, the history.
    A save against an older version comes back as a conflict (409) with what was typed."""
    trajectory = _trajectory(request, pk)
    if not can_read_plan(request.user, trajectory):
        raise PermissionDenied  # the police role: a plan is social data
    writable = can_write_plan(request.user, trajectory) and trajectory.is_open
    versions = list(versions_of(trajectory))
    current = versions[0] if versions else None
    status, conflict = 200, False
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        bundle = PlanForms(trajectory, current, request.POST)
        status = 400
        if bundle.is_valid():
            try:
                actions.save_plan(
                    request.user, trajectory,
                    based_on=bundle.plan.cleaned_data["based_on"],
                    goals=bundle.goal_lines(), agreements=bundle.agreement_lines(),
                    review_on=bundle.plan.cleaned_data["review_on"],
                    note=bundle.plan.cleaned_data["note"],
                )  # fmt: skip
            except actions.EditConflict as clash:
                # Keep what was typed; move the version on, so that saving again is a choice
                # made after seeing the other's version (shown first on the page).
                data = request.POST.copy()
                data["based_on"] = str(clash.current.number if clash.current else 0)
                bundle = PlanForms(trajectory, current, data)
                bundle.is_valid()
                versions = list(versions_of(trajectory))
                current = versions[0] if versions else None
                status, conflict = 409, True
            except ValidationError as error:
                _attach(bundle.plan, error)
            else:
                messages.success(request, _("Nieuwe versie van het plan opgeslagen."))
                return redirect("followup:trajectory_detail", pk=trajectory.pk)
    else:
        bundle = PlanForms(trajectory, current)
    _read(request, trajectory, "casework:plan")
    return render(
        request,
        "casework/plan.html",
        {
            "trajectory": trajectory,
            "current": current,
            "older": versions[1:],
            "forms": bundle if writable else None,
            "conflict": conflict,
            "today": timezone.localdate(),
        },
        status=status,
    )


# --- breakthrough -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def breakthrough_new(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = _trajectory(request, pk)
    if not can_raise_breakthrough(request.user, trajectory):
        raise PermissionDenied
    posted = request.method == "POST"
    form = BreakthroughForm(request.POST if posted else None, trajectory=trajectory)
    if posted and form.is_valid():
        try:
            actions.raise_breakthrough(
                request.user, trajectory,
                table=form.cleaned_data["table"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Doorbraak gevraagd; de coördinator ziet die."))
            return redirect("followup:trajectory_detail", pk=trajectory.pk)
    _read(request, trajectory, "casework:breakthrough-form")
    return render(
        request,
        "casework/breakthrough_form.html",
        {"trajectory": trajectory, "form": form},
        status=400 if posted else 200,
    )


@require_http_methods(["GET", "POST"])
def breakthrough_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breakthrough = get_visible_or_404(
        Breakthrough.objects.visible_to(request.user).select_related(
            "trajectory__programme", "trajectory__person", "table", "raised_by", "answered_by"
        ),
        pk=pk,
    )
    trajectory = breakthrough.trajectory
    answerable = breakthrough.is_open and can_answer_breakthrough(
        request.user, trajectory.programme_id
    )
    posted = request.method == "POST"
    if posted and not answerable:
        raise PermissionDenied
    form = AnswerForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            actions.answer_breakthrough(
                request.user, breakthrough, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Besluit vastgelegd."))
            return redirect("casework:breakthrough_detail", pk=breakthrough.pk)
    _read(request, trajectory, "casework:breakthrough")
    return render(
        request,
        "casework/breakthrough_detail.html",
        {"breakthrough": breakthrough, "form": form if answerable else None},
        status=400 if posted else 200,
    )


# --- tables -------------------------------------------------------------------------------


def _coordinated(request: HttpRequest) -> list[Any]:
    return [
        p
        for p in programmes_where(request.user, DataClass.SOCIAL, Action.VIEW)
        if can_set_up(request.user, p.pk)
    ]


@require_http_methods(["GET", "POST"])
def tables(request: HttpRequest) -> HttpResponse:
    """The coordinator's tables per programme: add one, take one out of use."""
    programmes = _coordinated(request)
    if not programmes:
        raise PermissionDenied
    posted = request.method == "POST"
    form = TableForm(request.POST if posted else None)
    chosen = next((p for p in programmes if p.slug == request.POST.get("programme")), None)
    if posted and form.is_valid():
        if chosen is None:
            form.add_error(None, _("Kies het programma van de tafel."))
        else:
            try:
                actions.add_table(
                    request.user, chosen, name=form.cleaned_data["name"],
                    has_mandate=form.cleaned_data["has_mandate"],
                )  # fmt: skip
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Tafel toegevoegd."))
                return redirect("casework:tables")
    rows = ConferenceTable.objects.filter(programme__in=programmes).select_related("programme")
    with transaction.atomic():
        record(request.user, AccessEventAction.SEARCH, purpose="casework:tables")
    return render(
        request,
        "casework/tables.html",
        {"rows": list(rows), "programmes": programmes, "form": form},
        status=400 if posted else 200,
    )


@require_POST
def table_active(request: HttpRequest, pk: int) -> HttpResponse:
    table = get_visible_or_404(
        ConferenceTable.objects.filter(programme__in=_coordinated(request)), pk=pk
    )
    actions.set_table_active(request.user, table, active=request.POST.get("active") == "1")
    messages.success(request, _("Tafel bijgewerkt."))
    return redirect("casework:tables")


# --- conferences --------------------------------------------------------------------------


def _require_casework_view(request: HttpRequest) -> None:
    grants = grants_for(request.user)
    if not (grants.can(DataClass.SOCIAL, Action.VIEW) or grants.can(DataClass.CARE, Action.VIEW)):
        raise PermissionDenied


def conference_list(request: HttpRequest) -> HttpResponse:
    _require_casework_view(request)
    page, query = paginate(request, conferences_for(request.user))
    with transaction.atomic():
        record(request.user, AccessEventAction.SEARCH, purpose="casework:conferences")
    return render(
        request,
        "casework/conference_list.html",
        {"page": page, "query": query, "can_plan": bool(_coordinated(request))},
    )


@require_http_methods(["GET", "POST"])
def conference_new(request: HttpRequest) -> HttpResponse:
    programmes = _coordinated(request)
    if not programmes:
        raise PermissionDenied
    posted = request.method == "POST"
    form = ConferenceForm(
        request.POST if posted else None,
        programmes=programmes_where(request.user, DataClass.SOCIAL, Action.VIEW).filter(
            pk__in=[p.pk for p in programmes]
        ),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        conference = actions.plan_conference(
            request.user, data["table"], held_on=data["held_on"],
            participants=data["participants"], legal_basis=data["legal_basis"],
        )  # fmt: skip
        messages.success(request, _("Casusoverleg aangemaakt."))
        return redirect("casework:conference_detail", pk=conference.pk)
    return render(
        request, "casework/conference_form.html", {"form": form}, status=400 if posted else 200
    )


def _conference(request: HttpRequest, pk: int) -> Conference:
    return get_visible_or_404(
        Conference.objects.visible_to(request.user).select_related(
            "table__programme", "legal_basis"
        ),
        pk=pk,
    )


@require_GET
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _conference_page(request, pk)


def _conference_page(
    request: HttpRequest,
    pk: int,
    agenda_form: AgendaForm | None = None,
    decision_forms: dict[int, DecisionForm] | None = None,
) -> HttpResponse:
    conference = _conference(request, pk)
    programme_id = conference.table.programme_id
    items = list(
        conference.items.select_related(
            "trajectory__person", "trajectory__case_organisation"
        ).prefetch_related("decisions__direction_to", "decisions__by")
    )
    trajectory_ids = [item.trajectory_id for item in items]
    readable = visible_plan_ids(request.user, trajectory_ids)
    openable = set(
        Trajectory.objects.visible_to(request.user)
        .filter(pk__in=trajectory_ids)
        .values_list("pk", flat=True)
    )
    taking_part = can_take_part(request.user, conference)
    partners = list(programme_partners(programme_id)) if taking_part else []
    bound = decision_forms or {}
    rows = [
        {
            "item": item,
            "opens": item.trajectory_id in openable,
            "plan": item.trajectory_id in readable,
            "form": bound.get(item.pk)
            or DecisionForm(partners=partners, auto_id=f"id_d{item.pk}_%s"),
        }
        for item in items
    ]
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=conference.table.programme,
            obj=conference,
            purpose="casework:conference",
        )
    return render(
        request,
        "casework/conference_detail.html",
        {
            "conference": conference,
            "participants": list(conference.participants.order_by("name")),
            "rows": rows,
            "taking_part": taking_part,
            "agenda_form": agenda_form or AgendaForm(),
        },
        status=400 if (agenda_form or decision_forms) else 200,
    )


@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    if not can_take_part(request.user, conference):
        raise PermissionDenied
    form = AgendaForm(request.POST)
    if form.is_valid():
        # The person's open trajectory in the table's programme, as the user may see it.
        trajectory = (
            Trajectory.objects.visible_to(request.user)
            .filter(
                programme=conference.table.programme_id,
                status=TrajectoryStatus.OPEN,
                person__display_key=form.cleaned_data["person_key"],
            )
            .select_related("person", "programme", "case_organisation")
            .order_by("-opened_at")
            .first()
        )
        if trajectory is None:
            form.add_error(
                "person_key", _("Geen open traject met deze sleutel dat u in dit programma ziet.")
            )
        else:
            try:
                actions.put_on_agenda(request.user, conference, trajectory)
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(request, _("Op de agenda gezet."))
                return redirect("casework:conference_detail", pk=conference.pk)
    return _conference_page(request, pk, agenda_form=form)


@require_POST
def decision_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    item = get_visible_or_404(
        AgendaItem.objects.filter(conference=conference).select_related(
            "conference__table", "trajectory__programme", "trajectory__person"
        ),
        pk=item_pk,
    )
    if not can_take_part(request.user, conference):
        raise PermissionDenied
    form = DecisionForm(
        request.POST,
        partners=list(programme_partners(conference.table.programme_id)),
        auto_id=f"id_d{item.pk}_%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_decision(
                request.user, item, text=data["text"], agreement=form.agreement(),
                review_on=data["review_on"], direction_to=data["direction_to"],
            )  # fmt: skip
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Besluit vastgelegd."))
            return redirect("casework:conference_detail", pk=conference.pk)
    return _conference_page(request, pk, decision_forms={item.pk: form})
