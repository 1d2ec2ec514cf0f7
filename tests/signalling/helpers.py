"""Users and signals for the signalling tests: workers of the three early-signalling
programmes (and the Hotspot), as ``SIGNALS.md`` names them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from grip.network.models import Membership, Municipality, Organisation, Programme, Role
from grip.signalling.actions import SignalData, register_signal
from grip.signalling.models import Signal
from grip.vocab.models import Term, Vocabulary

# programme slug -> (worker's organisation, a municipality of the programme)
PROGRAMMES: dict[str, tuple[str, str]] = {
    "groninger-hotspot": ("wij-groningen", "GM0014"),
    "groninger-vroegsignalering": ("oggz-groningen", "GM0014"),
    "wijk-ggd": ("ggd-groningen", "GM1969"),
    "vroegsignalering-oost-groningen": ("lokale-teams-oost-groningen", "GM0037"),
}


def member(username: str, role: Role, organisation: str, *programmes: str) -> Any:
    user = get_user_model().objects.create_user(username=username, password="x")
    membership = Membership.objects.create(
        user=user, organisation=Organisation.objects.get(slug=organisation), role=role
    )
    membership.programmes.set(Programme.objects.filter(slug__in=programmes))
    return user


def worker(slug: str, username: str = "") -> Any:
    organisation, _cbs = PROGRAMMES[slug]
    return member(username or f"worker-{slug}", Role.FOLLOWUP_WORKER, organisation, slug)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


def signal_data(slug: str, **fields: Any) -> SignalData:
    _organisation, cbs = PROGRAMMES[slug]
    values: dict[str, Any] = {
        "programme": Programme.objects.get(slug=slug),
        "source": term(Vocabulary.SIGNAL_SOURCE, "gp"),
        "received_at": timezone.now() - dt.timedelta(days=1),
        "municipality": Municipality.objects.get(cbs_code=cbs),
    }
    values.update(fields)
    return SignalData(**values)


def make_signal(actor: Any, slug: str, **fields: Any) -> Signal:
    return register_signal(actor, signal_data(slug, **fields))
