"""Persons (betrokkenen) the reports are about, known by a pseudonymous display key.

Screens show only the key. Identifying data (name, date of birth, BSN, address) and keyed
pseudonyms for linking come with the persons issue; this model is the anchor they attach to.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.access.policy import DataClass
from grip.access.scoping import ScopedQuerySet
from grip.network.models import Programme

# Crockford's base32 without I, L, O, U: no letters that read as digits or words.
KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_PREFIX = "P-"
KEY_LENGTH = 8  # 32**8 ≈ 10**12 keys: collisions are rare and retried


def new_display_key() -> str:
    # 32 symbols: the low five bits of each random byte pick one uniformly (256 = 8 × 32),
    # several times faster than secrets.choice when an import draws thousands of keys.
    body = "".join(KEY_ALPHABET[byte & 31] for byte in secrets.token_bytes(KEY_LENGTH))
    return f"{KEY_PREFIX}{body[:4]}-{body[4:]}"


class PersonQuerySet(ScopedQuerySet["Person"]):
    # A person is visible where a programme that knows them lets the user see any of its case
    # data; the key itself reveals nothing.
    programme_path = "programmes"
    path_is_many = True
    data_classes = (DataClass.POLICE, DataClass.CARE, DataClass.SOCIAL)
    person_key_path = "display_key"


class Person(models.Model):
    display_key = models.CharField(_("sleutel"), max_length=20, unique=True, editable=False)
    programmes = models.ManyToManyField(
        Programme, related_name="persons", verbose_name=_("bekend in programma's")
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    # Set when a coordinator merged this person into another (``grip.people.linking``). The row
    # stays, so that its key in old exports and log lines still leads somewhere and an undo
    # has something to give the records back to.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed_persons",
        editable=False,
        verbose_name=_("samengevoegd met"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["display_key"]
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")

    def __str__(self) -> str:
        return self.display_key


class SourceKey(models.Model):
    """A partner's own pseudonymous key for a person (exchange format ``person_key``).

    The same key from the same programme's files always means the same person; keys are never
    compared across programmes, since two sources may reuse a key for different people.
    """

    # The unique (programme, key) index serves lookups by programme.
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(_("sleutel bij de bron"), max_length=64)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="source_keys")

    class Meta:
        verbose_name = _("bronsleutel")
        verbose_name_plural = _("bronsleutels")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="source_key_per_programme")
        ]

    def __str__(self) -> str:
        return self.key


class PersonIdentity(models.Model):
    """Who a person is, encrypted at rest (``grip.people.identity``; ADR 0006).

    Every field is an AES-GCM token bound to this person and field; ``key_id`` names the key
    they were all made with (rotation looks for rows under other keys). ``pseudonym`` links
    records of the same person without decrypting anything. Written only through
    ``grip.people.identity.actions``; never shown without ``reveal_identity``.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="identity", verbose_name=_("betrokkene")
    )
    name_encrypted = models.TextField(_("naam (versleuteld)"), editable=False)
    date_of_birth_encrypted = models.TextField(_("geboortedatum (versleuteld)"), editable=False)
    bsn_encrypted = models.TextField(_("BSN (versleuteld)"), editable=False)
    address_encrypted = models.TextField(_("adres (versleuteld)"), editable=False)
    key_id = models.CharField(_("sleutel-id"), max_length=16, db_index=True, editable=False)
    # Null, not "", when neither a BSN nor name and date of birth are known: too little to link
    # on, and null never equals another null (a later unique or linking rule skips it).
    pseudonym = models.CharField(  # noqa: DJ001
        _("pseudoniem"), max_length=64, null=True, db_index=True, editable=False
    )
    # A second keyed blind index over normalised name + birth year (``pseudonym.name_year_index``)
    # finds the few identities that may be the same person under a different pseudonym (another
    # or a missing BSN, a typo in the day of birth); only those are decrypted to compare.
    name_year_index = models.CharField(  # noqa: DJ001
        _("index naam en geboortejaar"), max_length=64, null=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("identiteit")
        verbose_name_plural = _("identiteiten")

    def __str__(self) -> str:
        # The key only: a string form ends up in logs and admin pages.
        return f"{self.person_id}"


class MatchReason(models.TextChoices):
    """What two identities have in common; shown to the coordinator instead of the identities."""

    SAME_BSN = "same_bsn", _("zelfde BSN")
    SAME_NAME_DOB = "same_name_dob", _("zelfde naam en geboortedatum")
    NAME_DOB_BSN_MISSING = (
        "name_dob_bsn_missing",
        _("zelfde naam en geboortedatum, BSN bij één van beiden onbekend"),
    )
    NAME_DOB_OTHER_BSN = "name_dob_other_bsn", _("zelfde naam en geboortedatum, ander BSN")
    NAME_YEAR_BSN_MISSING = (
        "name_year_bsn_missing",
        _("zelfde naam en geboortejaar, BSN bij één van beiden onbekend"),
    )
    NAME_YEAR_OTHER_BSN = "name_year_other_bsn", _("zelfde naam en geboortejaar, ander BSN")
    NAME_YEAR_OTHER_DOB = (
        "name_year_other_dob",
        _("zelfde naam en geboortejaar, andere geboortedatum"),
    )


class MatchStatus(models.TextChoices):
    OPEN = "open", _("open")
    MERGED = "merged", _("samengevoegd")
    KEPT_APART = "kept_apart", _("apart gehouden")


class MatchSuggestion(models.Model):
    """Two persons who may be one, found when an identity was stored; a coordinator decides.

    The pair is stored in key order (``person_a`` has the lower id), so each pair exists once.
    A merge is recorded as a ``PersonMerge``; keeping apart is recorded here (who, when, why).
    """

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("overeenkomst"), max_length=30, choices=MatchReason.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MatchStatus.choices,
        default=MatchStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("gevonden op"), auto_now_add=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decision_reason = models.TextField(_("reden"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("mogelijke koppeling")
        verbose_name_plural = _("mogelijke koppelingen")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="match_pair_once"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="match_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id}"


class PersonMerge(models.Model):
    """One merge of ``absorbed`` into ``survivor``, and exactly which rows it moved.

    ``moved`` reads ``{"rows": [{"model": "intake.incident", "field": "person", "pks": [..]}],
    "programmes_added": [..], "programmes_removed": [..]}``: enough for an undo to give back
    those rows and no others. An undo fills the ``undone_*`` fields once; the row is history.
    """

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("blijft")
    )
    absorbed = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("opgegaan in")
    )
    suggestion = models.ForeignKey(
        MatchSuggestion, on_delete=models.PROTECT, null=True, related_name="merges"
    )
    merged_at = models.DateTimeField(_("samengevoegd op"), auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.TextField(_("reden"))
    moved = models.JSONField(_("verplaatst"), default=dict, editable=False)
    undone_at = models.DateTimeField(_("ongedaan gemaakt op"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    undo_reason = models.TextField(_("reden ongedaan maken"), blank=True)
    restored = models.JSONField(_("teruggezet"), default=dict, editable=False)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("samenvoeging")
        verbose_name_plural = _("samenvoegingen")

    def __str__(self) -> str:
        return f"{self.absorbed_id}→{self.survivor_id}"
