"""Writes for persons."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from grip.network.models import Programme
from grip.people.models import Person, new_display_key


def create_person(programme: Programme) -> Person:
    """A new person, known in ``programme``, with a fresh unique display key."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                person = Person.objects.create(display_key=new_display_key())
        except IntegrityError:
            continue  # a key collision: draw again
        person.programmes.add(programme)
        return person
    raise RuntimeError("Could not draw a unique person key.")


def make_known_in(person: Person, programme: Programme) -> None:
    person.programmes.add(programme)
