from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperienceConfig(AppConfig):
    name = "grip.experience"
    verbose_name = _("Ervaren regie en veiligheid")
