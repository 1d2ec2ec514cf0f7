"""Recurrence benchmark: the revolving-door list and the national distribution at scale.

    .venv/bin/python bench/recurrence.py                  # 1.5 million incidents, 600,000 persons
    .venv/bin/python bench/recurrence.py --incidents 200000 --persons 80000   # a quick run

A fresh PostgreSQL database on 127.0.0.1:5432 (user ``postgres``), migrated and loaded with
the reference data, is filled with a synthetic national set over ten years: 600,000 invented
persons with the national skew (most appear once, about a tenth 2–9 times, about 2% ten times
or more) and incidents spread over 25 regional programmes plus the Groninger Hotspot, with a
quarter of the incidents about no known person. Rows go in with COPY (the import path is
measured by ``bench/run.py``). Then each figure is computed the way the screens compute it,
five times; the table shows the median. Goals: the revolving-door list for one programme
under 300 ms, the national distribution (1, 2–9, 10+) under 3 s. The database is dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from machine import describe  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
GOALS_MS = {"revolving list (one programme)": 300, "national distribution": 3000}
YEARS = 10


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


def manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


def skewed_counts(persons: int, linked_incidents: int, rng: random.Random) -> list[int]:
    """Incidents per person: 88% once, 10% 2–9 times, 2% ten or more; scaled to the total."""
    counts = []
    for _ in range(persons):
        draw = rng.random()
        if draw < 0.88:
            counts.append(1)
        elif draw < 0.98:
            counts.append(rng.randint(2, 9))
        else:
            counts.append(rng.randint(10, 40))
    scale = linked_incidents / sum(counts)
    # Keep the shape: only the frequent visitors absorb the difference.
    return [c if c < 10 else max(10, round(c * scale)) for c in counts]


def fill(url: str, incidents: int, persons: int) -> None:
    """Programmes, persons and incidents with COPY, in one transaction."""
    import psycopg

    rng = random.Random(2026)
    now = dt.datetime.now(dt.UTC)
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM network_programme WHERE slug = 'groninger-hotspot'")
        hotspot = cur.fetchone()[0]
        cur.execute("SELECT id FROM network_municipality WHERE cbs_code = 'GM0014'")
        municipality = cur.fetchone()[0]
        cur.execute("SELECT id FROM vocab_term WHERE vocabulary = 'incident_code' AND code = 'E33'")
        e33 = cur.fetchone()[0]
        programmes = [hotspot]
        for region in range(1, 26):
            cur.execute(
                "INSERT INTO network_programme (slug, name, description, starts_on) "
                "VALUES (%s, %s, '', '2016-01-01') RETURNING id",
                (f"bench-vr{region:02d}", f"Benchmark regio {region:02d}"),
            )
            programmes.append(cur.fetchone()[0])
        # The Hotspot gets Groningen's share of the country (about 2%).
        weights = [2] + [98 / 25] * 25

        counts = skewed_counts(persons, int(incidents * 0.75), rng)
        home = rng.choices(programmes, weights, k=persons)
        with cur.copy("COPY people_person (display_key, created_at) FROM STDIN") as copy:
            for n in range(persons):
                copy.write_row((f"P-B{n:07d}", now))
        cur.execute("SELECT id FROM people_person WHERE display_key LIKE 'P-B%%' ORDER BY id")
        person_ids = [row[0] for row in cur.fetchall()]
        with cur.copy("COPY people_person_programmes (person_id, programme_id) FROM STDIN") as copy:
            for pid, programme in zip(person_ids, home, strict=True):
                copy.write_row((pid, programme))

        span = YEARS * 365 * 24 * 3600
        columns = (
            "programme_id, kind_id, number, reported_at, municipality_id, initial_ave_level, "
            "description, person_id, created_at"
        )
        number = 0
        with cur.copy(f"COPY intake_incident ({columns}) FROM STDIN") as copy:
            for pid, programme, count in zip(person_ids, home, counts, strict=True):
                for _ in range(count):
                    number += 1
                    at = now - dt.timedelta(seconds=rng.randrange(span))
                    copy.write_row(
                        (programme, e33, f"B{number:08d}", at, municipality, 3, "", pid, now)
                    )
            while number < incidents:
                number += 1
                at = now - dt.timedelta(seconds=rng.randrange(span))
                programme = rng.choices(programmes, weights)[0]
                copy.write_row(
                    (programme, e33, f"B{number:08d}", at, municipality, 2, "", None, now)
                )
        conn.commit()
        cur.execute("ANALYZE")


def measure(url: str) -> dict[str, list[float]]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grip.settings")
    import django

    django.setup()
    from django.utils import timezone

    from grip.followup.revolving import revolving_persons
    from grip.network.models import Programme
    from grip.people.recurrence import Scope, distribution

    hotspot = Programme.objects.get(slug="groninger-hotspot")
    today = timezone.localdate()
    national = Scope(None, today - dt.timedelta(days=YEARS * 365), today)
    timings: dict[str, list[float]] = {name: [] for name in GOALS_MS}
    found = 0
    for _ in range(5):
        start = time.perf_counter()
        found = len(revolving_persons(hotspot))
        timings["revolving list (one programme)"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        spread = distribution(national)
        timings["national distribution"].append((time.perf_counter() - start) * 1000)
    print(f"revolving-door persons in the Hotspot: {found}; national distribution: {spread}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=1_500_000)
    parser.add_argument("--persons", type=int, default=600_000)
    args = parser.parse_args()
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode:
        print("PostgreSQL is not reachable on 127.0.0.1:5432: recurrence benchmark skipped.")
        return
    name = f"grip_bench_rec_{uuid.uuid4().hex[:8]}"
    url = f"{PG}/{name}"
    psql(f"CREATE DATABASE {name}")
    try:
        manage(url, "migrate", "-v0")
        manage(url, "load_reference")
        start = time.perf_counter()
        fill(url, args.incidents, args.persons)
        print(f"filled {args.incidents:,} incidents, {args.persons:,} persons "
              f"in {time.perf_counter() - start:.0f} s")  # fmt: skip
        timings = measure(url)
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {name}")
    print(f"\n{'figure':<34} {'median ms':>10} {'goal ms':>8}  goal met")
    for figure, values in timings.items():
        median = statistics.median(values)
        goal = GOALS_MS[figure]
        print(f"{figure:<34} {median:>10.1f} {goal:>8}  {'yes' if median < goal else 'NO'}")
    print(describe())


if __name__ == "__main__":
    main()
