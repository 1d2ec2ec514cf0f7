"""``{% may_import_signals user as flag %}``: whether to show the way to the signals upload.

A tag, so that screens of lower apps (the situations list in triage) can show the link
without importing signalling; the upload screen itself decides per programme."""

from __future__ import annotations

from typing import Any

from django import template

from grip.signalling.exchange import importable_programme_ids

register = template.Library()


@register.simple_tag
def may_import_signals(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and importable_programme_ids(user))
