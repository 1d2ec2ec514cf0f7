"""Correcting and removing what a session recorded: turning points, outcomes, agreed actions.

Each record has a small edit page (reached from "Wijzigen" on the session page) with the form
that added it and, below, its removal with a confirmation. The session is found through its
scoped queryset and the record within it (else 404); only a facilitator of the programme
gets further (else 403). Saves and removals carry the version the page was opened on: a stale
one comes back with what is saved now and the user's input kept (409, ADR 0005).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from grip.access.scoping import get_visible_or_404
from grip.learning import corrections
from grip.learning.corrections import EditConflict
from grip.learning.forms import (
    AgreedActionForm,
    OutcomeForm,
    RemoveForm,
    TurningPointForm,
    agreed_action_initial,
    outcome_initial,
    turning_point_initial,
)
from grip.learning.models import (
    PURGED_SESSION_IS_READ_ONLY,
    AgreedAction,
    ReflectionSession,
    SessionOutcome,
    TurningPoint,
)
from grip.learning.rights import can_facilitate, require
from grip.learning.views import attach_errors, visible_session

Values = list[tuple[str, str]]


@dataclass(frozen=True)
class Kind:
    """What differs between the three records; the views below are the same for each."""

    form: type[forms.Form]
    title: Any  # the page's heading
    saved: Any  # the messages after a correction and after a removal
    removed: Any
    anchor: str  # where the record stands on the session page
    remove_url: str  # the URL name of the removal
    purpose: str  # the access log's screen for the page's reads
    records: Callable[[ReflectionSession], QuerySet[Any]]
    initial: Callable[[Any], dict[str, Any]]
    # The actions, called with the form's cleaned fields (named as their arguments are).
    change: Callable[..., Any]
    remove: Callable[..., None]
    values: Callable[[Any], Values]  # the record as saved, for the conflict notice
    person_key: Callable[[Any], str] = lambda item: ""
    # Why the record cannot be removed (said on the page before anyone tries), else "".
    kept_because: Callable[[Any], str] = lambda item: ""


def _label(form: type[forms.Form], name: str) -> str:
    return str(form.base_fields[name].label)


def _day(value: Any) -> str:
    return date_format(value, "j F Y")


def _turning_point_values(point: TurningPoint) -> Values:
    form = TurningPointForm
    return [
        (_label(form, "occurred_on"), _day(point.occurred_on)),
        (_label(form, "what_happened"), point.what_happened),
        (_label(form, "effect"), str(point.get_effect_display())),
        (_label(form, "for_whom"), ", ".join(point.for_whom) or "—"),
        (_label(form, "themes"), ", ".join(t.display_label for t in point.themes.all()) or "—"),
    ]


def _outcome_values(outcome: SessionOutcome) -> Values:
    form = OutcomeForm
    return [
        (_label(form, "kind"), str(outcome.get_kind_display())),
        (_label(form, "theme"), outcome.theme.display_label),
        (_label(form, "text"), outcome.text or "—"),
    ]


def _action_values(agreed: AgreedAction) -> Values:
    form = AgreedActionForm
    return [
        (_label(form, "description"), agreed.description),
        (_label(form, "owner"), agreed.owner.name),
        (_label(form, "due_on"), _day(agreed.due_on)),
    ]


TURNING_POINT = Kind(
    form=TurningPointForm,
    title=gettext_lazy("Kantelmoment wijzigen"),
    saved=gettext_lazy("Kantelmoment gewijzigd."),
    removed=gettext_lazy("Kantelmoment verwijderd."),
    anchor="casussen",
    remove_url="learning:turning_point_remove",
    purpose="learning:turning-point-form",
    records=lambda session: (
        TurningPoint.objects.filter(case__session=session)
        .select_related("case__person")
        .prefetch_related("themes")
    ),
    initial=turning_point_initial,
    change=corrections.change_turning_point,
    remove=corrections.remove_turning_point,
    values=_turning_point_values,
    person_key=corrections.person_key_of,
)
OUTCOME = Kind(
    form=OutcomeForm,
    title=gettext_lazy("Uitkomst wijzigen"),
    saved=gettext_lazy("Uitkomst gewijzigd."),
    removed=gettext_lazy("Uitkomst verwijderd."),
    anchor="uitkomsten",
    remove_url="learning:outcome_remove",
    purpose="learning:outcome-form",
    records=lambda session: session.outcomes.select_related("theme"),
    initial=outcome_initial,
    change=corrections.change_outcome,
    remove=corrections.remove_outcome,
    values=_outcome_values,
)
AGREED_ACTION = Kind(
    form=AgreedActionForm,
    title=gettext_lazy("Afgesproken actie wijzigen"),
    saved=gettext_lazy("Actie gewijzigd."),
    removed=gettext_lazy("Actie verwijderd."),
    anchor="acties",
    remove_url="learning:agreed_action_remove",
    purpose="learning:action-form",
    records=lambda session: session.agreed_actions.select_related("owner"),
    initial=agreed_action_initial,
    change=corrections.change_agreed_action,
    remove=corrections.remove_agreed_action,
    values=_action_values,
    kept_because=lambda agreed: (
        str(corrections.REVIEWED_ACTION_STAYS) if corrections.is_reviewed(agreed) else ""
    ),
)


def _found(request: HttpRequest, kind: Kind, session_pk: int, pk: int) -> tuple[Any, Any]:
    """The session among the user's (404), the record in it (404), then the right (403)."""
    session = visible_session(request, session_pk)
    item = get_visible_or_404(kind.records(session), pk=pk)
    require(can_facilitate(request.user, session.programme_id))
    return session, item


def _back(kind: Kind, session: ReflectionSession) -> HttpResponse:
    return redirect(reverse("learning:session_detail", args=[session.pk]) + f"#{kind.anchor}")


def _edit(request: HttpRequest, kind: Kind, session_pk: int, pk: int) -> HttpResponse:
    session, item = _found(request, kind, session_pk, pk)
    if request.method != "POST" and session.purged_at:
        # Read-only past retention: a saved link leads back to the session, which says why.
        messages.error(request, PURGED_SESSION_IS_READ_ONLY)
        return _back(kind, session)
    if request.method != "POST":
        form = kind.form(initial=kind.initial(item), session=session, item=item)  # type: ignore[call-arg]
        return _page(request, kind, session, item, form)
    form = kind.form(request.POST, session=session, item=item)  # type: ignore[call-arg]
    if form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            version = fields.pop("version")
            kind.change(request.user, item, expected_version=version, **fields)
        except EditConflict as clash:
            return _conflict(request, kind, session, clash, edited=request.POST)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, kind.saved)
            return _back(kind, session)
    return _page(request, kind, session, item, form, status=400)


def _remove(request: HttpRequest, kind: Kind, session_pk: int, pk: int) -> HttpResponse:
    session, item = _found(request, kind, session_pk, pk)
    confirm = RemoveForm(request.POST, auto_id="id_remove_%s")
    if confirm.is_valid():
        try:
            kind.remove(request.user, item, expected_version=confirm.cleaned_data["version"])
        except EditConflict as clash:
            return _conflict(request, kind, session, clash, removing=request.POST)
        except ValidationError as error:
            confirm.add_error(None, error)
        else:
            messages.success(request, kind.removed)
            return _back(kind, session)
    form = kind.form(initial=kind.initial(item), session=session, item=item)  # type: ignore[call-arg]
    return _page(request, kind, session, item, form, confirm=confirm, status=400)


def _conflict(
    request: HttpRequest,
    kind: Kind,
    session: ReflectionSession,
    clash: EditConflict,
    *,
    edited: Any = None,
    removing: Any = None,
) -> HttpResponse:
    """Nothing was saved: show what is saved now, keep what the user typed (or their removal)
    and move the version on, so that saving again is a choice made after seeing it."""
    if clash.current is None:
        messages.error(request, _("Niet opgeslagen: iemand anders heeft dit intussen verwijderd."))
        return _back(kind, session)
    current = kind.records(session).get(pk=clash.current.pk)
    data = (edited if edited is not None else removing).copy()
    data["version"] = str(current.version)
    if edited is not None:
        form = kind.form(data, session=session, item=current)  # type: ignore[call-arg]
        form.is_valid()  # the user's input as they typed it, with any error it has
        confirm = None
    else:
        form = kind.form(initial=kind.initial(current), session=session, item=current)  # type: ignore[call-arg]
        confirm = RemoveForm(data, auto_id="id_remove_%s")
        confirm.is_valid()
    return _page(request, kind, session, current, form, confirm=confirm, conflict=True, status=409)


def _page(
    request: HttpRequest,
    kind: Kind,
    session: ReflectionSession,
    item: Model,
    form: forms.Form,
    *,
    confirm: RemoveForm | None = None,
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    # Every rendering shows the stored record again, so each one is a read (ADR 0050).
    corrections.log_record_read(
        request.user, session, item, purpose=kind.purpose, person_key=kind.person_key(item)
    )
    version = getattr(item, "version", 0)
    return render(
        request,
        "learning/record_form.html",
        {
            "session": session,
            "kind": kind,
            "item": item,
            "form": form,
            "case": getattr(item, "case", None),
            "confirm": confirm or RemoveForm(initial={"version": version}, auto_id="id_remove_%s"),
            "kept_because": kind.kept_because(item),
            "conflict": kind.values(item) if conflict else None,
            "removing": conflict and confirm is not None,
            "back": reverse("learning:session_detail", args=[session.pk]) + f"#{kind.anchor}",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def turning_point_edit(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    return _edit(request, TURNING_POINT, session_pk, pk)


@require_POST
def turning_point_remove(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    return _remove(request, TURNING_POINT, session_pk, pk)


@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    return _edit(request, OUTCOME, session_pk, pk)


@require_POST
def outcome_remove(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    return _remove(request, OUTCOME, session_pk, pk)


@require_http_methods(["GET", "POST"])
def agreed_action_edit(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    return _edit(request, AGREED_ACTION, session_pk, pk)


@require_POST
def agreed_action_remove(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    return _remove(request, AGREED_ACTION, session_pk, pk)
