"""Partner-API benchmark (issue 18): sustained POST of signals by 10 concurrent API clients
against the production-shaped server (gunicorn, GRIP_DEBUG=0, PostgreSQL), next to the rate
at which ``import_signals`` takes the same number of rows from a CSV file.

    .venv/bin/python bench/api.py                        # 30 s at 50 reports/s
    .venv/bin/python bench/api.py --seconds 10 --rate 80

A fresh PostgreSQL database on 127.0.0.1:5432 (user ``postgres``; dropped afterwards),
``migrate`` and ``load_reference``, ten approved clients (follow-up worker, Hotspot) made by
``manage.py shell``, then gunicorn (2 workers × 4 threads) and ten client threads that each
send their share of the rate on a fixed schedule (open loop: a slow answer does not slow the
offered load). Prints requests per second, p50/p95/p99 latency and errors, then the import
rate. Goal: p95 < 100 ms per report at 50 reports/s on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from machine import describe  # noqa: E402 - bench/ is not a package

CLIENTS = 10
GOAL_P95_MS = 100.0
PG = "postgres://postgres@127.0.0.1:5432"

MAKE_CLIENTS = """
import json
from django.contrib.auth import get_user_model
from grip.api import actions
from grip.network.models import Membership, Organisation, Programme, Role
org = Organisation.objects.get(slug="gemeente-groningen")
admins = []
for name in ("bench-maker", "bench-checker"):
    user = get_user_model().objects.create_user(username=name)
    Membership.objects.create(user=user, organisation=org, role=Role.ADMINISTRATOR)
    admins.append(user)
made = []
for number in range(%d):
    new = actions.create_client(
        admins[0], name=f"Bench {number}", purpose="benchmark",
        organisation=Organisation.objects.get(slug="wij-groningen"),
        programmes=Programme.objects.filter(slug="groninger-hotspot"),
        roles=["followup_worker"],
    )
    actions.approve_client(admins[1], new.client)
    made.append([new.client.client_id, new.secret])
print(json.dumps(made))
"""


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def signal_row(number: str) -> dict[str, str]:
    received = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return {
        "signal_number": number,
        "source": "housing",
        "programme": "groninger-hotspot",
        "municipality": "GM0014",
        "received_at": received.isoformat(timespec="seconds"),
        "person_key": f"BENCH-{number[-3:]}",
        "concerns": "nuisance|self_neglect",
        "notes": "Synthetisch: benchmark.",
    }


def token(port: int, client_id: str, secret: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = urllib.parse.urlencode(
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )
    connection.request(
        "POST", "/api/v1/token/", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    return str(json.loads(connection.getresponse().read())["access_token"])


def load(port: int, tokens: list[str], rate: float, seconds: float) -> tuple[list[float], int]:
    """Each client sends rate/CLIENTS reports per second on a fixed schedule."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.monotonic() + 0.5
    interval = len(tokens) / rate

    def client(index: int, bearer: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {bearer}", "Content-Type": "application/json"}
        sent = 0
        while True:
            due = start + index * interval / len(tokens) + sent * interval
            if due - start > seconds:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            row = signal_row(f"API-{index:02d}-{sent:06d}")
            row["concerns"] = row["concerns"].split("|")  # type: ignore[assignment]
            began = time.perf_counter()
            connection.request("POST", "/api/v1/signals/", json.dumps(row), headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status != 201:
                    errors[0] += 1
            sent += 1

    threads = [threading.Thread(target=client, args=(i, t)) for i, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def import_rate(env: dict[str, str], rows: int, workdir: Path) -> float:
    path = workdir / "signals.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(signal_row("x")))
        writer.writeheader()
        for number in range(rows):
            writer.writerow(signal_row(f"CSV-{number:06d}"))
    began = time.perf_counter()
    manage(env, "import_signals", str(path))
    return rows / (time.perf_counter() - began)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=50, help="reports per second in total")
    options = parser.parse_args()
    database = f"grip_bench_api_{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{database}",
        "GRIP_DEBUG": "0",
        "PYTHONPATH": str(ROOT / "src"),
    }
    psql(f"CREATE DATABASE {database}")
    server = None
    try:
        manage(env, "migrate", "--no-input")
        manage(env, "load_reference")
        made = manage(env, "shell", "-v", "0", "-c", MAKE_CLIENTS % CLIENTS)
        credentials = json.loads(made.strip().splitlines()[-1])
        port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        server = subprocess.Popen(
            [gunicorn, "grip.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "2",
             "--threads", "4", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        wait_for(port)
        tokens = [token(port, client_id, secret) for client_id, secret in credentials]
        latencies, errors = load(port, tokens, options.rate, options.seconds)
        with tempfile.TemporaryDirectory() as workdir:
            csv_rate = import_rate(env, len(latencies), Path(workdir))
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    p95 = percentile(latencies, 0.95)
    print(describe())
    print(f"API: {len(latencies)} POSTs by {CLIENTS} clients in {options.seconds:.0f} s, "
          f"offered {options.rate:.0f}/s, achieved {len(latencies) / options.seconds:.1f}/s, "
          f"errors {errors}")  # fmt: skip
    print(f"latency ms: p50 {statistics.median(latencies):.1f} · p95 {p95:.1f} · "
          f"p99 {percentile(latencies, 0.99):.1f} (goal p95 < {GOAL_P95_MS:.0f})")  # fmt: skip
    print(f"CSV import of the same number of rows: {csv_rate:.0f} rows/s")
    print("goal met" if p95 < GOAL_P95_MS and not errors else "GOAL NOT MET")


if __name__ == "__main__":
    main()
