"""Incident screens: list, register, detail."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass, SignalRight, signal_allows
from grip.access.scoping import (
    get_visible_or_404,
    member_programmes,
    programmes_where,
    require,
)
from grip.intake.actions import IncidentData, register
from grip.intake.forms import IncidentFilterForm, IncidentForm, PersonChoice
from grip.intake.models import Incident
from grip.intake.queries import incidents_for_list
from grip.paging import paginate
from grip.submissions import once_per_submission


def incident_list(request: HttpRequest) -> HttpResponse:
    require(request.user, DataClass.POLICE, Action.VIEW)
    programmes = programmes_where(request.user, DataClass.POLICE, Action.VIEW)
    filter_form = IncidentFilterForm(request.GET or None, programmes=programmes)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    incidents = incidents_for_list(request.user, filters)
    page, query = paginate(request, incidents)
    page.object_list = list(page.object_list)  # read once: for the log and the page
    record(
        request.user,
        AccessEventAction.SEARCH,
        programme=filters.get("programme"),
        purpose=f"intake:list {request.GET.urlencode()}",
        persons=[i.person.display_key for i in page.object_list if i.person is not None],
    )
    return render(
        request,
        "intake/incident_list.html",
        {"filter_form": filter_form, "page": page, "query": query},
    )


@never_cache  # a refused form shows the identity that was typed
@require_http_methods(["GET", "POST"])
@once_per_submission
def incident_create(request: HttpRequest) -> HttpResponse:
    require(request.user, DataClass.POLICE, Action.CREATE)
    programmes = programmes_where(request.user, DataClass.POLICE, Action.CREATE)
    # Identity fields only where the user may also record identities.
    identity_programmes = frozenset(
        programme.pk
        for programme in programmes
        if grants_for(request.user).can(DataClass.IDENTITY, Action.CREATE, programme.pk)
    )
    if request.method == "POST":
        form = IncidentForm(
            request.POST, programmes=programmes, identity_programmes=identity_programmes
        )
        submission_key = _submission_key(request.POST.get("submission_key"))
        earlier = Incident.objects.visible_to(request.user).filter(
            submission_key=submission_key, created_by_id=request.user.pk
        )
        if submission_key and earlier.exists():
            # A double tap or a resent form: show what the first submit made.
            return redirect("intake:incident_detail", pk=earlier.get().pk)
        if form.is_valid():
            cleaned = form.cleaned_data
            data = IncidentData(
                programme=cleaned["programme"],
                kind=cleaned["kind"],
                number=cleaned["number"],
                reported_at=cleaned["reported_at"],
                municipality=cleaned["municipality"],
                area=cleaned["area"],
                initial_ave_level=cleaned["initial_ave_level"],
                description=cleaned["description"],
            )
            registration = register(
                request.user,
                data,
                person=form.person,
                new_person=cleaned["person_choice"] == PersonChoice.NEW,
                identity=form.identity,
                submission_key=submission_key,
            )
            incident = registration.incident
            messages.success(
                request,
                _("Melding %(code)s %(number)s is geregistreerd.")
                % {
                    "code": incident.kind.code,
                    "number": incident.number,
                },
            )
            if registration.linked_to_known and incident.person is not None:
                # The key only: what else is known about this person is not the registrar's.
                messages.info(
                    request,
                    _("De melding is gekoppeld aan bekende betrokkene %(key)s.")
                    % {"key": incident.person.display_key},
                )
            return redirect("intake:incident_detail", pk=incident.pk)
        # Refused: the page comes back with the errors next to the fields, as in every app.
        # Nothing stored is shown (only what was typed), so unlike triage no read is logged.
        status = 400
    else:
        initial: dict[str, object] = {"submission_key": uuid.uuid4()}
        if "programme" in request.GET:
            # Registering for a named programme: not one's own is 404, own without the
            # right is 403.
            programme = get_visible_or_404(
                member_programmes(request.user), slug=request.GET["programme"]
            )
            require(request.user, DataClass.POLICE, Action.CREATE, programme.pk)
            initial["programme"] = programme
        elif programmes.count() == 1:
            initial["programme"] = programmes.get()
        form = IncidentForm(
            initial=initial, programmes=programmes, identity_programmes=identity_programmes
        )
        status = 200
    return render(request, "intake/incident_form.html", {"form": form}, status=status)


def _submission_key(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        return None


def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_visible_or_404(Incident.objects.visible_to(request.user).for_list(), pk=pk)
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=incident.programme,
            obj=incident,
            person_key=incident.person.display_key if incident.person else "",
            purpose="intake:detail",
        )
    # The response lives in the triage app, above intake; reached through the reverse relation
    # so that intake does not import it.
    response = getattr(incident, "response", None)
    grants = grants_for(request.user)
    can_register_response = response is None and grants.can(
        DataClass.CARE, Action.CREATE, incident.programme_id
    )
    # Early on site (I28): follow-up can start from the report itself (followup app, above).
    can_open_followup = (
        grants.can(DataClass.SOCIAL, Action.CREATE, incident.programme_id)
        or grants.can(DataClass.CARE, Action.CREATE, incident.programme_id)
    ) and not incident.trajectories.exists()
    # Early signalling (signalling app, above): pass the report on as a signal, or show the
    # signal it became; reached through the reverse relation, its rights from the policy.
    signal = incident.signals.visible_to(request.user).first()
    # An incident with a joint response is followed up from the response (PLUS 2), not as a
    # signal: only reports that needed no joint response are passed on (DOMAIN.md).
    can_pass_on = (
        signal is None
        and response is None
        and any(
            signal_allows(role, SignalRight.FORWARD)
            for role in grants.roles_in(incident.programme_id)
        )
    )
    return render(
        request,
        "intake/incident_detail.html",
        {
            "incident": incident,
            "response": response,
            "can_register_response": can_register_response,
            "can_open_followup": can_open_followup,
            "signal": signal,
            "can_pass_on": can_pass_on,
        },
    )
