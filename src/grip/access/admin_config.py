"""The admin app with Grip's own site; kept apart so loading apps imports no models."""

from django.contrib.admin.apps import AdminConfig


class GripAdminConfig(AdminConfig):
    default_site = "grip.access.administration.GripAdminSite"
