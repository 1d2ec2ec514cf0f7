"""Load benchmark: the production server under many users at once, against the page goals.

Starts gunicorn (deploy/gunicorn.conf.py, 4 workers) and nothing else on 127.0.0.1 with
GRIP_ENV=production, the real Redis as shared cache, on a PostgreSQL database of a large
programme (kept as ``grip_bench_load`` for reuse: the import of the synthetic situations file
runs once). Then USERS simulated people log in once each (password and second factor) and
work for DURATION seconds through a mix of pages, each waiting a little between pages:
worklist, trajectory, incident list, response list, factsheet, dashboard. Prints one row
per page: requests, errors, p50 and p95 against the goals of issue 19 (p95 < 300 ms, factsheet
and dashboard < 800 ms), and the machine line.

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--rows 20000]

Not a test: wall-clock numbers depend on the machine (bench/machine.py says how fast it is).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from machine import describe  # noqa: E402

_spec = importlib.util.spec_from_file_location("smoke", ROOT / "deploy" / "smoke.py")
assert _spec is not None
assert _spec.loader is not None
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)

DATABASE = "grip_bench_load"
PROGRAMME = "groninger-hotspot"
PASSWORD = "bench-load-password-2026"
SECRET = "GRIPBENCHGRIPBENCHGRIPBENCHGRIPB"  # published: bench users only
GOALS_MS = {"factsheet": 800, "dashboard": 800}
DEFAULT_GOAL_MS = 300
# (page, weight): what a working day looks like, roughly.
MIX = [
    ("worklist", 5),
    ("trajectory", 5),
    ("incident list", 3),
    ("response list", 3),
    ("factsheet", 1),
    ("dashboard", 1),
]
THINK_SECONDS = (0.2, 1.0)

CREATE_USERS = """
import json
from django.contrib.auth import get_user_model
from allauth.mfa.models import Authenticator
from grip.accounts.devices import give_totp
from grip.followup.models import Trajectory
from grip.network.models import Membership, Organisation, Programme, Role
users = get_user_model().objects
for number in range({users}):
    name = f"bench-{{number:03d}}"
    user = users.filter(username=name).first()
    if user is None:
        user = users.create_user(name, password={password!r})
        membership = Membership.objects.create(
            user=user, organisation=Organisation.objects.get(slug="gemeente-groningen"),
            role=Role.COORDINATOR)
        membership.programmes.set(Programme.objects.filter(slug={programme!r}))
    # Each run has a new SECRET_KEY (the second-factor secrets are sealed with it): anew.
    Authenticator.objects.filter(user=user).delete()
    give_totp(user, {secret!r})
trajectories = list(Trajectory.objects.filter(programme__slug={programme!r})
                    .order_by("?").values_list("pk", flat=True)[:500])
print("BENCH " + json.dumps({{"trajectories": trajectories}}))
"""

COUNTS = """
from grip.followup.models import Trajectory
from grip.intake.models import Incident
print("BENCH", Incident.objects.count(), Trajectory.objects.count(),
      Trajectory.objects.filter(closed_at__isnull=True).count())
"""


def psql(sql: str, database: str = "postgres") -> str:
    command = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAqc", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def shell(env: dict[str, str], code: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return next(line for line in result.stdout.splitlines() if line.startswith("BENCH"))[6:]


def prepare(env: dict[str, str], rows: int, users: int, tmp: Path) -> list[int]:
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
        psql(f"CREATE DATABASE {DATABASE}")
    smoke.manage(env, "migrate", "--no-input")
    smoke.manage(env, "collectstatic", "--no-input")
    incidents = int(psql("SELECT count(*) FROM intake_incident", DATABASE) or 0)
    if incidents < rows:
        print(f"importing {rows} synthetic situations (once; the database is kept)", flush=True)
        smoke.manage(env, "load_reference")
        csv_path = tmp / "situations.csv"
        with csv_path.open("w", newline="") as out:
            subprocess.run([sys.executable, str(ROOT / "bench/generate.py"), str(rows)], stdout=out,
                           check=True)  # fmt: skip
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "import_situations", str(csv_path)],
            env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        smoke.manage(env, "refresh_facts")
        # Fresh statistics, as autovacuum would have them after a day: without them the
        # planner guesses 3 trajectories where there are thousands and picks bad plans.
        psql("ANALYZE", DATABASE)
    code = CREATE_USERS.format(users=users, password=PASSWORD, secret=SECRET, programme=PROGRAMME)
    trajectories = json.loads(shell(env, code))["trajectories"]
    print("database: incidents, trajectories, open:", shell(env, COUNTS), flush=True)
    return list(trajectories)


def paths(page: str, trajectories: list[int], rng: random.Random) -> str:
    if page == "worklist":
        return "/opvolging/"
    if page == "trajectory":
        return f"/opvolging/{rng.choice(trajectories)}/"
    if page == "incident list":
        return "/meldingen/"
    if page == "response list":
        return "/triage/"
    if page == "factsheet":
        return "/monitor/"  # the user's programme, its default period
    return "/monitor/dashboard/"


def log_in(browser: object, name: str) -> None:
    status, _h, page = browser.get("/inloggen/")  # type: ignore[attr-defined]
    if status != 200:
        raise RuntimeError(f"login page for {name}: {status}")
    fields = {"csrfmiddlewaretoken": smoke.csrf_token(page), "login": name, "password": PASSWORD}
    status, headers, _ = browser.post_form("/inloggen/", fields)  # type: ignore[attr-defined]
    second = smoke.location(headers)
    status, _h, page = browser.get(second)  # type: ignore[attr-defined]
    fields = {"csrfmiddlewaretoken": smoke.csrf_token(page), "code": smoke.totp(SECRET)}
    status, headers, _ = browser.post_form(second, fields)  # type: ignore[attr-defined]
    if status != 302:
        raise RuntimeError(f"login of {name} failed: {status}")


def user_loop(
    number: int,
    port: int,
    trajectories: list[int],
    until: float,
    timings: dict[str, list[float]],
    errors: dict[str, int],
    lock: threading.Lock,
) -> None:
    rng = random.Random(number)
    browser = smoke.Browser(port)
    try:
        log_in(browser, f"bench-{number:03d}")
    except Exception as failure:
        with lock:
            errors["login"] += 1
        print(f"  {failure}", file=sys.stderr)
        return
    pages, weights = zip(*MIX, strict=True)
    while time.monotonic() < until:
        page = rng.choices(pages, weights)[0]
        started = time.perf_counter()
        try:
            status, _headers, _body = browser.get(paths(page, trajectories, rng))
        except OSError:
            status = 0
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            timings[page].append(elapsed)
            if status != 200:
                errors[page] += 1
        time.sleep(rng.uniform(*THINK_SECONDS))


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def table(timings: dict[str, list[float]], errors: dict[str, int], duration: float) -> str:
    lines = [
        "| page | requests | errors | p50 ms | p95 ms | goal p95 | met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    total = 0
    for page, _weight in MIX:
        values = timings.get(page, [])
        total += len(values)
        goal = GOALS_MS.get(page, DEFAULT_GOAL_MS)
        p95 = percentile(values, 0.95)
        met = "yes" if values and p95 < goal and not errors.get(page) else "NO"
        lines.append(
            f"| {page} | {len(values)} | {errors.get(page, 0)} | "
            f"{percentile(values, 0.50):.0f} | {p95:.0f} | {goal} | {met} |"
        )
    lines.append(f"\n{total} requests in {duration:.0f} s ({total / duration:.1f}/s); "
                 f"failed logins: {errors.get('login', 0)}")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Grip load benchmark")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--web-workers", type=int, default=4)
    arguments = parser.parse_args()
    if reason := smoke_unreachable():
        print(f"load benchmark skipped: {reason}")
        return
    port = smoke.free_port()
    with tempfile.TemporaryDirectory(prefix="grip-load-") as tmp_name:
        tmp = Path(tmp_name)
        env = smoke.production_environment(tmp, DATABASE, port)
        env["GRIP_WEB_WORKERS"] = str(arguments.web_workers)
        env["GRIP_LOG_LEVEL"] = "WARNING"  # one line per request would be the bottleneck here
        trajectories = prepare(env, arguments.rows, arguments.users, tmp)
        web_log = tmp / "web.log"
        with web_log.open("wb") as out:
            server = subprocess.Popen(
                [str(smoke.BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py")],
                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            smoke.wait_until_live(smoke.Browser(port), [server])
            timings: dict[str, list[float]] = defaultdict(list)
            errors: dict[str, int] = defaultdict(int)
            lock = threading.Lock()
            started = time.monotonic()
            until = started + arguments.duration
            threads = [
                threading.Thread(
                    target=user_loop,
                    args=(number, port, trajectories, until, timings, errors, lock),
                )
                for number in range(arguments.users)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            print(table(timings, errors, time.monotonic() - started))
        finally:
            server.terminate()
            server.wait(timeout=30)
            failures = [line for line in web_log.read_text(errors="replace").splitlines()
                        if '"level":"ERROR"' in line]  # fmt: skip
            for line in failures[:3]:
                print("server error:", line[:200], "…", line[-600:])
    print(describe())


def smoke_unreachable() -> str:
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        return "PostgreSQL is not running on 127.0.0.1:5432"
    from importlib import import_module

    redis_support = import_module("tests.ops.redis_support") if (ROOT / "tests").exists() else None
    if redis_support is not None and not redis_support.redis_reachable():
        return "Redis is not running on 127.0.0.1:6379"
    return ""


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grip.settings")
    main()
