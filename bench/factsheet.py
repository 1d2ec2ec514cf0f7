"""Factsheet benchmark: Grip's indicators on the national-scale set, next to DuckDB.

    .venv/bin/python bench/factsheet.py                 # 1.5 million responses over ten years
    .venv/bin/python bench/factsheet.py --runs 3        # fewer timed runs per figure set
    .venv/bin/python bench/factsheet.py --rebuild       # drop the set and generate it again

The data live in a dedicated PostgreSQL database ``grip_bench`` on 127.0.0.1:5432 (user
``postgres``), created when missing and reused when already filled: generating 1.5 million
invented responses (2016–2025, 25 regional programmes plus the Groninger Hotspot, persons
with the national skew, risks, interventions, bottlenecks and follow-up trajectories) is done
once, in one transaction, with ``INSERT … SELECT`` from ``generate_series`` (deterministic:
``setseed``). ``migrate`` runs every time, so new indexes reach the reused set.

Two factsheets are timed, each as the JSON the ``factsheet`` command prints:

- one programme, one year (the Hotspot, 2025): goal < 200 ms;
- national, ten years (every programme, 2016–2025): goal < 3 s;

each next to the same figures computed by DuckDB over a Parquet copy of the same rows (made
once from PostgreSQL with ``COPY``, kept in ``var/bench-factsheet``): the practical limit of a
columnar engine on this machine. The table shows the median of the runs, the DuckDB time,
the ratio, and whether both gave the same figures (they must).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import describe  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "grip_bench"
URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
PARQUET = ROOT / "var" / "bench-factsheet"
RESPONSES = 1_500_000
PERSONS = 600_000
FIRST_DAY, LAST_DAY = dt.date(2016, 1, 1), dt.date(2025, 12, 31)
ONE_YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
GOALS_MS = {"one programme, one year": 200, "national, ten years": 3000}
MARKER = "bench-fs-vr25"  # the last programme the fill creates: present = the set is complete


def psql(sql: str, database: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAqc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def manage(*args: str) -> None:
    env = {**os.environ, "DATABASE_URL": URL, "GRIP_DEBUG": "0"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(rebuild: bool) -> None:
    """The database, migrated, with the reference data and (once) the synthetic set."""
    if rebuild:
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        for stale in PARQUET.glob("*"):
            stale.unlink()
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
        psql(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--no-input", "-v0")
    if psql(f"SELECT 1 FROM network_programme WHERE slug = '{MARKER}'", DATABASE):
        print(f"reusing the synthetic set in database {DATABASE}")
        manage("refresh_facts")  # when a new migration marked them: not timed below
        return
    manage("load_reference")
    started = time.perf_counter()
    fill()
    print(f"generated {RESPONSES:,} responses in {time.perf_counter() - started:.0f} s")
    for stale in PARQUET.glob("*"):
        stale.unlink()
    started = time.perf_counter()
    manage("refresh_facts")
    print(f"factsheet facts built in {time.perf_counter() - started:.0f} s (once, not timed below)")


# Weights of the programmes: the Hotspot gets Groningen's share of the country (about 2%,
# some 3,000 responses a year), the three other reference programmes 1% each, and 25
# invented regional programmes share the rest.
FILL_SQL = """
-- Generated rows only reference rows made in this same transaction: skip the per-row
-- foreign-key triggers, which would otherwise queue tens of millions of checks for COMMIT.
SET session_replication_role = replica;
SELECT setseed(0.2026);
INSERT INTO network_programme (slug, name, description, starts_on)
SELECT 'bench-fs-vr' || lpad(g::text, 2, '0'), 'Benchmark regio ' || lpad(g::text, 2, '0'),
       '', DATE '2016-01-01'
FROM generate_series(1, 25) g;

CREATE TEMP TABLE bench_weight AS
SELECT p.id, CASE WHEN p.slug = 'groninger-hotspot' THEN 2.0
                  WHEN p.slug LIKE 'bench-fs-%%' THEN 95.0 / 25 ELSE 1.0 END AS weight
FROM network_programme p;
CREATE TEMP TABLE bench_programme AS
SELECT id, (SUM(weight) OVER (ORDER BY id) - weight) / SUM(weight) OVER () AS lo,
       SUM(weight) OVER (ORDER BY id) / SUM(weight) OVER () AS hi
FROM bench_weight;

INSERT INTO people_person (display_key, created_at)
SELECT 'P-F' || lpad(g::text, 7, '0'), now() FROM generate_series(1, %(persons)s) g;
-- Incidents per person as nationally: most once, a tenth 2–9 times, 2%% ten or more.
CREATE TEMP TABLE bench_person AS
SELECT id, random() AS home_draw,
       CASE WHEN draw < 0.88 THEN 1 WHEN draw < 0.98 THEN 2 + floor(random() * 8)::int
            ELSE 10 + floor(random() * 31)::int END AS incidents
FROM (SELECT id, random() AS draw FROM people_person WHERE display_key LIKE 'P-F%%') s;
CREATE TEMP TABLE bench_home AS
SELECT b.id, p.id AS programme_id, b.incidents
FROM bench_person b JOIN bench_programme p ON b.home_draw >= p.lo AND b.home_draw < p.hi;
INSERT INTO people_person_programmes (person_id, programme_id)
SELECT id, programme_id FROM bench_home;

-- Every incident: its person (a quarter without one) and programme.
CREATE TEMP TABLE bench_incident AS
SELECT h.id AS person_id, h.programme_id FROM bench_home h, generate_series(1, h.incidents);
INSERT INTO bench_incident
SELECT NULL, p.id
FROM (SELECT random() AS draw
      FROM generate_series(1, GREATEST(0, %(responses)s - (SELECT count(*) FROM bench_incident)))
     ) s
JOIN bench_programme p ON s.draw >= p.lo AND s.draw < p.hi;

INSERT INTO intake_incident (programme_id, kind_id, number, reported_at, municipality_id,
                             initial_ave_level, description, person_id, created_at)
SELECT b.programme_id,
       (ARRAY[%(e33)s, %(e33)s, %(e33)s, %(e14)s, %(i28)s, %(other)s])
           [1 + floor(random() * 6)::int],
       'FB' || lpad((row_number() OVER ())::text, 8, '0'),
       date_trunc('second', TIMESTAMPTZ '2016-01-01 00:00:00+01'
                  + random() * (TIMESTAMPTZ '2026-01-01 00:00:00+01'
                                - TIMESTAMPTZ '2016-01-01 00:00:00+01')),
       %(municipality)s, NULL, '', b.person_id, now()
FROM (SELECT * FROM bench_incident LIMIT %(responses)s) b;

-- One response per incident; a few percent of every value unknown.
CREATE TEMP TABLE bench_draw AS
SELECT i.id AS incident_id, i.reported_at,
       date_trunc('second', i.reported_at + random() * interval '45 minutes') AS arrived,
       random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5,
       random() AS u6, random() AS u7, random() AS u8
FROM intake_incident i;
INSERT INTO triage_response (incident_id, police_officers, arrived_at, departed_at,
    police_departed_at, ave_on_arrival, ave_on_leaving, follow_up_needed, notes, version,
    created_at, updated_at, outcome_id, safety_person_id, safety_surroundings_id)
SELECT d.incident_id,
       CASE WHEN d.u1 < 0.92 THEN 1 + floor(d.u1 * 100)::int %% 4 END,
       CASE WHEN d.u2 < 0.95 THEN d.arrived END,
       CASE WHEN d.u2 < 0.93
            THEN date_trunc('second', d.arrived + (10 + d.u3 * 170) * interval '1 minute') END,
       CASE WHEN d.u2 < 0.93 AND d.u4 < 0.4
            THEN date_trunc('second', d.arrived + (5 + d.u3 * 80) * interval '1 minute') END,
       CASE WHEN d.u5 < 0.94 THEN (ARRAY[1, 2, 2, 3, 3, 3, 4, 4])[1 + floor(d.u6 * 8)::int] END,
       CASE WHEN d.u5 < 0.90 THEN (ARRAY[1, 1, 2, 2, 2, 3, 3, 4])[1 + floor(d.u7 * 8)::int] END,
       d.u8 < 0.2, '', 1, now(), now(),
       CASE WHEN d.u7 < 0.95 THEN (%(outcomes)s)[1 + floor(d.u3 * %(n_outcomes)s)::int] END,
       CASE WHEN d.u6 < 0.92 THEN (%(safety)s)[1 + floor(d.u4 * 4)::int] END,
       CASE WHEN d.u6 < 0.88 THEN (%(safety)s)[1 + floor(d.u1 * 4)::int] END
FROM bench_draw d;

-- Codes: each term of a vocabulary independently, less likely further down the list. The
-- draw mentions the response (``+ r.id * 0``): a condition on the term alone would be
-- evaluated once per term, giving every response the same codes.
INSERT INTO triage_response_risks (response_id, term_id)
SELECT r.id, t.id FROM triage_response r CROSS JOIN vocab_term t
WHERE t.vocabulary = 'risk' AND random() + r.id * 0 < 0.5 / (1 + t.position * 0.3);
INSERT INTO triage_response_interventions (response_id, term_id)
SELECT r.id, t.id FROM triage_response r CROSS JOIN vocab_term t
WHERE t.vocabulary = 'intervention' AND random() + r.id * 0 < 0.6 / (1 + t.position * 0.25);
INSERT INTO triage_response_bottlenecks (response_id, term_id)
SELECT r.id, t.id FROM triage_response r CROSS JOIN vocab_term t
WHERE t.vocabulary = 'bottleneck' AND random() + r.id * 0 < 0.15 / (1 + t.position * 0.2);

-- A trajectory for the responses that asked for follow-up.
INSERT INTO followup_trajectory (programme_id, person_id, response_id, incident_id, status,
    ave_level, case_organisation_id, opened_at, closed_at, closure_text,
    first_care_contact_at)
SELECT i.programme_id, i.person_id, r.id, i.id,
       CASE WHEN s.u1 < 0.6 THEN 'closed' ELSE 'open' END,
       r.ave_on_arrival,
       CASE WHEN s.u2 < 0.85 THEN %(organisation)s END,
       s.opened,
       CASE WHEN s.u1 < 0.6 THEN s.opened + (1 + s.u3 * 120) * interval '1 day' END,
       '',
       CASE WHEN s.u2 < 0.7 THEN date_trunc('second', s.opened + s.u3 * interval '20 days') END
FROM triage_response r
JOIN intake_incident i ON i.id = r.incident_id
CROSS JOIN LATERAL (SELECT COALESCE(r.arrived_at, i.reported_at) AS opened,
                           random() + r.id * 0 AS u1, random() + r.id * 0 AS u2,
                           random() + r.id * 0 AS u3) s
WHERE r.follow_up_needed;
-- The replica role above also silenced the triggers that mark responses for the factsheet's
-- facts (monitor.triggers): mark every generated response, as a restore would.
INSERT INTO monitor_stalefact (response_id) SELECT id FROM triage_response;
"""


def fill() -> None:
    import psycopg

    with psycopg.connect(URL.replace("postgres://", "postgresql://")) as conn:
        cur = conn.cursor()

        def one(sql: str) -> Any:
            cur.execute(sql)
            row = cur.fetchone()
            assert row is not None, sql
            return row[0]

        def term(vocabulary: str, code: str) -> int:
            sql = f"SELECT id FROM vocab_term WHERE vocabulary = '{vocabulary}' AND code = '{code}'"
            return int(one(sql))

        outcomes = [
            row[0]
            for row in cur.execute(
                "SELECT id FROM vocab_term WHERE vocabulary = 'outcome' ORDER BY position"
            ).fetchall()
        ]
        safety = [term("safety", code) for code in ("none", "limited", "reasonable", "full")]
        parameters = {
            "persons": PERSONS,
            "responses": RESPONSES,
            "e33": term("incident_code", "E33"),
            "e14": term("incident_code", "E14"),
            "i28": term("incident_code", "I28"),
            "other": term("incident_code", "OTHER"),
            "municipality": one("SELECT id FROM network_municipality WHERE cbs_code = 'GM0014'"),
            "organisation": one("SELECT id FROM network_organisation WHERE slug = 'wij-groningen'"),
            "outcomes": "ARRAY[" + ", ".join(map(str, outcomes)) + "]",
            "n_outcomes": len(outcomes),
            "safety": "ARRAY[" + ", ".join(map(str, safety)) + "]",
        }
        # The statements are this file's own text with numbers filled in (no user input).
        for statement in (FILL_SQL % parameters).split(";\n"):
            if statement.strip():
                cur.execute(statement.encode())
        conn.commit()
    psql("VACUUM ANALYZE", DATABASE)


# ---------------------------------------------------------------------------------------------
# The Parquet copy and DuckDB's figures


PARQUET_QUERIES = {
    "responses": """
        SELECT r.id, i.programme_id,
               (i.reported_at AT TIME ZONE 'Europe/Amsterdam')::date AS local_date,
               i.person_id, r.ave_on_arrival, sp.code AS safety_person,
               ss.code AS safety_surroundings, o.code AS outcome, r.police_officers,
               extract(epoch FROM i.reported_at)::bigint AS reported_s,
               extract(epoch FROM r.arrived_at)::bigint AS arrived_s,
               extract(epoch FROM r.departed_at)::bigint AS departed_s,
               extract(epoch FROM r.police_departed_at)::bigint AS police_departed_s
        FROM triage_response r JOIN intake_incident i ON i.id = r.incident_id
        LEFT JOIN vocab_term sp ON sp.id = r.safety_person_id
        LEFT JOIN vocab_term ss ON ss.id = r.safety_surroundings_id
        LEFT JOIN vocab_term o ON o.id = r.outcome_id""",
    "response_codes": """
        SELECT x.response_id, 'risk' AS vocabulary, x.term_id FROM triage_response_risks x
        UNION ALL
        SELECT x.response_id, 'intervention', x.term_id FROM triage_response_interventions x
        UNION ALL
        SELECT x.response_id, 'bottleneck', x.term_id FROM triage_response_bottlenecks x""",
    "trajectories": """
        SELECT response_id, status, case_organisation_id IS NOT NULL AS with_direction_holder,
               extract(epoch FROM first_care_contact_at)::bigint AS first_care_s
        FROM followup_trajectory WHERE response_id IS NOT NULL""",
    "terms": "SELECT id, vocabulary, code, label, position FROM vocab_term",
    "programmes": "SELECT id, slug FROM network_programme",
}


def parquet_copy() -> None:
    """Each table once from PostgreSQL (COPY … TO STDOUT as CSV) into Parquet via DuckDB."""
    import duckdb
    import psycopg

    PARQUET.mkdir(parents=True, exist_ok=True)
    if all((PARQUET / f"{name}.parquet").exists() for name in PARQUET_QUERIES):
        return
    started = time.perf_counter()
    with psycopg.connect(URL.replace("postgres://", "postgresql://")) as conn:
        cur = conn.cursor()
        for name, query in PARQUET_QUERIES.items():
            csv_path = PARQUET / f"{name}.csv"
            with (
                csv_path.open("wb") as out,
                cur.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)".encode()) as copy,
            ):
                for block in copy:
                    out.write(block)
            duckdb.sql(
                f"COPY (SELECT * FROM read_csv('{csv_path}', header = true)) "
                f"TO '{PARQUET / name}.parquet' (FORMAT parquet)"
            )
            csv_path.unlink()
    print(f"Parquet copy made in {time.perf_counter() - started:.0f} s")


def duckdb_figures(con: Any, programme_id: int | None, start: dt.date, end: dt.date) -> dict:
    """The same v1 figures as ``grip.monitor.indicators.factsheet``, straight from Parquet."""
    where = f"local_date BETWEEN DATE '{start}' AND DATE '{end}'"
    if programme_id is not None:
        where += f" AND programme_id = {programme_id}"
    p = PARQUET
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW scope AS SELECT * FROM '{p}/responses.parquet' WHERE {where}"
    )

    def share(count: int, known: int) -> float | None:
        return count / known if known else None

    def rows(sql: str) -> list[tuple]:
        return con.execute(sql).fetchall()

    situations = rows("SELECT count(*) FROM scope")[0][0]
    ave_counts = dict(rows("SELECT ave_on_arrival, count(*) FROM scope GROUP BY 1"))
    ave_known = sum(v for k, v in ave_counts.items() if k is not None)
    ave: dict[str, Any] = {
        str(level): {
            "count": ave_counts.get(level, 0),
            "share": share(ave_counts.get(level, 0), ave_known),
        }
        for level in (1, 2, 3, 4)
    }
    ave["unknown"] = {"count": ave_counts.get(None, 0)}

    def safety(column: str) -> dict[str, Any]:
        counts = dict(rows(f"SELECT {column}, count(*) FROM scope GROUP BY 1"))
        scale = ("none", "limited", "reasonable", "full")
        known = sum(counts.get(code, 0) for code in scale)
        figure: dict[str, Any] = {
            code: {"count": counts.get(code, 0), "share": share(counts.get(code, 0), known)}
            for code in scale
        }
        figure["unknown"] = {"count": counts.get(None, 0)}
        figure["reasonable_or_full_share"] = share(
            counts.get("reasonable", 0) + counts.get("full", 0), known
        )
        return figure

    def top(vocabulary: str) -> list[dict[str, Any]]:
        found = rows(
            f"SELECT t.code, t.label, count(DISTINCT c.response_id) AS n "
            f"FROM '{p}/response_codes.parquet' c JOIN '{p}/terms.parquet' t ON t.id = c.term_id "
            f"WHERE c.vocabulary = '{vocabulary}' AND c.response_id IN (SELECT id FROM scope) "
            f"GROUP BY t.code, t.label, t.position ORDER BY n DESC, t.position, t.code LIMIT 3"
        )
        return [{"code": code, "label": label, "count": n} for code, label, n in found]

    police = rows(
        "SELECT sum(m), median(m), count(m) FROM (SELECT police_officers * "
        "floor((coalesce(police_departed_s, departed_s) - arrived_s) / 60)::bigint AS m FROM scope "
        "WHERE police_officers IS NOT NULL AND arrived_s IS NOT NULL "
        "AND coalesce(police_departed_s, departed_s) IS NOT NULL)"
    )[0]
    on_site = rows(
        "SELECT median(floor((departed_s - arrived_s) / 60)), count(*) FROM scope "
        "WHERE arrived_s IS NOT NULL AND departed_s IS NOT NULL"
    )[0]
    persons = rows(
        "SELECT count(*), count(*) FILTER (WHERE n >= 2), "
        "coalesce(sum(n) FILTER (WHERE n >= 2), 0) "
        "FROM (SELECT person_id, count(*) AS n FROM scope WHERE person_id IS NOT NULL GROUP BY 1)"
    )[0]
    unknown_persons = rows("SELECT count(*) FROM scope WHERE person_id IS NULL")[0][0]
    outcome_counts = dict(rows("SELECT outcome, count(*) FROM scope GROUP BY 1"))
    outcome_codes = [
        code for (code,) in rows(
            f"SELECT code FROM '{p}/terms.parquet' WHERE vocabulary = 'outcome' ORDER BY position"
        )
    ]  # fmt: skip
    outcomes: dict[str, Any] = {
        code: {"count": outcome_counts.get(code, 0)} for code in outcome_codes
    }
    outcomes["unknown"] = {"count": outcome_counts.get(None, 0)}
    follow = rows(
        "SELECT count(DISTINCT t.response_id), count(*) FILTER (WHERE with_direction_holder), "
        "count(*) FILTER (WHERE status = 'closed'), count(first_care_s), "
        "median(floor((first_care_s - coalesce(s.arrived_s, s.reported_s)) / 60)) "
        f"FROM '{p}/trajectories.parquet' t JOIN scope s ON s.id = t.response_id"
    )[0]
    return {
        "situations": situations,
        "ave_levels": ave,
        "safety": {
            "person": safety("safety_person"),
            "surroundings": safety("safety_surroundings"),
        },
        "top_risks": top("risk"),
        "top_interventions": top("intervention"),
        "top_bottlenecks": top("bottleneck"),
        "police_minutes": {
            "total": int(police[0] or 0),
            "median": None if police[1] is None else float(police[1]),
            "responses_measured": police[2],
        },
        "on_site_minutes": {
            "median": None if on_site[0] is None else float(on_site[0]),
            "responses_measured": on_site[1],
        },
        "persons": {
            "distinct": persons[0],
            "repeat_persons": persons[1],
            "responses_of_repeat_persons": int(persons[2]),
            "unknown": {"count": unknown_persons},
        },
        "outcomes": outcomes,
        "follow_up": {
            "responses_with_trajectory": follow[0],
            "with_direction_holder": follow[1],
            "closed": follow[2],
            "time_to_care": {
                "median_days": None if follow[4] is None else float(follow[4]) / 1440,
                "trajectories_measured": follow[3],
            },
        },
    }


# ---------------------------------------------------------------------------------------------
# Timing


def timed(runs: int, compute: Callable[[], Any]) -> tuple[list[float], Any]:
    result, timings = None, []
    for _ in range(runs):
        started = time.perf_counter()
        result = compute()
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


def same_figures(grip: dict[str, Any], duck: dict[str, Any]) -> bool:
    """Every figure DuckDB computed equals Grip's (shares and medians to 1e-9)."""

    def close(a: Any, b: Any) -> bool:
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
        if isinstance(a, float) or isinstance(b, float):
            return a is not None and b is not None and abs(a - b) < 1e-9
        return a == b

    return all(close(grip[key], duck[key]) for key in duck)


def measure(runs: int) -> None:
    import duckdb

    os.environ["DATABASE_URL"] = URL
    os.environ["GRIP_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grip.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from grip.monitor.indicators import factsheet, national_factsheet
    from grip.network.models import Programme
    from grip.people.recurrence import Scope

    hotspot = Programme.objects.get(slug="groninger-hotspot")
    con = duckdb.connect()
    cases = {
        "one programme, one year": (
            lambda: json.dumps(factsheet(Scope(hotspot, *ONE_YEAR))),
            lambda: json.dumps(duckdb_figures(con, hotspot.pk, *ONE_YEAR)),
        ),
        "national, ten years": (
            lambda: json.dumps(national_factsheet(FIRST_DAY, LAST_DAY)),
            lambda: json.dumps(duckdb_figures(con, None, FIRST_DAY, LAST_DAY)),
        ),
    }
    lines = []
    for name, (grip_json, duck_json) in cases.items():
        grip_ms, grip_out = timed(runs, grip_json)
        duck_ms, duck_out = timed(runs, duck_json)
        figures = json.loads(grip_out)
        equal = same_figures(figures, json.loads(duck_out))
        grip_median, duck_median = statistics.median(grip_ms), statistics.median(duck_ms)
        lines.append(
            (
                name,
                f"{figures['situations']:,}",
                f"{grip_median:,.0f}",
                f"{min(grip_ms):,.0f}–{max(grip_ms):,.0f}",
                f"{duck_median:,.0f}",
                f"{grip_median / duck_median:.1f}×",
                f"< {GOALS_MS[name]:,}",
                "yes" if grip_median < GOALS_MS[name] else "NO",
                "yes" if equal else "NO",
            )
        )
    header = (
        "factsheet (JSON)", "responses", "Grip ms", "range", "DuckDB ms", "ratio", "goal ms",
        "goal met", "same figures",
    )  # fmt: skip
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    print()
    for row in [header, tuple("-" * w for w in widths), *lines]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        f"median of {runs} runs each (PostgreSQL via Django vs DuckDB over Parquet); "
        "the machine is shared, so compare runs, not single numbers."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode:
        print("PostgreSQL is not reachable on 127.0.0.1:5432: factsheet benchmark skipped.")
        return
    prepare(args.rebuild)
    parquet_copy()
    measure(args.runs)
    print(describe())


if __name__ == "__main__":
    main()
