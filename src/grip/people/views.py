"""Person screens: the pseudonymous person page, the logged identity reveal and identity entry,
and the coordinator's linking screen (possible matches, merges and their undo)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action
from grip.access.scoping import get_visible_or_404
from grip.accounts.freshness import fresh_second_factor_required
from grip.network.models import Programme
from grip.paging import paginate
from grip.people import linking
from grip.people.forms import KeepApartForm, MergeForm, UndoMergeForm
from grip.people.identity.actions import (
    may_reveal,
    programme_allowing,
    reveal_identity,
    set_identity,
)
from grip.people.identity.forms import IdentityForm
from grip.people.identity.matching import surviving
from grip.people.identity.records import Identity
from grip.people.models import MatchSuggestion, Person, PersonIdentity, PersonMerge
from grip.submissions import once_per_submission

RECENT_MERGES = 20


def _visible_person(request: HttpRequest, display_key: str) -> Person:
    return get_visible_or_404(Person.objects.visible_to(request.user), display_key=display_key)


@require_GET
def person_detail(request: HttpRequest, display_key: str) -> HttpResponse:
    try:
        person = _visible_person(request, display_key)
    except Http404:
        return _to_survivor(request, display_key)
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            programme=_own_programmes(request, person).first(),
            obj=person,
            person_key=person.display_key,
            purpose="people:detail",
        )
    return _page(request, person)


def _to_survivor(request: HttpRequest, display_key: str) -> HttpResponse:
    """An absorbed key (from an old export, a note, a log) leads to the person it went into,
    for whoever may see that person; for anyone else it does not exist."""
    absorbed = Person.objects.filter(display_key=display_key, merged_into__isnull=False).first()
    if absorbed is None:
        raise Http404
    survivor = _visible_person(request, surviving(absorbed).display_key)
    messages.info(
        request,
        _("Betrokkene %(old)s is samengevoegd met %(new)s.")
        % {"old": absorbed.display_key, "new": survivor.display_key},
    )
    return redirect("people:person_detail", display_key=survivor.display_key)


@never_cache  # the identity must not stay behind in a browser or proxy cache
@require_http_methods(["GET", "POST"])
@fresh_second_factor_required  # a stolen open session does not reveal who someone is
def person_reveal(request: HttpRequest, display_key: str) -> HttpResponse:
    """Reveal on POST only: a logged act, never a link that a prefetch or a reload repeats."""
    person = _visible_person(request, display_key)  # out of scope: 404 before any 403
    if request.method != "POST":
        # A GET lands here after a language switch or from history: back to the key alone.
        return redirect("people:person_detail", display_key=person.display_key)
    identity = reveal_identity(request.user, person)  # no right: logged, then 403
    form = None
    if identity is not None and programme_allowing(request.user, person, Action.CHANGE):
        # Correcting starts from what is recorded, which only a reveal may show.
        form = IdentityForm(
            initial={
                "name": identity.name,
                "date_of_birth": identity.date_of_birth,
                "bsn": identity.bsn,
                "address": identity.address,
            }
        )
    return _page(request, person, revealed=True, identity=identity, identity_form=form)


@never_cache  # a refused form shows what was typed
@require_POST
@once_per_submission
def person_identity(request: HttpRequest, display_key: str) -> HttpResponse:
    """Record or correct who the person is (identity *create* first, *change* after)."""
    person = _visible_person(request, display_key)
    exists = PersonIdentity.objects.filter(person=person).exists()
    allowing = programme_allowing(request.user, person, Action.CHANGE if exists else Action.CREATE)
    if allowing is None:
        raise PermissionDenied
    form = IdentityForm(request.POST)
    if form.is_valid():
        try:
            set_identity(request.user, person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("De identiteit is vastgelegd."))
            return redirect("people:person_detail", display_key=person.display_key)
    with transaction.atomic():  # the refused form goes back with the person page
        record(
            request.user,
            AccessEventAction.READ,
            programme=allowing,
            obj=person,
            person_key=person.display_key,
            purpose="people:identity-form",
        )
    # Refused: the page comes back with the errors next to the fields, as in every app.
    return _page(request, person, identity_form=form, status=400)


def _own_programmes(request: HttpRequest, person: Person) -> QuerySet[Programme]:
    # Only the user's own programmes: that a person is also known elsewhere is not theirs to see.
    ids = sorted(grants_for(request.user).programme_ids)
    return person.programmes.filter(pk__in=ids).order_by("name")


def _page(
    request: HttpRequest,
    person: Person,
    *,
    revealed: bool = False,
    identity: Identity | None = None,
    identity_form: IdentityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programmes = _own_programmes(request, person)
    can_reveal = may_reveal(request.user, person)
    can_create = programme_allowing(request.user, person, Action.CREATE) is not None
    can_change = programme_allowing(request.user, person, Action.CHANGE) is not None
    has_identity = (can_reveal or can_create) and (
        PersonIdentity.objects.filter(person=person).exists()
    )
    if identity_form is None and can_create and not has_identity:
        identity_form = IdentityForm()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "programmes": programmes,
            "can_reveal": can_reveal,
            "can_change": can_change,
            "has_identity": has_identity,
            "revealed": revealed,
            "identity": identity,
            "identity_form": identity_form,
        },
        status=status,
    )


# --- the linking screen ---------------------------------------------------------------------


def _require_linking(request: HttpRequest) -> None:
    """403 for roles that never decide about linking; single suggestions then 404 out of scope."""
    if not linking.linking_programmes(request.user):
        raise PermissionDenied


@dataclass
class Side:
    """One person of a suggestion as the coordinator sees it."""

    person: Person
    counts: list[tuple[str, int]]
    revealed: bool = False
    identity: Identity | None = None


@dataclass
class MatchRow:
    suggestion: MatchSuggestion
    sides: list[Side]
    merge_form: Form
    apart_form: Form

    @property
    def revealed(self) -> bool:
        return self.sides[0].revealed


@dataclass
class MergeRow:
    merge: PersonMerge
    undo_form: Form


@dataclass
class Bound:
    """Forms that came back with errors, or identities just revealed, for one row."""

    forms: dict[str, Form] = field(default_factory=dict)
    identities: dict[int, tuple[Identity | None, Identity | None]] = field(default_factory=dict)

    def form(self, prefix: str) -> Form | None:
        return self.forms.get(prefix)


@require_GET
def match_list(request: HttpRequest) -> HttpResponse:
    _require_linking(request)
    return _match_page(request, Bound())


def _match_page(request: HttpRequest, bound: Bound, status: int = 200) -> HttpResponse:
    """The linking screen; a refused form comes back on it with ``status`` 400."""
    user = request.user
    suggestions = linking.open_suggestions_for(user).order_by("created_at", "pk")
    page, query = paginate(request, suggestions)
    shown: list[MatchSuggestion] = list(page.object_list)
    persons = [p for s in shown for p in (s.person_a, s.person_b)]
    counts = linking.record_counts(persons, linking.linking_programmes(user))
    rows = []
    for s in shown:
        identities = bound.identities.get(s.pk)
        sides = [
            Side(
                person,
                counts[person.pk],
                revealed=identities is not None,
                identity=identities[index] if identities is not None else None,
            )
            for index, person in enumerate((s.person_a, s.person_b))
        ]
        merge_form = bound.form(f"merge-{s.pk}") or MergeForm(suggestion=s, prefix=f"merge-{s.pk}")
        apart_form = bound.form(f"apart-{s.pk}") or KeepApartForm(prefix=f"apart-{s.pk}")
        rows.append(MatchRow(s, sides, merge_form, apart_form))
    merges = [
        MergeRow(m, bound.form(f"undo-{m.pk}") or UndoMergeForm(prefix=f"undo-{m.pk}"))
        for m in linking.merges_for(user).filter(undone_at__isnull=True)[:RECENT_MERGES]
    ]
    with transaction.atomic():
        record(
            user,
            AccessEventAction.SEARCH,
            purpose=f"people:matches page={page.number} shown={len(rows)}",
            persons=[person.display_key for person in persons],
        )
    return render(
        request,
        "people/matches.html",
        {"rows": rows, "page": page, "query": query, "merges": merges},
        status=status,
    )


def _suggestion(request: HttpRequest, pk: int, *, open_only: bool = False) -> MatchSuggestion:
    _require_linking(request)
    scope = (
        linking.open_suggestions_for(request.user)
        if open_only
        else linking.suggestions_for(request.user).select_related("person_a", "person_b")
    )
    return get_visible_or_404(scope, pk=pk)


@never_cache
@require_POST
@fresh_second_factor_required
def match_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Both identities of a suggestion, each reveal in the access log (POST only). Only while
    the question is open: a decided pair is no reason to look."""
    suggestion = _suggestion(request, pk, open_only=True)
    pair = tuple(
        reveal_identity(request.user, person, purpose="people:match-reveal")
        for person in (suggestion.person_a, suggestion.person_b)
    )
    return _match_page(request, Bound(identities={suggestion.pk: (pair[0], pair[1])}))


@require_POST
def match_merge(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _suggestion(request, pk)
    form = MergeForm(request.POST, suggestion=suggestion, prefix=f"merge-{pk}")
    if form.is_valid():
        try:
            done = linking.merge(
                request.user,
                suggestion,
                survivor=form.survivor,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            return _refused(request, error)
        else:
            messages.success(
                request,
                _("%(absorbed)s is samengevoegd met %(survivor)s.")
                % {
                    "absorbed": done.absorbed.display_key,
                    "survivor": done.survivor.display_key,
                },
            )
            return redirect("people:match_list")
    return _match_page(request, Bound(forms={f"merge-{pk}": form}), status=400)


@require_POST
def match_keep_apart(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _suggestion(request, pk)
    form = KeepApartForm(request.POST, prefix=f"apart-{pk}")
    if form.is_valid():
        try:
            linking.keep_apart(request.user, suggestion, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            return _refused(request, error)
        else:
            messages.success(
                request,
                _("%(a)s en %(b)s worden apart gehouden.")
                % {"a": suggestion.person_a.display_key, "b": suggestion.person_b.display_key},
            )
            return redirect("people:match_list")
    return _match_page(request, Bound(forms={f"apart-{pk}": form}), status=400)


@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    _require_linking(request)
    done = get_visible_or_404(linking.merges_for(request.user), pk=pk)
    form = UndoMergeForm(request.POST, prefix=f"undo-{pk}")
    if form.is_valid():
        try:
            linking.undo_merge(request.user, done, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            return _refused(request, error)
        else:
            messages.success(
                request,
                _("De samenvoeging van %(absorbed)s met %(survivor)s is ongedaan gemaakt.")
                % {
                    "absorbed": done.absorbed.display_key,
                    "survivor": done.survivor.display_key,
                },
            )
            return redirect("people:match_list")
    return _match_page(request, Bound(forms={f"undo-{pk}": form}), status=400)


def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    # The form was fine; the state moved on (decided or merged meanwhile, in another tab or by
    # a colleague). Say so on the list, which now shows the current state.
    for message in error.messages:
        messages.error(request, message)
    return redirect("people:match_list")
