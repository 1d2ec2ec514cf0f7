"""Vocabulary in the admin: labels editable, codes fixed, terms retired instead of deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grip.access.admin_audit import AccessLoggedAdmin
from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.vocab.models import Term


@admin.register(Term)
class TermAdmin(AccessLoggedAdmin[Term]):
    list_display = ["vocabulary", "position", "code", "label", "label_en", "retired_at"]
    list_display_links = ["code"]
    list_filter = ["vocabulary", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "label", "label_en"]
    ordering = ["vocabulary", "position"]
    actions = ["retire", "reinstate"]

    def get_readonly_fields(self, request: HttpRequest, obj: Term | None = None) -> list[str]:
        # A code is what files and figures refer to: it never changes once it exists.
        return ["vocabulary", "code", "retired_at"] if obj else ["retired_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Geselecteerde termen buiten gebruik stellen"))
    def retire(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        chosen = queryset.filter(retired_at__isnull=True)
        _log_each(request, chosen, "admin:retire")
        count = chosen.update(retired_at=timezone.now())
        self.message_user(
            request,
            _("%(count)d term(en) buiten gebruik gesteld.") % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Geselecteerde termen weer in gebruik nemen"))
    def reinstate(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        chosen = queryset.filter(retired_at__isnull=False)
        _log_each(request, chosen, "admin:reinstate")
        count = chosen.update(retired_at=None)
        self.message_user(
            request, _("%(count)d term(en) weer in gebruik.") % {"count": count}, messages.SUCCESS
        )


def _log_each(request: HttpRequest, terms: QuerySet[Term], purpose: str) -> None:
    for term in terms:
        record(request.user, AccessEventAction.UPDATE, obj=term, purpose=f"{purpose} {term}")
