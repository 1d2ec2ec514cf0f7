"""Log refused accesses: every 404 or 403 a view raises for a signed-in user is one row.

Views refuse by raising (``get_visible_or_404``, ``require``), so one place catches them all,
and a view added later is covered without doing anything. A refusal that the view logged
itself (with more detail, e.g. a refused identity reveal) is not logged twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse

from grip.access.log import REFUSAL_LOGGED_ATTR, record
from grip.access.models import AccessEventAction, AccessEventOutcome

READS = frozenset({"GET", "HEAD", "OPTIONS"})
# URL keyword arguments that name the object asked for, most specific first.
OBJECT_KWARGS = ("pk", "incident_pk", "handover_pk", "task_pk")


class RefusalLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False) or getattr(
            user, REFUSAL_LOGGED_ATTR, False
        ):
            return None
        match = request.resolver_match
        kwargs: dict[str, Any] = dict(match.kwargs) if match else {}
        object_id = next((str(kwargs[name]) for name in OBJECT_KWARGS if name in kwargs), "")
        person_key = str(kwargs.get("display_key", ""))
        if request.method not in READS:
            action = AccessEventAction.UPDATE  # an attempted write
        elif object_id or person_key:
            action = AccessEventAction.READ
        else:
            action = AccessEventAction.SEARCH
        with transaction.atomic():
            record(
                user,
                action,
                object_id=object_id,
                person_key=person_key,
                purpose=match.view_name if match else request.path[:200],
                outcome=AccessEventOutcome.REFUSED,
            )
        return None  # Django goes on to render its 404 or 403 page
