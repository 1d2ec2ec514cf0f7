"""Commands that show person data log it too: the reminder digest names person keys."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from grip.access.models import AccessEvent
from grip.followup import actions
from tests.followup.helpers import a_trajectory, org


def test_the_digest_logs_each_person_it_names(persona, hotspot) -> None:
    worker = persona("followup_worker")
    worker.email = "opvolger@voorbeeld.invalid"
    worker.save()
    trajectory = a_trajectory(
        persona("coordinator"), hotspot, case_organisation=org("wij-groningen"), case_holder=worker
    )
    actions.add_task(
        worker, trajectory, title="Bellen", owner=worker,
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    call_command("notify")
    row = AccessEvent.objects.get(user=worker, purpose="followup:digest e-mail")
    assert row.person_key == trajectory.person.display_key
    assert row.action == "read"
