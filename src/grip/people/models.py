"""Persons (betrokkenen) the reports are about, known by a pseudonymous display key.

Screens show only the key. Identifying data (name, date of birth, BSN, address) and keyed
pseudonyms for linking come with the persons issue; this model is the anchor they attach to.
"""

from __future__ import annotations

import secrets

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
    body = "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))
    return f"{KEY_PREFIX}{body[:4]}-{body[4:]}"


class PersonQuerySet(ScopedQuerySet["Person"]):
    # A person is visible where a programme that knows them lets the user see any of its case
    # data; the key itself reveals nothing.
    programme_path = "programmes"
    path_is_many = True
    data_classes = (DataClass.POLICE, DataClass.CARE, DataClass.SOCIAL)


class Person(models.Model):
    display_key = models.CharField(_("sleutel"), max_length=20, unique=True, editable=False)
    programmes = models.ManyToManyField(
        Programme, related_name="persons", verbose_name=_("bekend in programma's")
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

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

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
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
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("identiteit")
        verbose_name_plural = _("identiteiten")

    def __str__(self) -> str:
        # The key only: a string form ends up in logs and admin pages.
        return f"{self.person_id}"
