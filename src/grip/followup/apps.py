from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "grip.followup"
    verbose_name = _("Opvolging")

    def ready(self) -> None:
        from grip.triage.signals import follow_up_requested

        follow_up_requested.connect(_open_trajectories, dispatch_uid="followup-open")


def _open_trajectories(sender: Any, responses: list[Any], actor: Any = None, **kwargs: Any) -> None:
    from grip.followup.actions import open_for_responses

    open_for_responses(responses, actor)
