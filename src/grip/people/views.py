"""Person screens: the pseudonymous person page and the logged identity reveal."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from grip.access.grants import grants_for
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.scoping import get_visible_or_404
from grip.network.models import Programme
from grip.people.identity.actions import may_reveal, reveal_identity
from grip.people.identity.records import Identity
from grip.people.models import Person, PersonIdentity


def _visible_person(request: HttpRequest, display_key: str) -> Person:
    return get_visible_or_404(Person.objects.visible_to(request.user), display_key=display_key)


@require_GET
def person_detail(request: HttpRequest, display_key: str) -> HttpResponse:
    person = _visible_person(request, display_key)
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


@never_cache  # the identity must not stay behind in a browser or proxy cache
@require_http_methods(["GET", "POST"])
def person_reveal(request: HttpRequest, display_key: str) -> HttpResponse:
    """Reveal on POST only: a logged act, never a link that a prefetch or a reload repeats."""
    person = _visible_person(request, display_key)  # out of scope: 404 before any 403
    if request.method != "POST":
        # A GET lands here after a language switch or from history: back to the key alone.
        return redirect("people:person_detail", display_key=person.display_key)
    identity = reveal_identity(request.user, person)  # no right: logged, then 403
    return _page(request, person, revealed=True, identity=identity)


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
) -> HttpResponse:
    programmes = _own_programmes(request, person)
    can_reveal = may_reveal(request.user, person)
    has_identity = can_reveal and PersonIdentity.objects.filter(person=person).exists()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "programmes": programmes,
            "can_reveal": can_reveal,
            "has_identity": has_identity,
            "revealed": revealed,
            "identity": identity,
        },
    )
