"""Who may use the admin (``/beheer/``): users with an active administrator membership.

The admin manages reference data, vocabulary, users and memberships only; case data is not
registered there (it would bypass the scoped querysets). Administrators get Django model
permissions for exactly those apps through ``AdministratorPermissions``.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from grip.network.models import Membership, Role

# "followup" only for its per-programme settings: no case model is registered in the admin.
ADMINISTERED_APPS = frozenset({"network", "vocab", "auth", "followup"})
_CACHE_ATTR = "_grip_is_administrator"


def is_administrator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not hasattr(user, _CACHE_ATTR):
        setattr(
            user,
            _CACHE_ATTR,
            Membership.objects.filter(user=user, active=True, role=Role.ADMINISTRATOR).exists(),
        )
    return bool(getattr(user, _CACHE_ATTR))


class AdministratorPermissions(BaseBackend):
    """Full model permissions on the administered apps for administrators; nothing else."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm.split(".", 1)[0] in ADMINISTERED_APPS and is_administrator(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return app_label in ADMINISTERED_APPS and is_administrator(user_obj)


class GripAdminSite(AdminSite):
    site_header = "Grip · beheer"
    site_title = "Grip beheer"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or is_administrator(user)))

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # No separate admin login: send people to Grip's own.
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next", reverse("admin:index", current_app=self.name))
        return redirect_to_login(next_url, reverse("login"))

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @login_not_required  # handled here: anonymous users go to Grip's own login
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # One login for all of Grip (no separate admin login); a logged-in user without
            # the administrator role gets a plain 403.
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path(), reverse("login"))
            return inner(request, *args, **kwargs)

        return guarded
