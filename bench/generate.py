"""A streaming generator of synthetic, valid exchange-format v1 situations.

Invented data only: incident numbers ``BENCH-0000001``, pseudonymous person keys ``K000123``,
no names, notes from a short list of made-up sentences. Persons are drawn with a heavy tail
(most appear once, a few keep coming back), as nationally. Deterministic per seed.

    python bench/generate.py 150000 > situations.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Iterator
from typing import TextIO
from zoneinfo import ZoneInfo

COLUMNS = (
    "incident_number",
    "incident_code",
    "programme",
    "municipality",
    "area",
    "reported_at",
    "arrived_at",
    "departed_at",
    "police_departed_at",
    "police_officers",
    "ave_level",
    "person_key",
    "risks",
    "interventions",
    "bottlenecks",
    "safety_person",
    "safety_surroundings",
    "outcome",
    "follow_up",
    "notes",
)

# (programme slug, weight, codes, [(CBS code, area slug or "")]) from the reference data.
PROGRAMMES = (
    (
        "groninger-hotspot",
        60,
        ("E33", "E33", "E33", "E14", "OTHER"),
        [("GM0014", "centrum"), ("GM0014", "noordelijke-wijken"), ("GM0014", "")],
    ),
    ("groninger-vroegsignalering", 20, ("I28", "I28", "OTHER"), [("GM0014", "")]),
    (
        "wijk-ggd",
        12,
        ("E33", "I28", "E14"),
        [(code, "") for code in ("GM1969", "GM1966", "GM1979", "GM1950", "GM1952")],
    ),
    (
        "vroegsignalering-oost-groningen",
        8,
        ("I28", "E33"),
        [(code, "") for code in ("GM0037", "GM0047", "GM0765", "GM1895")],
    ),
)
RISKS = [
    "verbal_aggression",
    "physical_aggression",
    "suicide_attempt",
    "self_harm",
    "self_neglect",
    "intoxication",
    "psychosis",
    "weapon",
    "fire_hazard",
    "nuisance",
    "wandering",
    "domestic_tension",
    "victimisation",
    "other",
]
INTERVENTIONS = [
    "state_assessed",
    "risks_assessed",
    "deescalated",
    "chain_connected",
    "network_involved",
    "crisis_service",
    "gp_contacted",
    "treatment_contacted",
    "oggz_reported",
    "social_team_referred",
    "peer_expert",
    "forensic_consulted",
    "transport_assessment",
    "wvggz_crisis",
    "police_intervention",
    "no_action",
]
BOTTLENECKS = [
    "no_police_report",
    "assessment_intoxicated",
    "no_bed",
    "no_direction",
    "care_avoidance",
    "information_sharing",
    "waiting_list",
    "other",
]
SAFETY = ("none", "limited", "reasonable", "full")
OUTCOMES = [
    "stayed_home",
    "home_with_follow_up",
    "voluntary_care",
    "crisis_assessment",
    "compulsory_care",
    "police_custody",
    "hospital",
    "shelter",
    "other",
]
NOTES = (
    "",
    "",
    "",
    "Synthetische notitie: betrokkene rustig na gesprek.",
    "Synthetische notitie: netwerk ingeschakeld, zus komt langs.",
    'Synthetische notitie: afspraak met wijkteam gemaakt; "opvolging" gewenst.',
    "- synthetische notitie die met een streepje begint",
)
START = dt.datetime(2024, 12, 31, 23, 0, tzinfo=dt.UTC)
LOCAL = ZoneInfo("Europe/Amsterdam")


def rows(count: int, seed: int = 2026) -> Iterator[list[str]]:
    """``count`` valid data rows, one at a time (constant memory)."""
    rng = random.Random(seed)
    persons = max(1, count // 3)
    weights = [w for _slug, w, _codes, _places in PROGRAMMES]
    for number in range(1, count + 1):
        slug, _w, codes, places = rng.choices(PROGRAMMES, weights)[0]
        municipality, area = rng.choice(places)
        reported = START + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        arrived = reported + dt.timedelta(minutes=rng.randrange(5, 90))
        departed = arrived + dt.timedelta(minutes=rng.randrange(10, 240))
        police_left = (
            arrived + dt.timedelta(minutes=rng.randrange(0, 60)) if rng.random() < 0.3 else None
        )
        # Heavy tail: low person numbers are drawn far more often.
        person = int(persons * rng.random() ** 3)
        note = rng.choice(NOTES)
        yield [
            f"BENCH-{number:07d}",
            rng.choice(codes),
            slug,
            municipality,
            area,
            _local(reported),
            _local(arrived),
            _local(departed),
            _local(police_left) if police_left else "",
            str(rng.randrange(0, 5)),
            str(rng.randint(1, 4)) if rng.random() < 0.9 else "",
            f"K{person:06d}" if rng.random() < 0.85 else "",
            "|".join(rng.sample(RISKS, rng.randrange(0, 4))),
            "|".join(rng.sample(INTERVENTIONS, rng.randrange(0, 4))),
            "|".join(rng.sample(BOTTLENECKS, rng.randrange(0, 2))),
            rng.choice(SAFETY),
            rng.choice(SAFETY),
            rng.choice(OUTCOMES),
            rng.choice(("yes", "no", "no", "")),
            "'" + note if note.startswith("-") else note,  # neutralised, as the export writes
        ]


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(LOCAL).isoformat()


def write(out: TextIO, count: int, seed: int = 2026) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows(count, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    sys.stdout.reconfigure(newline="")  # type: ignore[attr-defined]
    write(sys.stdout, arguments.rows, arguments.seed)


if __name__ == "__main__":
    main()
