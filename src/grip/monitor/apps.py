from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "grip.monitor"
    verbose_name = _("Monitor")

    def ready(self) -> None:
        from grip.monitor.triggers import install_after_migrate

        # After every migrate, whichever app it touched: see ``monitor.triggers``.
        post_migrate.connect(install_after_migrate, dispatch_uid="grip.monitor.triggers")
