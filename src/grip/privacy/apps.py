from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "grip.privacy"
    verbose_name = "Inzageverzoeken"
