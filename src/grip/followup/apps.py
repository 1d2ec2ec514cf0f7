from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "grip.followup"
    verbose_name = _("Opvolging")

    def ready(self) -> None:
        from grip.signalling.dispatch import trajectory_requested
        from grip.triage.signals import follow_up_requested

        follow_up_requested.connect(_open_trajectories, dispatch_uid="followup-open")
        trajectory_requested.connect(_trajectories_for_signals, dispatch_uid="followup-signals")


def _open_trajectories(sender: Any, responses: list[Any], actor: Any = None, **kwargs: Any) -> None:
    from grip.followup.actions import open_for_responses

    open_for_responses(responses, actor)


def _trajectories_for_signals(
    sender: Any, signals: list[Any], actor: Any = None, **kwargs: Any
) -> list[Any]:
    from grip.followup.from_signals import trajectories_for_signals

    return trajectories_for_signals(signals, actor)
