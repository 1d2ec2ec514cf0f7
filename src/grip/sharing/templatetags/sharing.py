"""The sharing records of a person, as the person page shows them (people's template loads
this tag; people's code never imports sharing)."""

from __future__ import annotations

from typing import Any

from django import template

from grip.people.models import Person
from grip.sharing.models import SharingRecord

register = template.Library()


@register.inclusion_tag("sharing/person_records.html", takes_context=True)
def sharing_records(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    records = (
        SharingRecord.objects.visible_to(user)
        .filter(person=person)
        .select_related("programme", "from_organisation", "to_organisation", "legal_basis")
    )
    return {"records": list(records)}
