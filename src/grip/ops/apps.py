from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "grip.ops"
    verbose_name = _("Beheer en bedrijfsvoering")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from grip.ops import checks  # noqa: F401 - registers the deploy checks
