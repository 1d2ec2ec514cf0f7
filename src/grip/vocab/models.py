"""Controlled vocabularies: incident codes, risks, interventions, bottlenecks, outcomes …

A term's ``code`` is stable: files, figures and history refer to it. Its label may be edited
(admin). A term is never deleted; it is *retired*: old records keep showing it, new records
cannot choose it. ``position`` keeps the vocabulary's own order, which also breaks ties in the
factsheet's top threes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.TextChoices):
    INCIDENT_CODE = "incident_code", _("Meldingscodes")
    RISK = "risk", _("Veiligheidsrisico's")
    INTERVENTION = "intervention", _("Interventies")
    BOTTLENECK = "bottleneck", _("Knelpunten")
    SAFETY = "safety", _("Veiligheid bij vertrek")
    OUTCOME = "outcome", _("Uitkomsten")
    CONTACT_KIND = "contact_kind", _("Soorten contact")
    CLOSURE_REASON = "closure_reason", _("Redenen van afsluiten")
    THEME_POSITIVE = "theme_positive", _("Reflectiethema's: positief")
    THEME_LEARNING = "theme_learning", _("Reflectiethema's: leerpunt")
    SIGNAL_SOURCE = "signal_source", _("Bronnen van signalen")
    SIGNAL_CONCERN = "signal_concern", _("Zorgen in signalen")
    SIGNAL_RESULT = "signal_result", _("Resultaten van signalen")
    LIFE_DOMAIN = "life_domain", _("Leefgebieden (plan van aanpak)")
    LEGAL_BASIS = "legal_basis", _("Grondslagen voor delen")


class TermQuerySet(models.QuerySet["Term"]):
    def of(self, vocabulary: Vocabulary | str) -> TermQuerySet:
        return self.filter(vocabulary=vocabulary)

    def choosable(self) -> TermQuerySet:
        """Terms a user may pick for a new record: not retired."""
        return self.filter(retired_at__isnull=True)


class Term(models.Model):
    vocabulary = models.CharField(_("vocabulaire"), max_length=30, choices=Vocabulary.choices)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label (Engels)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"))
    retired_at = models.DateTimeField(_("buiten gebruik sinds"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "position", "code"]
        verbose_name = _("term")
        verbose_name_plural = _("termen")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_code_unique")
        ]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label_en and (get_language() or "nl").startswith("en"):
            return self.label_en
        return self.label

    @property
    def shown_code(self) -> str:
        """The code as users know it: a code of the police or care (E33, I28) as it is; a
        placeholder code without digits (OTHER) is no code to a user, so its label instead."""
        if any(character.isdigit() for character in self.code):
            return self.code
        return self.display_label

    @property
    def code_and_label(self) -> str:
        """ "E33 · overlast door …", or only the label where the code means nothing to a user."""
        if self.shown_code == self.code:
            return f"{self.code} · {self.display_label}"
        return self.display_label

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None
