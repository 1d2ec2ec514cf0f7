"""Per-programme follow-up settings in the admin (thresholds, defaults, care contact kinds).

Trajectories themselves are case data and are not in the admin: it would bypass scoping.
"""

from __future__ import annotations

from django.contrib import admin

from grip.access.admin_audit import AccessLoggedAdmin
from grip.followup.models import FollowUpSettings


@admin.register(FollowUpSettings)
class FollowUpSettingsAdmin(AccessLoggedAdmin[FollowUpSettings]):
    list_display = [
        "programme",
        "process_direction_from_level",
        "no_contact_days",
        "handover_working_days",
        "default_case_organisation",
        "default_process_organisation",
    ]
    filter_horizontal = ["care_contact_kinds"]
