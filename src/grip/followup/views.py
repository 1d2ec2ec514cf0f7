"""Follow-up screens: Mijn werk, the coordinator's overview, a trajectory and its actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, programmes_where
from grip.followup import actions
from grip.followup.forms import (
    AveForm,
    CloseForm,
    ContactForm,
    DirectionForm,
    HandoverForm,
    OpenForm,
    ReasonForm,
    TaskForm,
)
from grip.followup.models import DirectionKind, Handover, HandoverStatus, Task, Trajectory
from grip.followup.rights import (
    can_answer_handover,
    can_see_work,
    can_steer,
    can_work_in,
    is_coordinator,
    organisation_ids,
)
from grip.followup.texts import TextGate, closure_author_id
from grip.followup.worklist import (
    SIGNALS,
    mark_revolving_doors,
    my_open_tasks,
    my_trajectories,
    open_in_programmes,
    signals_of,
    with_signals,
)
from grip.intake.models import Incident
from grip.network.models import Membership
from grip.signalling.models import Signal
from grip.signalling.queue import flagged
from grip.submissions import once_per_submission


def _require_followup_view(request: HttpRequest) -> None:
    grants = grants_for(request.user)
    if not any(
        grants.can(dc, Action.VIEW) for dc in (DataClass.SOCIAL, DataClass.CARE, DataClass.POLICE)
    ):
        raise PermissionDenied


def my_work(request: HttpRequest) -> HttpResponse:
    _require_followup_view(request)
    trajectories = list(with_signals(my_trajectories(request.user, organisation_ids(request.user))))
    mark_revolving_doors(trajectories)
    tasks = list(my_open_tasks(request.user))
    record(request.user, AccessEventAction.SEARCH, purpose="followup:my-work",
           persons=[t.person.display_key for t in trajectories if t.person])  # fmt: skip
    return render(
        request,
        "followup/my_work.html",
        {
            "rows": [(t, signals_of(t)) for t in trajectories],
            "tasks": tasks,
            "today": timezone.localdate(),
            "can_overview": bool(_overview_programmes(request)),
        },
    )


def _overview_programmes(request: HttpRequest) -> list[Any]:
    return [
        p
        for p in programmes_where(request.user, DataClass.SOCIAL, Action.VIEW)
        if is_coordinator(request.user, p.pk)
    ]


def overview(request: HttpRequest) -> HttpResponse:
    """Everything open in the coordinator's programmes, each slipping case flagged."""
    programmes = _overview_programmes(request)
    if not programmes:
        raise PermissionDenied
    chosen = request.GET.get("programme")
    trajectories = open_in_programmes(request.user).filter(programme__in=programmes)
    if chosen:
        trajectories = trajectories.filter(programme__slug=chosen)
    annotated = list(with_signals(trajectories))
    mark_revolving_doors(annotated)
    rows = [(t, signals_of(t)) for t in annotated]
    wanted = request.GET.get("signal")
    if wanted:
        rows = [(t, s) for t, s in rows if any(signal.code == wanted for signal in s)]
    rows.sort(key=lambda row: (-len(row[1]), row[0].opened_at))
    record(request.user, AccessEventAction.SEARCH, purpose="followup:overview",
           persons=[t.person.display_key for t, _signals in rows if t.person])  # fmt: skip
    return render(
        request,
        "followup/overview.html",
        {"rows": rows, "programmes": programmes, "signals": SIGNALS, "chosen": chosen,
         "wanted": wanted, "terms_passing": _terms_passing(request, programmes, chosen)},
    )  # fmt: skip


def _terms_passing(request: HttpRequest, programmes: list[Any], chosen: str | None) -> list[Any]:
    """New signals of the coordinator's programmes whose pick-up term is about to pass or
    has passed (grip.signalling.queue decides which)."""
    signals = Signal.objects.visible_to(request.user).filter(programme__in=programmes)
    if chosen:
        signals = signals.filter(programme__slug=chosen)
    return flagged(signals, timezone.localdate())


def _visible(request: HttpRequest, pk: int) -> Trajectory:
    return get_visible_or_404(Trajectory.objects.visible_to(request.user).for_list(), pk=pk)


FORMS: dict[str, type[forms.Form]] = {
    "ave": AveForm,
    "direction": DirectionForm,
    "handover": HandoverForm,
    "contact": ContactForm,
    "task": TaskForm,
    "close": CloseForm,
    "reopen": ReasonForm,
}


def trajectory_detail(
    request: HttpRequest, pk: int, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    trajectory = _visible(request, pk)
    annotated = with_signals(
        Trajectory.objects.visible_to(request.user).filter(pk=trajectory.pk)
    ).get()
    mark_revolving_doors([annotated])
    sees_work = can_see_work(request.user, trajectory.programme_id)
    steer = can_steer(request.user, trajectory.programme_id, trajectory)
    work = can_work_in(request.user, trajectory)
    built = {name: _new_form(name, trajectory) for name in FORMS}
    built.update(bound or {})
    handovers = list(trajectory.handovers.select_related("to_organisation", "from_organisation"))
    events = list(trajectory.events.select_related("by"))
    contacts = (
        list(
            trajectory.contacts.select_related("kind", "by", "partner").prefetch_related(
                "activities"
            )
        )
        if sees_work
        else []
    )
    closure_text = _gate_texts(request.user, trajectory, events, handovers, contacts)
    person_incidents = (
        list(
            Incident.objects.visible_to(request.user)
            .filter(person=trajectory.person)
            .select_related("kind")
            .order_by("-reported_at")[:10]
        )
        if trajectory.person_id
        else []
    )
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=trajectory.programme,
            obj=trajectory,
            person_key=trajectory.person.display_key if trajectory.person else "",
            purpose="followup:detail",
        )
    return render(
        request,
        "followup/trajectory_detail.html",
        {
            "trajectory": trajectory,
            "signals": signals_of(annotated),
            "events": events,
            "closure_text": closure_text,
            "handovers": [
                (h, h.status == HandoverStatus.PENDING and can_answer_handover(request.user, h))
                for h in handovers
            ],
            "contacts": contacts,
            "tasks": list(trajectory.tasks.select_related("owner")) if sees_work else [],
            "sees_work": sees_work,
            "can_steer": steer,
            "can_work": work,
            "forms": built,
            "person_incidents": person_incidents,
            # Early signalling: the signals that opened or joined it, as far as the user may
            # see them (the police only police-sourced ones).
            "trajectory_signals": list(
                trajectory.signals.visible_to(request.user).select_related("source", "result")
            ),
        },
        status=400 if bound else 200,
    )


def _gate_texts(
    viewer: Any,
    trajectory: Trajectory,
    events: list[Any],
    handovers: list[Handover],
    contacts: list[Any],
) -> str:
    """Set what the viewer may read of each free text (``shown_reason``, ``shown_result``:
    "" where the policy withholds it) and return the closure text as the viewer may read it."""
    programme_id = trajectory.programme_id
    authors = [e.by_id for e in events] + [h.requested_by_id for h in handovers]
    gate = TextGate(viewer, [programme_id], authors + [c.by_id for c in contacts])
    for event in events:
        event.shown_reason = gate.text(event.reason, programme_id, event.by_id)
    for handover in handovers:
        handover.shown_reason = gate.text(  # type: ignore[attr-defined]
            handover.reason, programme_id, handover.requested_by_id
        )
    for contact in contacts:
        contact.shown_result = gate.text(contact.result, programme_id, contact.by_id)
    return gate.text(trajectory.closure_text, programme_id, closure_author_id(events))


def _organisation_for(user: Any, trajectory: Trajectory) -> Any:
    membership = (
        Membership.objects.filter(user_id=user.pk, active=True, programmes=trajectory.programme_id)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


Handler = Callable[[Any, Trajectory, dict[str, Any]], Any]


def _do_ave(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.change_ave(
        user, t, c["level"], c["reason"], process_organisation=c["process_organisation"]
    )


def _do_direction(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.set_direction(
        user, t, DirectionKind(c["kind"]), c["organisation"], c["holder"], c["reason"]
    )


def _do_handover(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.request_handover(
        user, t, DirectionKind(c["kind"]), c["to_organisation"], c["reason"],
        legal_basis=c["legal_basis"],
    )  # fmt: skip


def _do_contact(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.add_contact(
        user, t, at=c["at"], kind=c["kind"], with_whom=c["with_whom"], partner=c["partner"],
        with_peer_expert=c["with_peer_expert"], activities=list(c["activities"]),
        result=c["result"], by_organisation=_organisation_for(user, t),
    )  # fmt: skip


def _do_task(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.add_task(user, t, title=c["title"], owner=c["owner"], due_on=c["due_on"])


def _do_close(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.close_trajectory(
        user, t, reason=c["reason"], organisation=c["organisation"], text=c["text"]
    )


def _do_reopen(user: Any, t: Trajectory, c: dict[str, Any]) -> Any:
    return actions.reopen_trajectory(user, t, c["reason"])


HANDLERS: dict[str, tuple[Handler, str]] = {
    "ave": (_do_ave, "AVE-niveau gewijzigd."),
    "direction": (_do_direction, "Regie vastgelegd."),
    "handover": (_do_handover, "Overdracht gevraagd; wacht op acceptatie."),
    "contact": (_do_contact, "Contactmoment vastgelegd."),
    "task": (_do_task, "Taak toegevoegd."),
    "close": (_do_close, "Traject afgesloten."),
    "reopen": (_do_reopen, "Traject heropend."),
}


@require_POST
@once_per_submission
def trajectory_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in HANDLERS:
        raise Http404
    trajectory = _visible(request, pk)
    form = _new_form(action, trajectory, request.POST)
    if form.is_valid():
        handler, done = HANDLERS[action]
        try:
            handler(request.user, trajectory, form.cleaned_data)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _(done))
            return redirect("followup:trajectory_detail", pk=trajectory.pk)
    return trajectory_detail(request, pk, bound={action: form})


def _new_form(name: str, trajectory: Trajectory, data: Any = None) -> forms.Form:
    form_class = FORMS[name]
    # Several forms share a page: ids carry the form's name so every label finds its field.
    auto_id = f"id_{name}_%s"
    if form_class is ReasonForm:
        return form_class(data, auto_id=auto_id)
    return form_class(data, trajectory=trajectory, auto_id=auto_id)  # type: ignore[call-arg]


def _attach(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_POST
def answer_handover(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    trajectory = _visible(request, pk)
    handover = get_visible_or_404(Handover.objects.filter(trajectory=trajectory), pk=handover_pk)
    accept = request.POST.get("answer") == "accept"
    try:
        actions.answer_handover(request.user, handover, accept=accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Overdracht geaccepteerd.") if accept else _("Overdracht afgewezen.")
        )
    return redirect("followup:trajectory_detail", pk=trajectory.pk)


@require_POST
def task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    trajectory = _visible(request, pk)
    task = get_visible_or_404(Task.objects.filter(trajectory=trajectory), pk=task_pk)
    actions.complete_task(request.user, task)
    messages.success(request, _("Taak afgerond."))
    if request.POST.get("next") == "my_work":
        return redirect("followup:my_work")
    return redirect("followup:trajectory_detail", pk=trajectory.pk)


@require_http_methods(["GET", "POST"])
@once_per_submission
def open_from_incident(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """Early on site (I28): open a trajectory straight from a care report."""
    incident = get_visible_or_404(Incident.objects.visible_to(request.user), pk=incident_pk)
    if not can_steer(request.user, incident.programme_id, None):
        raise PermissionDenied
    # Bound on every POST, also an empty one, so that it comes back with its errors.
    posted = request.method == "POST"
    form = OpenForm(request.POST if posted else None)
    if posted and form.is_valid():
        trajectory = actions.open_from_incident(request.user, incident, form.cleaned_data["reason"])
        messages.success(request, _("Opvolgtraject geopend."))
        return redirect("followup:trajectory_detail", pk=trajectory.pk)
    # The form shows the incident: a read, also when it comes back refused.
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=incident.programme,
            obj=incident,
            person_key=incident.person.display_key if incident.person else "",
            purpose="followup:open-form",
        )
    return render(
        request,
        "followup/open_form.html",
        {"form": form, "incident": incident},
        status=400 if posted else 200,  # refused: errors next to the field, as in every app
    )
