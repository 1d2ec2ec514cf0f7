"""The queue (*nog niet opgepakt*) per programme, and *Mijn signalen*.

Phone-first: every row is a card of labelled facts with one big button. The queue shows what a
worker needs to choose (source, received, the term, concerns, area), never the notes: those
are for whoever picks the signal up, on the signal's own page. The one-tap pick-up button
posts to the signal screens' ``signal_pick_up`` (one write path), which opens that page.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import SignalRight
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.network.models import Programme
from grip.paging import paginate
from grip.signalling import queries, queue
from grip.signalling.models import Signal, SignalState
from grip.signalling.rights import can, programmes_with, require


def _workable(request: HttpRequest) -> list[Programme]:
    ids = programmes_with(request.user, SignalRight.WORK)
    return list(Programme.objects.filter(pk__in=sorted(ids)).order_by("name"))


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The programmes whose signals the user works, each with how many wait."""
    programmes = _workable(request)
    if not programmes:
        require(request.user, SignalRight.WORK, 0)  # 403: nothing to work here
    visible = Signal.objects.visible_to(request.user)
    counts = dict(
        visible.filter(programme__in=programmes, state=SignalState.NEW)
        .order_by()
        .values("programme")
        .annotate(waiting=Count("pk"))
        .values_list("programme", "waiting")
    )
    mine = visible.filter(state=SignalState.PICKED_UP, picked_up_by_id=request.user.pk).count()
    record(request.user, AccessEventAction.SEARCH, purpose="signalling:index")
    return render(
        request,
        "signalling/queue_index.html",
        {
            "rows": [(p, counts.get(p.pk, 0)) for p in programmes],
            "mine": mine,
            "steered": [p for p in programmes if can(request.user, SignalRight.STEER, p.pk)],
        },
    )


@require_safe
def programme_queue(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(member_programmes(request.user), slug=slug)
    require(request.user, SignalRight.WORK, programme.pk)
    waiting = queue.for_queue(queries.not_picked_up(request.user, programme))
    page, query = paginate(request, waiting)
    today = timezone.localdate()
    record(request.user, AccessEventAction.SEARCH, programme=programme, purpose="signalling:queue")
    return render(
        request,
        "signalling/queue.html",
        {
            "programme": programme,
            "page": page,
            "query": query,
            "rows": queue.with_terms(page.object_list, today),
            "can_steer": can(request.user, SignalRight.STEER, programme.pk),
        },
    )


@require_safe
def my_signals(request: HttpRequest) -> HttpResponse:
    """The open signals the user picked up: their own list beside Mijn werk."""
    if not programmes_with(request.user, SignalRight.WORK):
        require(request.user, SignalRight.WORK, 0)
    signals = queue.mine(Signal.objects.visible_to(request.user), request.user)
    page, query = paginate(request, signals)
    record(request.user, AccessEventAction.SEARCH, purpose="signalling:mine")
    return render(request, "signalling/my_signals.html", {"page": page, "query": query})
