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
    monkeypatch.setattr(tasks, "call_command", lambda n, **kw: (ran.append(n), real(n, **kw)))
    out = StringIO()
    call_command("enqueue", name, stdout=out)
    assert "klaargezet" in out.getvalue()
    assert ran == []  # queued, not run
    run_worker()
    assert ran == [name]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    lines = [r for r in caplog.records if r.name == "grip.task"]
    assert [(r.task, r.outcome) for r in lines] == [(f"command:{name}", "done")]  # type: ignore[attr-defined]


def test_only_the_scheduled_commands_can_be_queued() -> None:
    with pytest.raises(CommandError):
        call_command("enqueue", "flush")
    with pytest.raises(ValueError, match="not a scheduled command"):
        tasks.run_command.call("flush")
