"""About 500 synthetic incidents over the 12 months before today, with invented persons.

Deterministic (fixed seed) so the demo looks the same on every machine. Persons are drawn with
a heavy tail, as nationally: most appear once, a few keep coming back (elastiek-casussen).
Every incident goes through ``register_incident``, the same write path as the screens.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from grip.intake.actions import IncidentData, register_incident
from grip.intake.models import Incident
from grip.network.models import Programme
from grip.people.actions import create_person
from grip.people.models import Person
from grip.vocab.models import Term, Vocabulary

DEMO_NUMBER_PREFIX = "DEMO-"
SEED = 2026


@dataclass(frozen=True)
class ProgrammeMix:
    slug: str
    incidents: int
    persons: int
    codes: tuple[tuple[str, int], ...]  # (incident code, weight)


MIXES = (
    ProgrammeMix("groninger-hotspot", 270, 150, (("E33", 85), ("E14", 12), ("OTHER", 3))),
    ProgrammeMix("groninger-vroegsignalering", 110, 80, (("I28", 95), ("OTHER", 5))),
    ProgrammeMix("wijk-ggd", 75, 50, (("E33", 55), ("I28", 40), ("E14", 5))),
    ProgrammeMix("vroegsignalering-oost-groningen", 45, 35, (("I28", 60), ("E33", 40))),
)

DESCRIPTIONS = (
    "Melder ziet persoon verward op straat lopen, reageert niet op aanspreken.",
    "Buren horen geschreeuw en bonken in de woning.",
    "Persoon uit dreigende taal naar voorbijgangers bij de bushalte.",
    "Familie maakt zich zorgen: persoon eet en slaapt al dagen niet.",
    "Persoon staat op de brugleuning en zegt niet meer te willen leven.",
    "Overlast in portiek, persoon gooit met spullen.",
    "Zorgmelding wijkagent: woning sterk vervuild, persoon mijdt contact.",
    "Persoon onder invloed, agressief richting personeel van winkel.",
    "Persoon dwaalt 's nachts rond en weet niet waar hij woont.",
    "Huisgenoot meldt spanningen en bedreiging met een mes.",
    "Persoon hoort stemmen en voelt zich achtervolgd.",
    "Herhaalde meldingen van geluidsoverlast en verward gedrag.",
)


def demo_incidents_exist() -> bool:
    return Incident.objects.filter(number__startswith=DEMO_NUMBER_PREFIX).exists()


def generate_demo_incidents(actor: AbstractUser, today: dt.date | None = None) -> int:
    """Register the demo incidents as ``actor`` (who must be allowed to in every programme)."""
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    codes = {t.code: t for t in Term.objects.of(Vocabulary.INCIDENT_CODE)}
    number = 0
    for mix in MIXES:
        programme = Programme.objects.prefetch_related("areas", "municipalities").get(slug=mix.slug)
        persons = _person_pool(programme, mix.persons)
        municipalities = list(programme.municipalities.all())
        areas = list(programme.areas.all())
        weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(persons))]
        for _i in range(mix.incidents):
            number += 1
            code = rng.choices([c for c, _w in mix.codes], [w for _c, w in mix.codes])[0]
            area = rng.choice(areas) if areas and rng.random() < 0.9 else None
            municipality = area.municipality if area else rng.choice(municipalities)
            person = rng.choices(persons, weights)[0] if rng.random() < 0.8 else None
            register_incident(
                actor,
                IncidentData(
                    programme=programme,
                    kind=codes[code],
                    number=f"{DEMO_NUMBER_PREFIX}{number:05d}",
                    reported_at=_reported_at(rng, today),
                    municipality=municipality,
                    area=area,
                    initial_ave_level=rng.choices([None, 1, 2, 3, 4], [10, 8, 27, 40, 15])[0],
                    description=rng.choice(DESCRIPTIONS),
                ),
                person=person,
            )
    return number


def _person_pool(programme: Programme, size: int) -> list[Person]:
    return [create_person(programme) for _i in range(size)]


def _reported_at(rng: random.Random, today: dt.date) -> dt.datetime:
    """A moment in the 365 days before today; confused-behaviour reports peak in the evening."""
    day = today - dt.timedelta(days=rng.randint(1, 365))
    hour = rng.choices(
        range(24), [2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 6, 5, 4, 3]
    )[0]
    naive = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)))
    return timezone.make_aware(naive)
