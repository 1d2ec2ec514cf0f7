"""One line about the machine a benchmark ran on, so that runs on different machines compare.

The goals are in wall-clock units (rows per second, milliseconds), and this project's machines
differ: the same import code has needed twice the CPU seconds on one virtual machine that it
needed on another (ADR 0060, 2026-12-07). The line gives the CPU model, the number of CPUs,
the load average as the benchmark ends and the time of a fixed single-threaded Python workload
(the best of five, so a short stall does not count): a run whose reference is twice as slow
ran on a machine about twice as slow, whatever the code did.

The loop alone proved a poor guide (ADR 0060, 2026-12-07, later): it stays in the CPU's own
caches, and a machine whose loop was the fastest yet ran the import no faster than the slow
one. The line therefore also times a workload shaped like an import: rows with random keys
inserted into an indexed in-memory SQLite table (B-tree searches, page splits, many small
objects), which depends on the memory system as the import does.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

REFERENCE_LOOPS = 5_000_000
REFERENCE_ROWS = 200_000


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "unknown CPU"
    for line in text.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def reference_ms() -> float:
    """Milliseconds for a fixed loop of additions: interpreter speed on one core."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(REFERENCE_LOOPS):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def reference_insert_ms() -> float:
    """Milliseconds to insert a fixed set of rows with random keys into an in-memory SQLite
    table with three indexes (the best of three; the same rows every time)."""
    draw = random.Random(7)
    rows = [
        (draw.getrandbits(62), f"{draw.getrandbits(40):x}", draw.randrange(1000), "x" * 40)
        for _ in range(REFERENCE_ROWS)
    ]
    best = float("inf")
    for _ in range(3):
        database = sqlite3.connect(":memory:")
        database.executescript(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c INTEGER, d TEXT);"
            "CREATE INDEX t_a ON t (a); CREATE INDEX t_b ON t (b); CREATE INDEX t_cb ON t (c, b);"
        )
        started = time.perf_counter()
        with database:
            database.executemany("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)", rows)
        best = min(best, time.perf_counter() - started)
        database.close()
    return best * 1000


def describe() -> str:
    load = os.getloadavg()[0]
    return (
        f"machine: {_cpu_model()}, {os.cpu_count()} CPUs, load {load:.2f}; "
        f"reference loop {reference_ms():.0f} ms (5 million additions, best of 5), "
        f"reference insert {reference_insert_ms():.0f} ms (200,000 indexed SQLite rows, "
        "best of 3)"
    )
