"""The learning panel on a programme's page (registered with ``grip.network.panels``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from grip.learning.planning import current_cycle
from grip.learning.rights import can_see_figures, can_view_learning
from grip.network.models import Programme


def current_cycle_panel(request: HttpRequest, programme: Programme) -> str:
    """The current learning cycle: public planning, shown to every member of the programme;
    the link to the learning pages only to those who may open them."""
    cycle = current_cycle(programme)
    if cycle is None:
        return ""
    user = request.user
    links = can_view_learning(user, programme.pk) or can_see_figures(user, programme.pk)
    return render_to_string(
        "learning/current_cycle_panel.html",
        {"cycle": cycle, "programme": programme, "links": links},
        request=request,
    )
