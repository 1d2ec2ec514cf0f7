"""The queue (*nog niet opgepakt*) per programme, one-tap pick-up, and *Mijn signalen*.

Phone-first: every row is a card of labelled facts with one big button. The queue shows what a
worker needs to choose (source, received, the term, concerns, area), never the notes: those
are for whoever picks the signal up, on the signal's own page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.access.policy import SignalRight
from grip.access.scoping import get_visible_or_404, member_programmes
from grip.network.models import Programme
from grip.paging import paginate
from grip.signalling import actions, queue
from grip.signalling.models import Signal, SignalState
from grip.signalling.rights import can, programmes_with, require


def _workable(request: HttpRequest) -> list[Programme]:
    ids = programmes_with(request.user, SignalRight.WORK)
    return list(Programme.objects.filter(pk__in=sorted(ids)).order_by("name"))


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
        {"rows": [(p, counts.get(p.pk, 0)) for p in programmes], "mine": mine},
    )


def programme_queue(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_visible_or_404(member_programmes(request.user), slug=slug)
    require(request.user, SignalRight.WORK, programme.pk)
    waiting = queue.waiting(Signal.objects.visible_to(request.user).filter(programme=programme))
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


def my_signals(request: HttpRequest) -> HttpResponse:
    """The open signals the user picked up: their own list beside Mijn werk."""
    if not programmes_with(request.user, SignalRight.WORK):
        require(request.user, SignalRight.WORK, 0)
    signals = queue.mine(Signal.objects.visible_to(request.user), request.user)
    page, query = paginate(request, signals)
    record(request.user, AccessEventAction.SEARCH, purpose="signalling:mine")
    return render(request, "signalling/my_signals.html", {"page": page, "query": query})


@require_POST
def pick_up(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap in the queue: the signal is the user's, and its page opens."""
    signal = get_visible_or_404(Signal.objects.visible_to(request.user), pk=pk)
    require(request.user, SignalRight.WORK, signal.programme_id)
    try:
        # No version: a one-tap pick-up only needs the signal to be still new, which
        # pick_up checks under a row lock; whoever taps first has it.
        actions.pick_up(request.user, signal)
    except (ValidationError, actions.EditConflict):
        signal.refresh_from_db()
        who = signal.picked_up_by
        name = who.get_full_name() or who.username if who else _("iemand anders")
        messages.error(
            request,
            _("Dit signaal is intussen al opgepakt door %(name)s.") % {"name": name},
        )
        return redirect("signalling:queue", slug=signal.programme.slug)
    messages.success(request, _("U heeft het signaal opgepakt."))
    return redirect("signalling:signal_detail", pk=signal.pk)
