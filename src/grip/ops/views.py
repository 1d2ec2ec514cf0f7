"""/health/live and /health/ready: JSON, no login, no data (grip.ops.health)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from grip.ops.health import readiness


@login_not_required
@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers: restart it when this fails."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """The process can serve: send it traffic when this says 200 (503 when not)."""
    ok, checks = readiness()
    body = {"status": "ok" if ok else "fout", "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)
