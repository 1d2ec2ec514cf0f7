"""Reference data and memberships in the admin (administrators only; no case data here)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

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
class SafetyRegionAdmin(admin.ModelAdmin[SafetyRegion]):
    list_display = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["cbs_code", "name", "province", "safety_region", "is_hotspot_city"]
    list_filter = ["province", "is_hotspot_city", "safety_region"]
    search_fields = ["cbs_code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
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
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["name", "slug", "starts_on", "ends_on"]
    filter_horizontal = ["municipalities"]
    inlines = [AreaInline, PartnerInline]


class MembershipInline(admin.TabularInline[Membership, Membership]):
    model = Membership
    extra = 0
    filter_horizontal = ["programmes"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class GripUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
