"""``{{ event.role|role_label }}``: a role stored as its code (the access log keeps the code,
so the log stays true when a label changes) shown by its Dutch name."""

from __future__ import annotations

from django import template

from grip.network.models import Role

register = template.Library()


@register.filter
def role_label(code: object) -> str:
    if not code:
        return ""
    try:
        return str(Role(str(code)).label)
    except ValueError:
        return str(code)
