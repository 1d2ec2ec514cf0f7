from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "grip.casework"
    verbose_name = _("Plan van aanpak en casusoverleg")
