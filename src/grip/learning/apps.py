from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "grip.learning"
    verbose_name = _("Leren en verbeteren")

    def ready(self) -> None:
        # The programme page (network) shows the current learning cycle through the page-panel
        # hook, so network never imports learning (ADR 0030).
        from grip.learning.panels import current_cycle_panel
        from grip.network.panels import register_programme_panel

        register_programme_panel("learning-current-cycle", current_cycle_panel)
