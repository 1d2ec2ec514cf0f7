"""The daily reminder digest: one Dutch e-mail per holder with their overdue items.

Nothing personal goes into the e-mail beyond the pseudonymous key and a link: the reader
logs in to see more. Sending is idempotent within a day (``NotificationLog``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.followup.models import NotificationLog, Task, Trajectory, TrajectoryStatus
from grip.followup.worklist import signals_of, with_signals


@dataclass(frozen=True)
class Item:
    key: str  # pseudonymous person key, or the trajectory number
    what: str
    link: str


def _link(trajectory_id: int) -> str:
    return settings.GRIP_BASE_URL.rstrip("/") + reverse(
        "followup:trajectory_detail", args=[trajectory_id]
    )


def _key(trajectory: Trajectory) -> str:
    return trajectory.person.display_key if trajectory.person else f"#{trajectory.pk}"


def overdue_items(today: dt.date, now: dt.datetime) -> dict[int, list[Item]]:
    """Per user id: their overdue tasks, and the signals of trajectories whose direction they
    hold."""
    items: dict[int, list[Item]] = defaultdict(list)
    tasks = Task.objects.filter(
        done_at__isnull=True, due_on__lt=today, trajectory__status=TrajectoryStatus.OPEN
    ).select_related("trajectory__person")
    for task in tasks:
        items[task.owner_id].append(
            Item(_key(task.trajectory), f"taak over tijd: {task.title}", _link(task.trajectory_id))
        )
    held = with_signals(
        Trajectory.objects.filter(status=TrajectoryStatus.OPEN)
        .exclude(case_holder__isnull=True, process_holder__isnull=True)
        .select_related("person"),
        now,
    )
    for trajectory in held:
        signals = [s for s in signals_of(trajectory) if s.code != "task_overdue"]
        holders = {trajectory.case_holder_id, trajectory.process_holder_id} - {None}
        for signal in signals:
            for holder in holders:
                assert holder is not None
                items[holder].append(
                    Item(_key(trajectory), str(signal.label), _link(trajectory.pk))
                )
    return items


def send_digests(now: dt.datetime | None = None) -> int:
    """Send today's digests that were not sent yet; return how many went out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    pending = overdue_items(today, now)
    users = get_user_model().objects.in_bulk(list(pending))
    with translation.override("nl"):
        for user_id, items in pending.items():
            user = users.get(user_id)
            if user is None or not user.is_active or not user.email:
                continue
            try:
                with transaction.atomic():
                    NotificationLog.objects.create(user=user, day=today, items=len(items))
                    _log_digest(user, items)
                    _send(user, items, today)
            except IntegrityError:
                continue  # already sent today
            sent += 1
    return sent


def _log_digest(user: Any, items: list[Item]) -> None:
    """The e-mail shows person keys and what is overdue: one access-log row per person."""
    keys = sorted({item.key for item in items if not item.key.startswith("#")})
    for key in keys:
        record(user, AccessEventAction.READ, person_key=key, purpose="followup:digest e-mail")
    if len(keys) < len(items):
        record(user, AccessEventAction.SEARCH, purpose="followup:digest e-mail")


def _send(user: Any, items: list[Item], today: dt.date) -> None:
    context = {"user": user, "items": items, "today": today}
    send_mail(
        subject=f"Grip: {len(items)} punt(en) die aandacht vragen",
        message=render_to_string("followup/email/digest.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
