from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "grip.accounts"
    label = "accounts"
    verbose_name = _("Inloggen en sessies")

    def ready(self) -> None:
        from grip.access import export_guard
        from grip.accounts import security_events, signals  # noqa: F401 - connects the receivers
        from grip.accounts.freshness import fresh_second_factor_required

        # The access log's exports ask for a fresh second factor too (access cannot import us).
        export_guard.register(fresh_second_factor_required)
