"""Request bodies of synthetic reports (the exchange formats' fields)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

HOTSPOT = "groninger-hotspot"


def signal_body(number: str = "WON-2026-001", **changes: Any) -> dict[str, Any]:
    received = timezone.localtime() - dt.timedelta(hours=2)
    body: dict[str, Any] = {
        "signal_number": number,
        "source": "housing",
        "programme": HOTSPOT,
        "municipality": "GM0014",
        "received_at": received.isoformat(timespec="minutes"),
        "person_key": "WON-PERSOON-7",
        "concerns": ["self_neglect", "nuisance"],
        "notes": "Synthetisch: de buren maken zich zorgen.",
    }
    body.update(changes)
    return body


def incident_body(number: str = "2026099001", **changes: Any) -> dict[str, Any]:
    reported = timezone.localtime() - dt.timedelta(hours=3)
    body: dict[str, Any] = {
        "incident_number": number,
        "incident_code": "I28",
        "programme": HOTSPOT,
        "municipality": "GM0014",
        "reported_at": reported.isoformat(timespec="minutes"),
        "ave_level": 2,
        "person_key": "POL-PERSOON-3",
    }
    body.update(changes)
    return body
