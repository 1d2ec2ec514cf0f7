"""Load the default vocabulary (``grip.vocab.defaults``) into ``Term``; safe to run again.

Rules, so that a reload never undoes an administrator's work:

- a term is keyed by (vocabulary, code); a missing term is created with its default labels;
- the labels (``label`` and ``label_en``) are set **only when a term is created**: a label an
  administrator edited in the admin survives every reload;
- ``position`` follows the order of the defaults (10, 20, 30, …; the gaps leave room for terms an
  administrator adds) and is restored on reload;
- ``retired_at`` is never touched: a retired term stays retired;
- nothing is ever deleted; terms that are not among the defaults are left alone.
"""

from __future__ import annotations

from django.db import transaction

from grip.vocab.defaults import DEFAULT_VOCABULARY
from grip.vocab.models import Term

POSITION_STEP = 10


def load_default_vocabulary() -> dict[str, int]:
    """Create missing default terms and restore their order; return the counts."""
    counts = {"terms_created": 0, "terms_updated": 0, "terms_unchanged": 0}
    with transaction.atomic():
        for vocabulary, defaults in DEFAULT_VOCABULARY.items():
            existing = {term.code: term for term in Term.objects.of(vocabulary)}
            for index, default in enumerate(defaults, start=1):
                position = index * POSITION_STEP
                term = existing.get(default.code)
                if term is None:
                    Term.objects.create(
                        vocabulary=vocabulary,
                        code=default.code,
                        label=default.label,
                        label_en=default.label_en,
                        position=position,
                    )
                    counts["terms_created"] += 1
                elif term.position != position:
                    term.position = position
                    term.save(update_fields=["position"])
                    counts["terms_updated"] += 1
                else:
                    counts["terms_unchanged"] += 1
    return counts
