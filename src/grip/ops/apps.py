from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "grip.ops"
    verbose_name = _("Beheer en bedrijfsvoering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from grip.ops import checks  # noqa: F401 - registers the deploy checks
        from grip.ops.logs import remember_organisation

        def on_login(sender: object, request: Any, user: Any, **kwargs: Any) -> None:
            if request is not None and hasattr(request, "session"):
                remember_organisation(request, user)

        user_logged_in.connect(on_login, weak=False, dispatch_uid="grip.ops.remember_organisation")
