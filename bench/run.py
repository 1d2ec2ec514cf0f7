"""Import benchmark: a synthetic national-scale situations file into a fresh database.

    .venv/bin/python bench/run.py             # 150,000 rows on SQLite and PostgreSQL
    .venv/bin/python bench/run.py --rows 20000 --backend sqlite

Per backend: a fresh database (SQLite: a temporary file; PostgreSQL: a new database on
127.0.0.1:5432 as user ``postgres``, dropped afterwards, skipped with a message when the
server cannot be reached), ``migrate`` and ``load_reference`` in subprocesses, then the timed
``import_situations`` in its own subprocess: wall time, and the child's peak RSS from
``wait4``'s resource usage (that child alone, not the set-up steps). Prints one table.
Goals: at least 5,000 rows/s and under 300 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402 - bench/ is not a package
from machine import describe  # noqa: E402

# Measured as in production: without DEBUG, whose query log would be measured along.
BASE_ENV = {**os.environ, "GRIP_DEBUG": os.environ.get("GRIP_DEBUG", "0")}
GOAL_ROWS_PER_SECOND = 5000
GOAL_PEAK_MB = 300
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", "5432", "postgres"


@dataclass
class Result:
    backend: str
    rows: int
    seconds: float = 0.0
    peak_mb: float = 0.0
    exit_code: int = 0
    note: str = ""

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def goal_met(self) -> bool:
        return (
            self.exit_code == 0
            and self.rows_per_second >= GOAL_ROWS_PER_SECOND
            and self.peak_mb < GOAL_PEAK_MB
        )


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed_import(env: dict[str, str], csv_path: Path, result: Result) -> Result:
    """Run the import in a child process; its own wall time, peak RSS and exit code."""
    command = [sys.executable, str(ROOT / "manage.py"), "import_situations", str(csv_path)]
    report = csv_path.with_suffix(f".{result.backend}.out")
    with report.open("w") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
        # wait4 gives this child's resource usage alone (RUSAGE_CHILDREN would also count
        # the set-up steps before it).
        _pid, status, usage = os.wait4(child.pid, 0)
        result.seconds = time.perf_counter() - started
    child.returncode = result.exit_code = os.waitstatus_to_exitcode(status)
    result.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    if result.exit_code != 0:
        result.note = " | ".join(report.read_text().splitlines()[:5])
    return result


def run_sqlite(csv_path: Path, rows: int, workdir: Path) -> Result:
    database = workdir / "bench.sqlite3"
    env = {**BASE_ENV, "DATABASE_URL": f"sqlite:///{database}", "GRIP_VAR_DIR": str(workdir)}
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_reference")
    return timed_import(env, csv_path, Result("sqlite", rows))


def postgres_reachable() -> str:
    """Empty when PostgreSQL answers; otherwise why not."""
    if shutil.which("psql") is None:
        return "psql niet gevonden"
    probe = subprocess.run(_psql_command("SELECT 1"), capture_output=True, text=True, check=False)
    return "" if probe.returncode == 0 else (probe.stderr.strip() or "geen verbinding")


def _psql_command(sql: str) -> list[str]:
    psql_path = shutil.which("psql") or "psql"
    return [psql_path, "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, "-d", "postgres", "-c", sql]


def psql(sql: str) -> None:
    subprocess.run(_psql_command(sql), check=True, capture_output=True)


def run_postgresql(csv_path: Path, rows: int, workdir: Path) -> Result:
    name = f"grip_bench_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {name}")
    try:
        url = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
        env = {**BASE_ENV, "DATABASE_URL": url, "GRIP_VAR_DIR": str(workdir)}
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_reference")
        return timed_import(env, csv_path, Result("postgresql", rows))
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def table(results: list[Result]) -> str:
    header = ("backend", "rows", "seconds", "rows/s", "peak MB", "goal met")
    lines = [
        (
            r.backend,
            f"{r.rows:,}",
            f"{r.seconds:.1f}",
            f"{r.rows_per_second:,.0f}",
            f"{r.peak_mb:.0f}",
            ("yes" if r.goal_met else "no") + (f" (exit {r.exit_code})" if r.exit_code else ""),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    render = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *lines]
    ]
    render.insert(1, "  ".join("-" * width for width in widths))
    goals = f"goals: ≥ {GOAL_ROWS_PER_SECOND:,} rows/s and < {GOAL_PEAK_MB} MB peak RSS"
    return "\n".join([*render, goals])


def main() -> None:
    parser = argparse.ArgumentParser(description="Grip import benchmark")
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument(
        "--backend", choices=("sqlite", "postgresql", "all"), default="all", help="default: all"
    )
    arguments = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="grip-bench-") as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "situations.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as out:
            write(out, arguments.rows)
        size_mb = csv_path.stat().st_size / 1024 / 1024
        print(
            f"{arguments.rows:,} synthetische rijen, {size_mb:.0f} MB", file=sys.stderr, flush=True
        )
        if arguments.backend in ("sqlite", "all"):
            results.append(run_sqlite(csv_path, arguments.rows, workdir))
        if arguments.backend in ("postgresql", "all"):
            why_not = postgres_reachable()
            if why_not:
                print(f"PostgreSQL overgeslagen: {why_not}", file=sys.stderr)
            else:
                results.append(run_postgresql(csv_path, arguments.rows, workdir))
    for result in results:
        if result.note:
            print(f"{result.backend}: {result.note}", file=sys.stderr)
    print(table(results))
    print(describe())


if __name__ == "__main__":
    main()
