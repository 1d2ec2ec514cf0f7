"""Every change made in the admin is also an access-log row (issue 22, finding 1).

Django's own admin history (``LogEntry``) can be edited and is not searched by the privacy
officer; the access log is append-only and is. Users, memberships (read-only in the admin),
programmes and their settings, organisations and vocabulary: each addition, change (also a
password set by an administrator) and deletion writes a row in the same transaction as the
change itself (the admin wraps its views in one).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from grip.access.log import record
from grip.access.models import AccessEventAction

M = TypeVar("M", bound=models.Model)


def _describe(verb: str, obj: models.Model, entry: Any) -> str:
    message = entry.get_change_message() if isinstance(entry, LogEntry) else ""
    return f"admin:{verb} {str(obj)[:60]}{': ' + message if message else ''}"


class AccessLoggedAdmin(admin.ModelAdmin[M]):
    def log_addition(self, request: HttpRequest, obj: M, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        record(
            request.user, AccessEventAction.CREATE, obj=obj, purpose=_describe("add", obj, entry)
        )
        return entry

    def log_change(self, request: HttpRequest, obj: M, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        purpose = _describe("change", obj, entry)
        record(request.user, AccessEventAction.UPDATE, obj=obj, purpose=purpose)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[M]) -> Any:
        # Called before the deletion: the objects still exist.
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            purpose = _describe("delete", obj, None)
            record(request.user, AccessEventAction.DELETE, obj=obj, purpose=purpose)
        return entries
