"""The daily commands as tasks: the timer queues, the worker runs and logs one line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from grip.ops import tasks
from tests.ops.test_import_jobs import run_worker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", tasks.SCHEDULED_COMMANDS)
def test_enqueue_then_the_worker_runs_the_command(name: str, monkeypatch, caplog) -> None:
    ran: list[str] = []
    real = tasks.call_command
    monkeypatch.setattr(
        tasks, "call_command", lambda n, *a, **kw: (ran.append(n), real(n, *a, **kw))
    )
    out = StringIO()
    call_command("enqueue", name, stdout=out)
    assert "klaargezet" in out.getvalue()
    assert ran == []  # queued, not run
    run_worker()
    assert ran[0] == name  # (the purge also prunes the task results)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    lines = [r for r in caplog.records if r.name == "grip.task"]
    assert [(r.task, r.outcome) for r in lines] == [(f"command:{name}", "done")]  # type: ignore[attr-defined]


def test_only_the_scheduled_commands_can_be_queued() -> None:
    with pytest.raises(CommandError):
        call_command("enqueue", "flush")
    with pytest.raises(ValueError, match="not a scheduled command"):
        tasks.run_command.call("flush")


def test_the_purge_ends_old_finished_jobs_and_task_results(persona, settings) -> None:
    import datetime as dt

    from django.utils import timezone

    from grip.ops.models import Job, JobKind, JobStatus

    user = persona("coordinator")
    now = timezone.now()
    old = now - dt.timedelta(days=settings.GRIP_JOB_RETENTION_DAYS + 1)
    kinds = {"kind": JobKind.IMPORT_SITUATIONS, "user": user}
    old_done = Job.objects.create(**kinds, status=JobStatus.DONE, finished_at=old)
    recent = Job.objects.create(**kinds, status=JobStatus.DONE, finished_at=now)
    stuck = Job.objects.create(**kinds, status=JobStatus.RUNNING)
    tasks.run_command.enqueue("notify")
    run_worker()
    DBTaskResult.objects.update(finished_at=old)
    assert tasks.prune_jobs() == 1
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, stuck.pk}
    assert not Job.objects.filter(pk=old_done.pk).exists()
    assert not DBTaskResult.objects.exists()
