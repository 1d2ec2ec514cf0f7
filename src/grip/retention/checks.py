"""Start-up checks of the retention settings: a misconfigured period must not reach ``purge``."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from grip.retention.classes import ACCESS_LOG, ACCESS_LOG_MINIMUM_YEARS, ALL


@register()
def retention_periods(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for retention_class in ALL:
        if retention_class.period < 1:
            errors.append(
                Error(
                    f"{retention_class.setting} must be a whole number of at least 1.",
                    id="grip.retention.E001",
                )
            )
    if ACCESS_LOG.period < ACCESS_LOG_MINIMUM_YEARS:
        errors.append(
            Error(
                f"{ACCESS_LOG.setting} must be at least {ACCESS_LOG_MINIMUM_YEARS} (NEN 7513).",
                id="grip.retention.E002",
            )
        )
    return errors
