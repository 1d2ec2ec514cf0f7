from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "grip.api"
    label = "api"
    verbose_name = "Partner-API"

    def ready(self) -> None:
        from grip.api import webhooks

        webhooks.connect()
