from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "grip.monitor"
    verbose_name = _("Monitor")

    def ready(self) -> None:
        from grip.monitor.triggers import install_after_migrate, mark_batch, set_aside_for_batch
        from grip.triage.signals import bulk_writing, bulk_written

        # After every migrate, whichever app it touched: see ``monitor.triggers``.
        post_migrate.connect(install_after_migrate, dispatch_uid="grip.monitor.triggers")
        # An import batch's responses marked once each (SQLite): see ``set_aside_for_batch``.
        bulk_writing.connect(set_aside_for_batch, dispatch_uid="grip.monitor.set_aside")
        bulk_written.connect(mark_batch, dispatch_uid="grip.monitor.mark_batch")
