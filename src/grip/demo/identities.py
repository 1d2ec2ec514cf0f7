"""Invented identities for the demo's Hotspot persons, so the reveal can be shown.

Names are drawn from short lists of common Dutch first names and surnames and combined at
random: invented people. BSNs are generated in the 999 range (used for test persons, not
residents) and pass the eleven-test; addresses are on a street that does not exist.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from grip.people.identity.actions import set_identity
from grip.people.models import Person

FIRST_NAMES = ("Anouk", "Bas", "Daan", "Eva", "Fleur", "Jeroen", "Kim", "Lars", "Mila", "Niels",
               "Roos", "Sanne", "Thijs", "Vera", "Wouter", "Yara")  # fmt: skip
SURNAMES = ("Bosma", "Dekker", "Hoekstra", "Jansma", "Kuipers", "Meijer", "Postma", "Smits",
            "Veenstra", "Wierenga", "Zijlstra", "Brouwer")  # fmt: skip
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def synthetic_bsn(rng: random.Random) -> str:
    """A BSN in the 999 test range that passes the eleven-test."""
    while True:
        first = "999" + "".join(str(rng.randrange(10)) for _ in range(5))
        check = sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11
        if check <= 9:
            return f"{first}{check}"


def generate_demo_identities(coordinator: Any, programme_slug: str = "groninger-hotspot") -> int:
    """Give each demo person of the programme without an identity an invented one."""
    persons = Person.objects.filter(
        programmes__slug=programme_slug, identity__isnull=True, merged_into__isnull=True
    ).order_by("pk")
    made = 0
    for person in persons:
        rng = random.Random(person.display_key)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
        set_identity(
            coordinator,
            person,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            date_of_birth=born,
            bsn=synthetic_bsn(rng),
            address=f"Denkbeeldige Laan {rng.randint(1, 250)}, Groningen",
        )
        made += 1
    return made
