"""The daily reminder digest: one Dutch e-mail per holder with their overdue items, and to
each coordinator and worker of a programme its new signals whose pick-up term is about to pass
(the last working day, or one left) or has passed (``grip.signalling.queue.flagged``).

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
from grip.network.models import Membership, Role
from grip.signalling.models import Signal
from grip.signalling.queue import flagged

# Who is told about new signals whose pick-up term is about to pass: the programme's
# coordinators and its workers (the early-signalling workers are follow-up memberships).
SIGNAL_DIGEST_ROLES = (Role.COORDINATOR, Role.FOLLOWUP_WORKER)


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
    for user_id, item in waiting_signal_items(today):
        items[user_id].append(item)
    return items


def waiting_signal_items(today: dt.date) -> list[tuple[int, Item]]:
    """(user id, item) for every new signal whose pick-up term is about to pass or has
    passed, for each coordinator and worker of its programme."""
    rows = flagged(Signal.objects.all(), today)
    if not rows:
        return []
    programme_ids = sorted({signal.programme_id for signal, _term in rows})
    members: dict[int, set[int]] = defaultdict(set)
    for user_id, programme_id in Membership.objects.filter(
        active=True, role__in=SIGNAL_DIGEST_ROLES, programmes__in=programme_ids
    ).values_list("user_id", "programmes"):
        members[programme_id].add(user_id)
    found: list[tuple[int, Item]] = []
    with translation.override("nl"):
        for signal, term in rows:
            key = signal.person.display_key if signal.person else f"#signaal-{signal.pk}"
            what = f"signaal niet opgepakt ({signal.programme.name}): {term.phrase}"
            link = settings.GRIP_BASE_URL.rstrip("/") + reverse(
                "signalling:signal_detail", args=[signal.pk]
            )
            found.extend(
                (user_id, Item(key, what, link)) for user_id in sorted(members[signal.programme_id])
            )
    return found


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
