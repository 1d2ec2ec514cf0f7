from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "grip.sharing"
    verbose_name = _("Delen en grondslag")
