"""The rows of a research export: pseudonymised, coarse in time, rare combinations generalised.

What leaves Grip (ADR 0020):

- no identifying field (names, dates of birth, BSN, addresses live in ``people`` and are never
  read here), no incident number, no database id, no display key, no free text (notes,
  descriptions, closure explanations, contact results);
- person, response and trajectory keys drawn afresh per export: HMAC-SHA256 of the row's id
  under a random secret that exists only in memory while the export is made, so two exports
  of the same data share no key and no key leads back into Grip;
- dates as month and quarter (local, Europe/Amsterdam), durations as whole minutes;
- a response whose (municipality, month, incident code) occurs fewer than ``threshold``
  times in the export loses its municipality, then its month, then its incident code, until
  its combination is common enough (``generalisation`` says how far it went);
- rows ordered by quarter and then by their random key, so the order reveals no date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from grip.followup.models import Trajectory
from grip.monitor.indicators import responses_in
from grip.monitor.research.dictionary import CODE_SEPARATOR
from grip.network.models import Programme
from grip.people.recurrence import Scope
from grip.triage.models import Response

KEY_LENGTH = 20  # hex digits: 80 bits, collisions within one export are negligible


class Rekeyer:
    """Fresh pseudonymous keys for one export; the secret is never stored or shown."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)
        # Whose rows the export holds: for the access log (never written into the export).
        self.person_ids: set[int] = set()

    def key(self, kind: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        if kind == "person":
            self.person_ids.add(pk)
        message = f"{kind}:{pk}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:KEY_LENGTH]


@dataclass
class ResearchData:
    programme: Programme
    date_from: dt.date
    date_to: dt.date
    threshold: int
    generated_at: dt.datetime
    responses: list[dict[str, Any]] = field(default_factory=list)
    trajectories: list[dict[str, Any]] = field(default_factory=list)
    # The persons whose rows are in the export (ids; only for the access log).
    person_ids: frozenset[int] = frozenset()


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment, zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _month(moment: dt.datetime) -> str:
    return _local(moment).strftime("%Y-%m")


def _quarter(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    local = _local(moment)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def _minutes(end: dt.datetime | None, start: dt.datetime | None) -> int | None:
    """Whole minutes, seconds dropped (as ``grip.monitor.sql.WholeMinutes``)."""
    if end is None or start is None:
        return None
    return int((end - start).total_seconds() // 60)


def _codes(responses: QuerySet[Response], relation: str) -> dict[int, str]:
    """Per response id: its codes of ``relation`` joined by ``|``, in vocabulary order."""
    through = getattr(Response, relation).through
    pairs = (
        through.objects.filter(response__in=responses.values("pk"))
        .order_by("term__position", "term__code")
        .values_list("response_id", "term__code")
    )
    joined: dict[int, list[str]] = {}
    for response_id, code in pairs:
        joined.setdefault(response_id, []).append(code)
    return {pk: CODE_SEPARATOR.join(codes) for pk, codes in joined.items()}


RESPONSE_FIELDS = (
    "pk",
    "incident__kind__code",
    "incident__municipality__cbs_code",
    "incident__reported_at",
    "incident__person_id",
    "ave_on_arrival",
    "ave_on_leaving",
    "police_officers",
    "arrived_at",
    "departed_at",
    "police_departed_at",
    "safety_person__code",
    "safety_surroundings__code",
    "outcome__code",
    "follow_up_needed",
    "trajectory__id",
)


def response_rows(responses: QuerySet[Response], keys: Rekeyer) -> list[dict[str, Any]]:
    codes = {
        relation: _codes(responses, relation)
        for relation in ("risks", "interventions", "bottlenecks")
    }
    rows = []
    for r in responses.order_by().values(*RESPONSE_FIELDS):
        reported = r["incident__reported_at"]
        police_left = r["police_departed_at"] or r["departed_at"]
        police_span = _minutes(police_left, r["arrived_at"])
        rows.append(
            {
                "response_key": keys.key("response", r["pk"]),
                "person_key": keys.key("person", r["incident__person_id"]),
                "incident_code": r["incident__kind__code"],
                "municipality": r["incident__municipality__cbs_code"],
                "reported_quarter": _quarter(reported),
                "reported_month": _month(reported),
                "generalisation": 0,
                "ave_on_arrival": r["ave_on_arrival"],
                "ave_on_leaving": r["ave_on_leaving"],
                "police_officers": r["police_officers"],
                "minutes_to_arrival": _minutes(r["arrived_at"], reported),
                "on_site_minutes": _minutes(r["departed_at"], r["arrived_at"]),
                "police_minutes": (
                    None
                    if police_span is None or r["police_officers"] is None
                    else r["police_officers"] * police_span
                ),
                "safety_person": r["safety_person__code"],
                "safety_surroundings": r["safety_surroundings__code"],
                "outcome": r["outcome__code"],
                "follow_up_needed": r["follow_up_needed"],
                "risks": codes["risks"].get(r["pk"], ""),
                "interventions": codes["interventions"].get(r["pk"], ""),
                "bottlenecks": codes["bottlenecks"].get(r["pk"], ""),
                "has_trajectory": r["trajectory__id"] is not None,
            }
        )
    return rows


# Generalisation steps, coarsest last: the quasi-identifiers each step still shows, and what
# it withholds. A row takes the first step whose combination occurs at least ``threshold``
# times in the export (counted over every row that could match it); the last step always.
STEPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("municipality", "reported_month", "incident_code"), ()),
    (("reported_month", "incident_code"), ("municipality",)),
    (("reported_quarter", "incident_code"), ("municipality", "reported_month")),
    (("reported_quarter",), ("municipality", "reported_month", "incident_code")),
)


def generalise(rows: list[dict[str, Any]], threshold: int) -> None:
    """Withhold quasi-identifiers of rows whose combination is rarer than ``threshold``."""
    counts = [Counter(tuple(row[c] for c in shown) for row in rows) for shown, _ in STEPS]
    for row in rows:
        for level, (shown, withheld) in enumerate(STEPS):
            last = level == len(STEPS) - 1
            if last or counts[level][tuple(row[c] for c in shown)] >= threshold:
                for column in withheld:
                    row[column] = None
                row["generalisation"] = level
                break


TRAJECTORY_FIELDS = (
    "pk",
    "response_id",
    "person_id",
    "status",
    "ave_level",
    "case_organisation__kind",
    "process_organisation__kind",
    "closure_reason__code",
    "opened_at",
    "closed_at",
    "first_care_contact_at",
    "response__arrived_at",
    "response__incident__reported_at",
    "incident__reported_at",
)


def trajectory_rows(
    scope: Scope, responses: QuerySet[Response], keys: Rekeyer
) -> list[dict[str, Any]]:
    start, end = scope.bounds()
    trajectories = (
        Trajectory.objects.filter(
            Q(response__in=responses.values("pk"))
            | Q(
                response__isnull=True,
                programme=scope.programme,
                opened_at__gte=start,
                opened_at__lt=end,
            )
        )
        .order_by()
        .values(*TRAJECTORY_FIELDS)
        .annotate(
            n_contacts=Count("contacts"),
            n_with_peer_expert=Count("contacts", filter=Q(contacts__with_peer_expert=True)),
        )
    )
    rows = []
    for t in trajectories:
        care_from = (
            t["response__arrived_at"]
            or t["response__incident__reported_at"]
            or t["incident__reported_at"]
        )
        rows.append(
            {
                "trajectory_key": keys.key("trajectory", t["pk"]),
                "response_key": keys.key("response", t["response_id"]),
                "person_key": keys.key("person", t["person_id"]),
                "opened_quarter": _quarter(t["opened_at"]),
                "closed_quarter": _quarter(t["closed_at"]),
                "status": t["status"],
                "ave_level": t["ave_level"],
                "case_organisation_kind": t["case_organisation__kind"],
                "process_organisation_kind": t["process_organisation__kind"],
                "closure_reason": t["closure_reason__code"],
                "days_open": (
                    None if t["closed_at"] is None else (t["closed_at"] - t["opened_at"]).days
                ),
                "minutes_to_first_care_contact": _minutes(t["first_care_contact_at"], care_from),
                "contacts": t["n_contacts"],
                "contacts_with_peer_expert": t["n_with_peer_expert"],
            }
        )
    return rows


def _random_order(rows: list[dict[str, Any]], period: str, key: str) -> list[dict[str, Any]]:
    ordering: Callable[[dict[str, Any]], tuple[str, str]] = lambda row: (  # noqa: E731
        row[period] or "",
        row[key] or "",
    )
    return sorted(rows, key=ordering)


def research_data(
    programme: Programme, date_from: dt.date, date_to: dt.date, threshold: int
) -> ResearchData:
    """Every row of the export for ``programme`` and the local dates ``date_from``..``date_to``."""
    scope = Scope(programme, date_from, date_to)
    responses = responses_in(scope)
    keys = Rekeyer()
    response_list = response_rows(responses, keys)
    generalise(response_list, threshold)
    for row in response_list:
        row["programme"] = programme.slug
    trajectory_list = trajectory_rows(scope, responses, keys)
    for row in trajectory_list:
        row["programme"] = programme.slug
    return ResearchData(
        programme=programme,
        date_from=date_from,
        date_to=date_to,
        threshold=threshold,
        generated_at=timezone.now(),
        responses=_random_order(response_list, "reported_quarter", "response_key"),
        trajectories=_random_order(trajectory_list, "opened_quarter", "trajectory_key"),
        person_ids=frozenset(keys.person_ids),
    )
