"""Panels that higher apps add to a programme's page, without network importing them.

Network is the lowest app: it cannot ask learning (or monitor) what to show. Instead a higher
app registers a panel in its ``AppConfig.ready``; the programme page renders every registered
panel in order of registration. A panel returns HTML (already escaped, e.g. from
``render_to_string``) or "" when it has nothing for this user and programme (ADR 0030).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from grip.network.models import Programme

ProgrammePanel = Callable[[HttpRequest, Programme], str]

_PANELS: dict[str, ProgrammePanel] = {}


def register_programme_panel(name: str, panel: ProgrammePanel) -> None:
    """Register (or replace, by name: ``ready`` may run twice in tests) a panel."""
    _PANELS[name] = panel


def programme_panels(request: HttpRequest, programme: Programme) -> list[SafeString]:
    rendered = (panel(request, programme) for panel in _PANELS.values())
    return [mark_safe(html) for html in rendered if html]  # noqa: S308 - panels render templates
