from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "grip.accounts"
    label = "accounts"
    verbose_name = _("Inloggen en sessies")

    def ready(self) -> None:
        from grip.accounts import signals  # noqa: F401 - connects the receivers
