"""What the access log's hash chain costs (ADR 0053): the import, and a list page.

    .venv/bin/python bench/access_chain.py                     # 150,000 rows, both backends
    .venv/bin/python bench/access_chain.py --rows 20000 --backend sqlite

Two variants of the same code, A against B:

- **plain**: the access log as before the chain: rows inserted as they are, no head read, no
  hash, no persons named (``grip.access.chain.append_rows`` and ``append`` replaced, in the
  child process only, by a plain insert). The table still has the chain's two columns and
  their index, so this slightly overstates what the log cost before.
- **chain**: the code as it is.

Import: per variant a fresh database (``migrate``, ``load_reference``), then the timed
``import_situations`` in its own process, as ``bench/run.py`` does; plain and chain alternate
(plain, chain, chain, plain) so that drift on a shared machine falls on both. The import's
time inside the log writer is reported too: the part the chain can change at all.

List page: after the chain's import, the response list (25 rows, as a coordinator of every
programme) rendered through its view in one process, the variants alternating in rounds;
the median time per page.

Goal: the chain costs under 5 % on either.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402 - bench/ is not a package
from machine import describe  # noqa: E402
from run import BASE_ENV, PG_HOST, PG_PORT, PG_USER, manage, postgres_reachable, psql  # noqa: E402

GOAL_PERCENT = 5.0
LIST_ROUNDS = 7
LIST_PAGES_PER_ROUND = 15


# --- in the child process -----------------------------------------------------------------------


def _plain_log() -> None:
    """The access log without the chain, as before ADR 0053."""
    from django.db import models
    from django.utils import timezone

    from grip.access import chain
    from grip.access.models import AccessEvent
    from grip.bulk import insert

    def append_rows(rows: list[dict[str, object]]) -> None:
        now = timezone.now()
        insert(AccessEvent, [{**chain.ROW_DEFAULTS, **row, "at": now} for row in rows])

    def append(events: list[AccessEvent], persons: object = None) -> list[AccessEvent]:
        return models.QuerySet.bulk_create(AccessEvent.objects.all(), events)

    chain.append_rows = append_rows  # type: ignore[assignment]
    chain.append = append  # type: ignore[assignment]
    import grip.triage.exchange.writes as writes

    writes.append_rows = append_rows  # type: ignore[assignment]


def _timing_log_writer() -> dict[str, float]:
    """Sum the time the import spends in the log writer (whichever variant is installed)."""
    import grip.triage.exchange.writes as writes

    spent = {"seconds": 0.0}
    inner = writes.append_rows

    def timed(rows: list[dict[str, object]]) -> None:
        started = time.perf_counter()
        inner(rows)
        spent["seconds"] += time.perf_counter() - started

    writes.append_rows = timed  # type: ignore[assignment]
    return spent


def child_import(variant: str, csv_path: str) -> dict[str, float]:
    import django

    django.setup()
    from django.core.management import call_command

    if variant == "plain":
        _plain_log()
    spent = _timing_log_writer()
    started = time.perf_counter()
    call_command("import_situations", csv_path, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {"seconds": time.perf_counter() - started, "log_seconds": spent["seconds"]}


def child_list() -> dict[str, float]:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import RequestFactory

    from grip.access import chain
    from grip.network.models import Membership, Organisation, Programme, Role
    from grip.triage.views import response_list

    user = get_user_model().objects.create_user(username=f"bench-{uuid.uuid4().hex[:6]}")
    membership = Membership.objects.create(
        user=user, organisation=Organisation.objects.first(), role=Role.COORDINATOR
    )
    membership.programmes.set(Programme.objects.all())
    chained = (chain.append, chain.append_rows)
    _plain_log()
    plain = (chain.append, chain.append_rows)
    factory = RequestFactory()
    times: dict[str, list[float]] = {"plain": [], "chain": []}
    for round_number in range(LIST_ROUNDS):
        order = ("plain", "chain") if round_number % 2 == 0 else ("chain", "plain")
        for variant in order:
            chain.append, chain.append_rows = plain if variant == "plain" else chained
            for _ in range(LIST_PAGES_PER_ROUND):
                request = factory.get("/inzetten/")
                request.user = user
                started = time.perf_counter()
                with transaction.atomic():  # as ATOMIC_REQUESTS would not: the view's own
                    response = response_list(request)
                times[variant].append(time.perf_counter() - started)
                assert response.status_code == 200
    return {variant: statistics.median(values) * 1000 for variant, values in times.items()}


# --- in the parent ------------------------------------------------------------------------------


def run_child(env: dict[str, str], *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "grip.settings", "PYTHONPATH": str(ROOT / "src")},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def fresh_database(backend: str, workdir: Path) -> tuple[dict[str, str], str]:
    """A migrated database with the reference data; its environment and, for PostgreSQL, its
    name (to drop)."""
    if backend == "sqlite":
        database = workdir / f"chain-{uuid.uuid4().hex[:8]}.sqlite3"
        env = {**BASE_ENV, "DATABASE_URL": f"sqlite:///{database}", "GRIP_VAR_DIR": str(workdir)}
        name = ""
    else:
        name = f"grip_bench_chain_{uuid.uuid4().hex[:8]}"
        psql(f"CREATE DATABASE {name}")
        url = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
        env = {**BASE_ENV, "DATABASE_URL": url, "GRIP_VAR_DIR": str(workdir)}
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_reference")
    return env, name


def measure(backend: str, csv_path: Path, workdir: Path) -> list[str]:
    imports: dict[str, list[dict[str, float]]] = {"plain": [], "chain": []}
    listed: dict[str, float] = {}
    for index, variant in enumerate(("plain", "chain", "chain", "plain")):
        env, name = fresh_database(backend, workdir)
        try:
            imports[variant].append(run_child(env, "import", variant, str(csv_path)))
            if variant == "chain" and not listed:
                listed = run_child(env, "list")
        finally:
            if name:
                psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        print(f"{backend} {index + 1}/4 {variant}: {imports[variant][-1]}", file=sys.stderr)

    def best(variant: str, key: str) -> float:
        return min(run[key] for run in imports[variant])

    plain, chained = best("plain", "seconds"), best("chain", "seconds")
    log_plain, log_chain = best("plain", "log_seconds"), best("chain", "log_seconds")
    return [
        row(backend, "import (s, best of 2)", plain, chained),
        row(backend, "  of which the log writer (s)", log_plain, log_chain, of_total=plain),
        row(backend, "list page (ms, median)", listed["plain"], listed["chain"]),
    ]


def row(backend: str, what: str, plain: float, chained: float, of_total: float = 0.0) -> str:
    extra = chained - plain
    percent = 100 * extra / (of_total or plain)
    goal = "" if of_total else ("yes" if percent < GOAL_PERCENT else "no")
    return f"{backend:<10}  {what:<30}  {plain:>9.3f}  {chained:>9.3f}  {percent:>+7.1f} %  {goal}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Grip: cost of the access log's hash chain")
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "all"), default="all")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        kind, *rest = arguments.child
        result = child_import(*rest) if kind == "import" else child_list()
        print(json.dumps(result))
        return
    lines = []
    with tempfile.TemporaryDirectory(prefix="grip-bench-chain-") as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "situations.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as out:
            write(out, arguments.rows)
        print(f"{arguments.rows:,} synthetische rijen", file=sys.stderr, flush=True)
        backends = ["sqlite", "postgresql"] if arguments.backend == "all" else [arguments.backend]
        for backend in backends:
            if backend == "postgresql" and (why_not := postgres_reachable()):
                print(f"PostgreSQL overgeslagen: {why_not}", file=sys.stderr)
                continue
            lines.extend(measure(backend, csv_path, workdir))
    header = f"{'backend':<10}  {'what':<30}  {'plain':>9}  {'chain':>9}  {'cost':>9}  goal"
    print(header)
    print("-" * len(header))
    print("\n".join(lines))
    print(f"goal: the chain adds < {GOAL_PERCENT:.0f} %; rows: {arguments.rows:,}")
    print(describe())


if __name__ == "__main__":
    main()
