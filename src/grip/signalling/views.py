"""Signal screens: register, pass on from an incident, the signal page and its actions (pick
up, record a contact, close). The queue, the settings and the upload live in their own view
modules (``views_queue.py`` …)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass, SignalRight
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.intake.forms import PersonChoice
from grip.intake.models import Incident
from grip.network.models import Programme
from grip.signalling import actions
from grip.signalling.forms import CloseForm, ContactForm, FromIncidentForm, SignalForm
from grip.signalling.models import Signal
from grip.signalling.page import signal_page_context
from grip.signalling.rights import can, programmes_with, sees_notes


def _visible(request: HttpRequest, pk: int) -> Signal:
    return get_visible_or_404(Signal.objects.visible_to(request.user).for_list(), pk=pk)


def _log_read(request: HttpRequest, obj: Signal | Incident, purpose: str) -> None:
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=obj.programme,
            obj=obj,
            person_key=obj.person.display_key if obj.person else "",
            purpose=purpose,
        )


def _version(raw: str | None) -> int | None:
    """The version a pick-up button was shown with; none (a bare one-tap) skips the check."""
    try:
        return int(raw or "")
    except ValueError:
        return None


def _submission_key(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        return None


@never_cache  # a refused form shows the identity that was typed
@require_http_methods(["GET", "POST"])
def signal_create(request: HttpRequest) -> HttpResponse:
    allowed = programmes_with(request.user, SignalRight.REGISTER)
    if not allowed:
        raise PermissionDenied
    programmes = Programme.objects.filter(pk__in=sorted(allowed)).order_by("name")
    grants = grants_for(request.user)
    identity_programmes = frozenset(
        pk for pk in allowed if grants.can(DataClass.IDENTITY, Action.CREATE, pk)
    )
    if request.method == "POST":
        form = SignalForm(
            request.POST, programmes=programmes, identity_programmes=identity_programmes
        )
        key = _submission_key(request.POST.get("submission_key"))
        earlier = Signal.objects.visible_to(request.user).filter(
            submission_key=key, created_by_id=request.user.pk
        )
        if key and earlier.exists():
            return redirect("signalling:signal_detail", pk=earlier.get().pk)
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                signal = actions.register_signal(
                    request.user,
                    actions.SignalData(
                        programme=cleaned["programme"],
                        source=cleaned["source"],
                        number=cleaned["number"] or "",
                        received_at=cleaned["received_at"],
                        municipality=cleaned["municipality"],
                        area=cleaned["area"],
                        concerns=tuple(cleaned["concerns"]),
                        notes=cleaned["notes"],
                        person=form.person,
                        new_person=cleaned["person_choice"] == PersonChoice.NEW,
                        identity=form.identity,
                        submission_key=key,
                    ),
                )
            except ValidationError as error:
                _attach(form, error)
            else:
                messages.success(
                    request, _("Signaal %(number)s is geregistreerd.") % {"number": signal.number}
                )
                return redirect("signalling:signal_detail", pk=signal.pk)
        status = 400
    else:
        initial: dict[str, object] = {"submission_key": uuid.uuid4()}
        if "programme" in request.GET:
            programme = get_visible_or_404(
                member_programmes(request.user), slug=request.GET["programme"]
            )
            if programme.pk not in allowed:
                raise PermissionDenied
            initial["programme"] = programme
        elif len(allowed) == 1:
            initial["programme"] = programmes.get()
        form = SignalForm(
            initial=initial, programmes=programmes, identity_programmes=identity_programmes
        )
        status = 200
    return render(request, "signalling/signal_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def signal_from_incident(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """Pass a police incident on as a signal in one step; a second time shows the first."""
    incident = get_visible_or_404(
        Incident.objects.visible_to(request.user).select_related("kind", "programme", "person"),
        pk=incident_pk,
    )
    if not can(request.user, SignalRight.FORWARD, incident.programme_id):
        raise PermissionDenied
    already = Signal.objects.visible_to(request.user).filter(incident=incident).first()
    if already is not None:
        messages.info(request, _("Deze melding is al doorgezet als signaal."))
        return redirect("signalling:signal_detail", pk=already.pk)
    with_notes = sees_notes(request.user, incident.programme_id)
    posted = request.method == "POST"
    form = FromIncidentForm(request.POST if posted else None, with_notes=with_notes)
    if posted and form.is_valid():
        try:
            signal = actions.signal_from_incident(
                request.user,
                incident,
                concerns=form.cleaned_data["concerns"],
                notes=form.cleaned_data.get("notes", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De melding is doorgezet als signaal."))
            if Signal.objects.visible_to(request.user).filter(pk=signal.pk).exists():
                return redirect("signalling:signal_detail", pk=signal.pk)
            return redirect("intake:incident_detail", pk=incident.pk)
    _log_read(request, incident, "signalling:from-incident-form")
    return render(
        request,
        "signalling/from_incident.html",
        {"form": form, "incident": incident},
        status=400 if posted else 200,
    )


@require_safe
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _visible(request, pk)
    return _detail(request, signal)


def _detail(
    request: HttpRequest,
    signal: Signal,
    *,
    contact_form: ContactForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    context = signal_page_context(request.user, signal)
    context["contact_form"] = contact_form or ContactForm(initial={"submission_key": uuid.uuid4()})
    context["close_form"] = close_form or CloseForm(signal=signal)
    context["conflict"] = conflict
    _log_read(request, signal, "signalling:detail")
    return render(request, "signalling/signal_detail.html", context, status=status)


def _workable(request: HttpRequest, pk: int) -> Signal:
    """The signal, if the user may see it (else 404) and work it (else 403)."""
    signal = _visible(request, pk)
    if not can(request.user, SignalRight.WORK, signal.programme_id):
        raise PermissionDenied
    return signal


@require_POST
def signal_pick_up(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _workable(request, pk)
    try:
        actions.pick_up(request.user, signal, version=_version(request.POST.get("version")))
    except actions.EditConflict:
        messages.error(request, _("Iemand anders heeft dit signaal intussen gewijzigd."))
        return _detail(request, _visible(request, pk), status=409, conflict=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("U heeft het signaal opgepakt."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)  # back to the queue the one-tap pick-up came from
    return redirect("signalling:signal_detail", pk=signal.pk)


@require_POST
def signal_contact(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _workable(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            actions.add_signal_contact(
                request.user,
                signal,
                at=cleaned["at"],
                with_whom=cleaned["with_whom"],
                kind=cleaned["kind"],
                notes=cleaned["notes"],
                submission_key=cleaned["submission_key"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Contact vastgelegd."))
            return redirect("signalling:signal_detail", pk=signal.pk)
    return _detail(request, signal, contact_form=form, status=400)


@require_POST
def signal_close(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _workable(request, pk)
    form = CloseForm(request.POST, signal=signal)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            closed = actions.close_signal(
                request.user,
                signal,
                result=cleaned["result"],
                at=cleaned["at"],
                notes=cleaned["notes"],
                version=cleaned["version"],
            )
        except actions.EditConflict as conflict:
            # Nothing saved: the page shows the signal as it is now, with what was typed.
            fresh = _visible(request, pk)
            posted = request.POST.copy()
            posted["version"] = str(conflict.current.version)
            again = CloseForm(posted, signal=conflict.current)
            again.is_valid()
            return _detail(request, fresh, close_form=again, status=409, conflict=True)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Signaal afgesloten."))
            trajectory = closed.trajectories.order_by("-pk").first()
            if trajectory is not None:
                return redirect("followup:trajectory_detail", pk=trajectory.pk)
            return redirect("signalling:signal_detail", pk=signal.pk)
    return _detail(request, signal, close_form=form, status=400)


def _attach(form: Any, error: ValidationError) -> None:
    """An action's refusal next to the field it is about, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
