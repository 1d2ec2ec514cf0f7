"""The coordinator's "Wist je dat …" items of one factsheet: add, change, move, remove.

The items belong to a programme and an exact period; the page is reached from the factsheet
with the same query (programme, from, to). Only a role with change on stats edits them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, programmes_where, require
from grip.monitor import actions
from grip.monitor.forms import NoteForm, ScopeForm
from grip.monitor.models import FactsheetNote, FactsheetNoteEvent
from grip.monitor.sheet import period_label
from grip.submissions import once_per_submission


def _editable_programmes(request: HttpRequest) -> Any:
    require(request.user, DataClass.STATS, Action.CHANGE)
    return programmes_where(request.user, DataClass.STATS, Action.CHANGE)


def _note(request: HttpRequest, pk: int) -> FactsheetNote:
    return get_visible_or_404(
        FactsheetNote.objects.filter(programme__in=_editable_programmes(request)), pk=pk
    )


def _back(note: FactsheetNote) -> HttpResponse:
    query = urlencode(
        {
            "programme": note.programme.slug,
            "date_from": str(note.date_from),
            "date_to": str(note.date_to),
        }
    )
    return redirect(f"{reverse('monitor:notes')}?{query}")


@require_http_methods(["GET", "POST"])
@once_per_submission
def notes(request: HttpRequest) -> HttpResponse:
    programmes = _editable_programmes(request)
    slug = request.GET.get("programme")
    if slug:
        get_visible_or_404(programmes, slug=slug)
    scope_form = ScopeForm(request.GET, programmes=programmes)
    if not scope_form.is_valid():
        return render(request, "monitor/notes.html", {"scope_form": scope_form}, status=400)
    scope = scope_form.scope()
    assert scope.programme is not None
    # Bound on every POST, also an empty one, so that it shows its errors rather than a blank
    # form.
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_note(
                request.user, scope.programme, scope.date_from, scope.date_to,
                form.cleaned_data["text"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(request, _("Item toegevoegd."))
            return redirect(request.get_full_path())
    items = list(actions.notes_for(scope.programme, scope.date_from, scope.date_to))
    history = (
        FactsheetNoteEvent.objects.filter(
            programme=scope.programme, date_from=scope.date_from, date_to=scope.date_to
        )
        .select_related("actor")
        .order_by("-at", "-id")[:20]
    )
    factsheet_query = urlencode(
        {
            "programme": scope.programme.slug,
            "date_from": str(scope.date_from),
            "date_to": str(scope.date_to),
        }
    )
    return render(
        request,
        "monitor/notes.html",
        {
            "scope": scope,
            "period": period_label(scope.date_from, scope.date_to),
            "items": [
                (item, NoteForm(initial={"text": item.text}, prefix=f"n{item.pk}"))
                for item in items
            ],
            "form": form,
            "history": history,
            "factsheet_query": factsheet_query,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def note_change(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(request, pk)
    form = NoteForm(request.POST, prefix=f"n{note.pk}")
    if form.is_valid():
        actions.change_note(request.user, note, form.cleaned_data["text"])
        messages.success(request, _("Item gewijzigd."))
    else:
        messages.error(request, _("Het item is niet gewijzigd: de tekst ontbreekt of is te lang."))
    return _back(note)


@require_POST
def note_remove(request: HttpRequest, pk: int) -> HttpResponse:
    note = _note(request, pk)
    response = _back(note)
    actions.remove_note(request.user, note)
    messages.success(request, _("Item verwijderd."))
    return response


@require_POST
def note_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in ("omhoog", "omlaag"):
        raise Http404
    note = _note(request, pk)
    actions.move_note(request.user, note, -1 if direction == "omhoog" else 1)
    return _back(note)
