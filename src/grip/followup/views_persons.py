"""A person's timeline and the coordinator's list of revolving-door persons."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import Action, DataClass
from grip.access.scoping import get_visible_or_404, programmes_where
from grip.followup.revolving import revolving_persons, rules_for_person
from grip.followup.rights import is_coordinator
from grip.followup.timeline import ave_chart, timeline_for
from grip.people.models import Person

SORTS = {
    "recent": lambda p: (-p.recent, -p.last_incident_at.timestamp()),
    "year": lambda p: (-p.year, -p.last_incident_at.timestamp()),
    "last": lambda p: -p.last_incident_at.timestamp(),
}


def person_timeline(request: HttpRequest, display_key: str) -> HttpResponse:
    person = get_visible_or_404(Person.objects.visible_to(request.user), display_key=display_key)
    items = timeline_for(request.user, person)
    coordinated = [
        p
        for p in person.programmes.all()
        if is_coordinator(request.user, p.pk) or p.pk in _care_programmes(request)
    ]
    rules = [(p, rules_for_person(p, person.pk)) for p in coordinated]
    with transaction.atomic():
        record(
            request.user,
            AccessEventAction.READ,
            obj=person,
            person_key=person.display_key,
            purpose="followup:timeline",
        )
    return render(
        request,
        "followup/timeline.html",
        {
            "person": person,
            "items": items,
            "chart": ave_chart(items),
            "rules": [(p, r) for p, r in rules if r],
        },
    )


def _care_programmes(request: HttpRequest) -> set[int]:
    return {
        p.pk
        for p in programmes_where(request.user, DataClass.SOCIAL, Action.VIEW)
        | programmes_where(request.user, DataClass.CARE, Action.VIEW)
    }


def revolving_list(request: HttpRequest) -> HttpResponse:
    programmes = [
        p
        for p in programmes_where(request.user, DataClass.SOCIAL, Action.VIEW)
        if is_coordinator(request.user, p.pk)
    ]
    if not programmes:
        raise PermissionDenied
    chosen = next((p for p in programmes if p.slug == request.GET.get("programme")), programmes[0])
    sort = request.GET.get("sort", "recent")
    persons = sorted(revolving_persons(chosen), key=SORTS.get(sort, SORTS["recent"]))
    record(request.user, AccessEventAction.SEARCH, programme=chosen, purpose="followup:revolving",
           persons=[p.display_key for p in persons])  # fmt: skip
    return render(
        request,
        "followup/revolving.html",
        {"persons": persons, "programmes": programmes, "chosen": chosen, "sort": sort},
    )
