"""Reference data and users in the admin (administrators only; no case data here).

Memberships are shown, never changed here: a role is asked for and approved by someone else
on the memberships screen (``/lidmaatschappen/``, four-eyes, issue 22). An administrator cannot
make anyone a superuser or give Django permissions either: rights come from memberships only.
Every change made here is also an access-log row (``AccessLoggedAdmin``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from grip.access.admin_audit import AccessLoggedAdmin
from grip.network.models import (
    Area,
    Membership,
    Municipality,
    Organisation,
    Partner,
    Programme,
    SafetyRegion,
)


@admin.register(SafetyRegion)
class SafetyRegionAdmin(AccessLoggedAdmin[SafetyRegion]):
    list_display = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(AccessLoggedAdmin[Municipality]):
    list_display = ["cbs_code", "name", "province", "safety_region", "is_hotspot_city"]
    list_filter = ["province", "is_hotspot_city", "safety_region"]
    search_fields = ["cbs_code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(AccessLoggedAdmin[Organisation]):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]


class AreaInline(admin.TabularInline[Area, Programme]):
    model = Area
    extra = 0


class PartnerInline(admin.StackedInline[Partner, Programme]):
    model = Partner
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Programme)
class ProgrammeAdmin(AccessLoggedAdmin[Programme]):
    list_display = ["name", "slug", "starts_on", "ends_on"]
    filter_horizontal = ["municipalities"]
    inlines = [AreaInline, PartnerInline]


class MembershipInline(admin.TabularInline[Membership, Membership]):
    """Read-only: who holds which role. Changes go through the memberships screen."""

    model = Membership
    extra = 0
    fields = ["organisation", "role", "programme_names", "active", "created_at"]
    readonly_fields = ["organisation", "role", "programme_names", "active", "created_at"]
    verbose_name_plural = _("lidmaatschappen (wijzigen via Lidmaatschappen, met goedkeuring)")

    @admin.display(description=_("programma's"))
    def programme_names(self, membership: Membership) -> str:
        return ", ".join(p.name for p in membership.programmes.all()) or "—"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class GripUserAdmin(AccessLoggedAdmin[Any], UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]
    # No is_staff, is_superuser, groups or permissions: rights come from memberships only,
    # and those need a second person's approval.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (_("Toegang"), {"fields": ("is_active",)}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
