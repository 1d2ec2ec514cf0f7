"""CPU seconds of one import: the importing process, its parse worker and (PostgreSQL) its
database backend. Less sensitive to a busy machine than wall time; for comparing code.

    .venv/bin/python bench/cpu.py --rows 30000 --backend postgresql [--profile out.prof]

A template database (SQLite: a file; PostgreSQL: ``grip_import_template``) is migrated and
loaded with the reference data once per ``--rows``-independent run and copied for each
import, so runs are quick to repeat. PostgreSQL databases are named ``grip_import_*``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PG = "postgres://postgres@127.0.0.1:5432/"
TEMPLATE = "grip_import_template"
RUN_DB = "grip_import_run"
WORK = Path(os.environ.get("GRIP_CPU_WORK", "") or tempfile.gettempdir()) / "grip-import-cpu"


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql],
        check=True,
        capture_output=True,
    )


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "GRIP_DEBUG": "0", "DATABASE_URL": url, "GRIP_VAR_DIR": str(WORK)}


def _manage(url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(url),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(backend: str, rows: int, fresh_template: bool) -> tuple[str, Path]:
    WORK.mkdir(exist_ok=True)
    csv_path = WORK / f"situations-{rows}.csv"
    if not csv_path.exists():
        from generate import write

        with csv_path.open("w", encoding="utf-8", newline="") as out:
            write(out, rows)
    if backend == "sqlite":
        template = WORK / "template.sqlite3"
        if fresh_template or not template.exists():
            template.unlink(missing_ok=True)
            _manage(f"sqlite:///{template}", "migrate", "--no-input", "-v0")
            _manage(f"sqlite:///{template}", "load_reference")
        run = WORK / "run.sqlite3"
        shutil.copyfile(template, run)
        return f"sqlite:///{run}", csv_path
    if fresh_template:
        _psql(f"DROP DATABASE IF EXISTS {TEMPLATE}")
    try:
        _psql(f"CREATE DATABASE {TEMPLATE}")
    except subprocess.CalledProcessError:
        pass  # exists: migrated before
    else:
        _manage(PG + TEMPLATE, "migrate", "--no-input", "-v0")
        _manage(PG + TEMPLATE, "load_reference")
    _psql(f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)")
    _psql(f"CREATE DATABASE {RUN_DB} TEMPLATE {TEMPLATE}")
    return PG + RUN_DB, csv_path


def _proc_cpu(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


class _Backends:
    """The CPU seconds of this database's backends (the import may open a second connection):
    sampled from ``/proc`` every 0.1 s by a thread with its own connection, which it leaves
    out."""

    def __init__(self) -> None:
        import threading

        from django.db import connection

        self.database = connection.settings_dict["NAME"]
        self.first: dict[int, tuple[float, float]] = {}
        self.last: dict[int, tuple[float, float]] = {}
        self.done = threading.Event()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        self.ready.wait()

    def _watch(self) -> None:
        import psycopg

        with psycopg.connect(
            dbname=self.database, host="127.0.0.1", user="postgres", autocommit=True
        ) as watch:
            own = watch.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[index]
            while True:
                pids = [
                    pid
                    for (pid,) in watch.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                        [self.database, own],
                    )
                ]
                for pid in pids:
                    try:
                        cpu = _proc_cpu(pid)
                    except OSError:
                        continue
                    self.first.setdefault(pid, cpu)
                    self.last[pid] = cpu
                self.ready.set()
                if self.done.wait(0.1):
                    return

    def stop(self) -> tuple[float, float]:
        """User and system CPU seconds of the backends while the import ran."""
        self.done.set()
        self.thread.join()
        user = sum(self.last[pid][0] - self.first[pid][0] for pid in self.last)
        system = sum(self.last[pid][1] - self.first[pid][1] for pid in self.last)
        return user, system


def child(csv_path: str, worker: str, profile: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grip.settings")
    django.setup()
    from django.db import connection

    from grip.triage.exchange import import_situations

    watcher = _Backends() if connection.vendor == "postgresql" else None
    if worker == "auto":
        from grip.triage.management.commands.import_situations import cpu_to_spare

        use_worker = cpu_to_spare()
    else:
        use_worker = worker == "on"
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    with open(csv_path, "rb") as binary:
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            report = profiler.runcall(import_situations, binary, parse_in_worker=use_worker)
            profiler.dump_stats(profile)
        else:
            report = import_situations(binary, parse_in_worker=use_worker)
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    backend_user, backend_sys = watcher.stop() if watcher is not None else (0.0, 0.0)
    print(
        json.dumps(
            {
                "rows": report.created + report.updated + report.unchanged,
                "rejected": report.rejected,
                "wall": round(wall, 2),
                "own_cpu": round(
                    own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime, 2
                ),
                # The kernel's share apart: on some virtual machines page faults and system
                # calls cost far more than on others, which a Python loop does not show.
                "own_sys": round(own.ru_stime - own_before.ru_stime, 2),
                "worker_cpu": round(kids.ru_utime + kids.ru_stime, 2),
                "backend_cpu": round(backend_user + backend_sys, 2),
                "backend_sys": round(backend_sys, 2),
                "worker": use_worker,
                "peak_mb": round(own.ru_maxrss / 1024),
                "load": round(os.getloadavg()[0], 2),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--worker", choices=("on", "off", "auto"), default="off")
    parser.add_argument("--profile", default="")
    parser.add_argument("--fresh-template", action="store_true")
    parser.add_argument("--child", default="")
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.worker, arguments.profile)
        return
    url, csv_path = prepare(arguments.backend, arguments.rows, arguments.fresh_template)
    command = [sys.executable, __file__, "--child", str(csv_path), "--worker", arguments.worker]
    if arguments.profile:
        command += ["--profile", arguments.profile]
    result = subprocess.run(command, env=_env(url), cwd=ROOT, check=True, capture_output=True)
    print(arguments.backend, result.stdout.decode().strip())


if __name__ == "__main__":
    main()
