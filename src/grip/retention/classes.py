"""The retention classes: which setting holds each period, and the moment it runs from.

A class groups the kinds of record that end together (an incident and its response are one
situation: one row of the exchange format, one row of the factsheet). Each period is read from
a ``GRIP_RETENTION_*`` setting (``grip/settings.py``, defaults and legal sources in
``docs/retention.md``). The purge keeps a record while its period has not fully run: a record
whose period starts at moment *m* is expired once *m* lies before ``cutoff(now)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings


class Unit(StrEnum):
    YEARS = "years"
    DAYS = "days"


@dataclass(frozen=True)
class RetentionClass:
    code: str  # stable: it appears in access-log purposes ("retention:<code> …")
    label: str  # Dutch, for the command's output
    setting: str
    unit: Unit
    runs_from: str  # Dutch, for the command's output; docs/retention.md says it in full

    @property
    def period(self) -> int:
        return int(getattr(settings, self.setting))

    def cutoff(self, now: dt.datetime) -> dt.datetime:
        """Records whose period started before this moment have expired."""
        if self.unit is Unit.DAYS:
            return now - dt.timedelta(days=self.period)
        return years_before(now, self.period)

    def describe(self) -> str:
        unit = "jaar" if self.unit is Unit.YEARS else "dagen"
        return f"{self.period} {unit} vanaf {self.runs_from}"


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same calendar moment ``years`` earlier; 29 February becomes 28 February."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


SITUATION = RetentionClass(
    code="situation",
    label="meldingen en inzetten",
    setting="GRIP_RETENTION_SITUATION_YEARS",
    unit=Unit.YEARS,
    runs_from="de melding, of het afsluiten van het traject dat eruit volgde",
)
TRAJECTORY = RetentionClass(
    code="trajectory",
    label="opvolgtrajecten met gebeurtenissen, overdrachten, contacten en taken",
    setting="GRIP_RETENTION_TRAJECTORY_YEARS",
    unit=Unit.YEARS,
    runs_from="het afsluiten van het traject",
)
PERSON = RetentionClass(
    code="person",
    label="betrokkenen met identiteit, bronsleutels en koppelbesluiten",
    setting="GRIP_RETENTION_PERSON_YEARS",
    unit=Unit.YEARS,
    runs_from="de laatste activiteit, zodra er niets meer naar de betrokkene verwijst",
)
REFLECTION = RetentionClass(
    code="reflection",
    label="casussen, kantelmomenten, uitkomsten en acties van reflectiesessies",
    setting="GRIP_RETENTION_REFLECTION_YEARS",
    unit=Unit.YEARS,
    runs_from="de datum van de sessie",
)
ACCESS_LOG = RetentionClass(
    code="access_log",
    label="toegangslog",
    setting="GRIP_RETENTION_ACCESS_LOG_YEARS",
    unit=Unit.YEARS,
    runs_from="het moment van de toegang",
)
NOTIFICATION_LOG = RetentionClass(
    code="notification_log",
    label="verzonden overzichtsmails (notify)",
    setting="GRIP_RETENTION_NOTIFICATION_LOG_DAYS",
    unit=Unit.DAYS,
    runs_from="de dag van verzenden",
)

# NEN 7513 asks that the access log be kept at least five years; a system check refuses less.
ACCESS_LOG_MINIMUM_YEARS = 5

ALL = (SITUATION, TRAJECTORY, REFLECTION, PERSON, ACCESS_LOG, NOTIFICATION_LOG)
