"""One open trajectory per person per programme: the parallel open ones that exist are merged
into the oldest (history kept, undoable from the coordinator's screen), before 0008 adds the
constraint. The same ``move_work`` as the coordinator's merge, with the historical models."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import Count
from django.utils import timezone

REASON = "Parallelle open trajecten van één betrokkene samengevoegd (eenmalige migratie)."


def merge_parallel(apps: Any, schema_editor: Any) -> None:
    from grip.followup.merging import move_work

    trajectory_model = apps.get_model("followup", "Trajectory")
    contact = apps.get_model("followup", "Contact")
    task = apps.get_model("followup", "Task")
    handover = apps.get_model("followup", "Handover")
    event = apps.get_model("followup", "TrajectoryEvent")
    merge = apps.get_model("followup", "TrajectoryMerge")
    groups = (
        trajectory_model.objects.filter(status="open", person__isnull=False)
        .values("programme_id", "person_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("programme_id", "person_id")
    )
    for programme_id, person_id in list(groups):
        survivor, *absorbed_ones = trajectory_model.objects.filter(
            programme_id=programme_id, person_id=person_id, status="open"
        ).order_by("opened_at", "pk")
        for absorbed in absorbed_ones:
            moved = move_work(trajectory_model, contact, task, handover, survivor, absorbed)
            absorbed.status = "closed"
            absorbed.closed_at = timezone.now()
            absorbed.closure_text = f"Samengevoegd met traject {survivor.pk}."
            absorbed.save(update_fields=["status", "closed_at", "closure_text"])
            done = merge.objects.create(
                survivor=survivor, absorbed=absorbed, moved=moved, reason=REASON
            )
            event.objects.create(
                trajectory=absorbed, kind="merged_into", reason=REASON,
                data={"survivor": survivor.pk, "merge": done.pk},
            )  # fmt: skip
            event.objects.create(
                trajectory=survivor, kind="merged", reason=REASON,
                data={"absorbed": absorbed.pk, "merge": done.pk},
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("followup", "0006_joined_work_and_trajectory_merges")]

    # Backwards: nothing to do; undo a merge one by one on the coordinator's screen.
    operations = [migrations.RunPython(merge_parallel, migrations.RunPython.noop)]
