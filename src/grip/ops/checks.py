"""Deploy checks (``manage.py check --deploy``): settings that work but do not scale."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_in_production(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.IS_PRODUCTION and not settings.GRIP_CACHE_URL:
        return [
            Warning(
                "GRIP_CACHE_URL is not set: each web worker keeps its own lock-out counters and "
                "used second-factor codes.",
                hint="Set GRIP_CACHE_URL=redis://127.0.0.1:6379/0 (docs/deploy.md).",
                id="grip.W001",
            )
        ]
    return []
