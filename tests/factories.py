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
