from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "grip.retention"
    verbose_name = _("Bewaartermijnen")

    def ready(self) -> None:
        from grip.retention import checks  # noqa: F401 - registers the system checks
