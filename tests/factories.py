"""factory_boy factories for case data; reference data comes from load_reference."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from grip.intake.models import Incident
from grip.network.models import Municipality, Programme
from grip.people.models import Person, new_display_key
from grip.vocab.models import Term, Vocabulary


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    display_key = factory.LazyFunction(new_display_key)

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create and extracted:
            self.programmes.add(*extracted)


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    programme = factory.LazyFunction(lambda: Programme.objects.get(slug="groninger-hotspot"))
    kind = factory.LazyFunction(
        lambda: Term.objects.get(vocabulary=Vocabulary.INCIDENT_CODE, code="E33")
    )
    number = factory.Sequence(lambda n: f"T{n:06d}")
    reported_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(cbs_code="GM0014"))
    initial_ave_level = 3
    description = "Synthetische testmelding."


def _signal_state(signal: object) -> str:
    """The state that the signal's recorded times say (new → picked_up → closed)."""
    from grip.signalling.models import SignalState

    if getattr(signal, "closed_at", None) is not None:
        return SignalState.CLOSED
    if getattr(signal, "picked_up_at", None) is not None:
        return SignalState.PICKED_UP
    return SignalState.NEW


class SignalFactory(factory.django.DjangoModelFactory):
    """A signal row as the figures read it, made with the model directly (no actions: tests of
    figures need exact times and states, not the workflow). Pass ``picked_up_at``,
    ``first_contact_at``/``first_contact_with`` and ``closed_at``/``result`` as needed; the
    state follows from them."""

    class Meta:
        model = "signalling.Signal"
        skip_postgeneration_save = True

    programme = factory.LazyFunction(
        lambda: Programme.objects.get(slug="groninger-vroegsignalering")
    )
    source = factory.LazyFunction(
        lambda: Term.objects.get(vocabulary=Vocabulary.SIGNAL_SOURCE, code="police_i28")
    )
    number = factory.Sequence(lambda n: f"S{n:06d}")
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    municipality = factory.LazyAttribute(lambda signal: signal.programme.municipalities.first())
    picked_up_at = None
    first_contact_at = None
    first_contact_with = ""
    closed_at = None
    result = None
    state = factory.LazyAttribute(_signal_state)
