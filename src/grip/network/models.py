"""Who works where: regions, municipalities, programmes and their areas, organisations,
and the memberships that give a user a role in one or more programmes.

Reference data (regions, municipalities, programmes, organisations) is public fact and holds
no person data; it is loaded by ``manage.py load_reference``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLICE = "police", _("Politie")
    MENTAL_HEALTH = "mental_health", _("GGZ")
    FORENSIC_PSYCHIATRY = "forensic_psychiatry", _("Forensische psychiatrie")
    ADDICTION_CARE = "addiction_care", _("Verslavingszorg")
    SOCIAL_TEAM = "social_team", _("Sociaal team")
    OGGZ = "oggz", _("OGGz")
    GGD = "ggd", _("GGD")
    PEER_EXPERTISE = "peer_expertise", _("Ervaringsdeskundigheid")
    FORENSIC_CONSULTATION = "forensic_consultation", _("Forensische consultatie")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    PROSECUTION = "prosecution", _("Openbaar Ministerie")
    MUNICIPALITY = "municipality", _("Gemeente")
    HOUSING = "housing", _("Woningcorporatie")
    GENERAL_PRACTICE = "general_practice", _("Huisartsenzorg")
    OTHER = "other", _("Anders")


class Role(models.TextChoices):
    """The roles a membership can carry; what each may do is the table in ``access.policy``."""

    POLICE_OFFICER = "police_officer", _("Politiemedewerker")
    TRIAGE_NURSE = "triage_nurse", _("Triagist (SPV)")
    FOLLOWUP_WORKER = "followup_worker", _("Opvolger")
    PEER_EXPERT = "peer_expert", _("Ervaringsdeskundige")
    COORDINATOR = "coordinator", _("Coördinator")
    ANALYST = "analyst", _("Analist")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")
    ADMINISTRATOR = "administrator", _("Beheerder")


class AveLevel(models.IntegerChoices):
    GREEN = 1, _("1 · groen")
    YELLOW = 2, _("2 · geel")
    RED = 3, _("3 · rood")
    DARK_RED = 4, _("4 · donkerrood")


cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("Een CBS-code ziet eruit als GM0014."))
slug_help = _("Vaste sleutel in URL's en uitwisselbestanden; wijzig niet.")


class SafetyRegion(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)  # VR01 … VR25
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("veiligheidsregio")
        verbose_name_plural = _("veiligheidsregio's")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=50)
    safety_region = models.ForeignKey(
        SafetyRegion, on_delete=models.PROTECT, related_name="municipalities"
    )
    is_hotspot_city = models.BooleanField(_("hotspotstad"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    slug = models.SlugField(_("sleutel"), max_length=60, unique=True, help_text=slug_help)
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(_("wat doet deze partner"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    slug = models.SlugField(_("sleutel"), max_length=60, unique=True, help_text=slug_help)
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("omschrijving"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="programmes", verbose_name=_("gemeenten")
    )
    partners = models.ManyToManyField(
        Organisation, through="Partner", related_name="programmes", verbose_name=_("partners")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A neighbourhood (wijk) a programme serves, e.g. the Hotspot's ``centrum``."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField(_("sleutel"), max_length=60, help_text=slug_help)
    name = models.CharField(_("naam"), max_length=100)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="area_slug_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation's place in a programme: the partner directory's "who do I call?"."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partner_set")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partner_set"
    )
    services = models.TextField(_("wat doet deze partner in het programma"))
    contact_point = models.CharField(_("aanspreekpunt"), max_length=150)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("bereikbaarheid"), max_length=150)
    role_ave_1 = models.CharField(_("rol bij AVE 1"), max_length=250, blank=True)
    role_ave_2 = models.CharField(_("rol bij AVE 2"), max_length=250, blank=True)
    role_ave_3 = models.CharField(_("rol bij AVE 3"), max_length=250, blank=True)
    role_ave_4 = models.CharField(_("rol bij AVE 4"), max_length=250, blank=True)

    class Meta:
        ordering = ["programme", "organisation__name"]
        verbose_name = _("partner in programma")
        verbose_name_plural = _("partnergids")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="partner_once_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.programme}"

    def roles_per_ave_level(self) -> list[tuple[int, str]]:
        return [
            (1, self.role_ave_1),
            (2, self.role_ave_2),
            (3, self.role_ave_3),
            (4, self.role_ave_4),
        ]


class Membership(models.Model):
    """A user's role at an organisation, for the programmes they work in.

    Rights come only from active memberships; a user may hold several (e.g. an SPV who also
    coordinates). Revoking sets ``active`` to false, keeping who-was-who for the access log.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    programmes = models.ManyToManyField(
        Programme, related_name="memberships", verbose_name=_("programma's"), blank=True
    )
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["user__username", "organisation__name"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        if (
            self.role == Role.POLICE_OFFICER
            and self.organisation_id
            and self.organisation.kind != OrganisationKind.POLICE
        ):
            raise ValidationError(
                {"organisation": _("Een politierol hoort bij een politieorganisatie.")}
            )


class MembershipRequestStatus(models.TextChoices):
    PENDING = "pending", _("wacht op goedkeuring")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class MembershipRequest(models.Model):
    """Four-eyes on rights (issue 22): a role for a user, asked by an administrator, takes effect
    only when someone else approves it: another administrator, or the coordinator of every
    programme it names. Never the one who asked, never the user it is for (also a database
    constraint). Written and decided through ``grip.network.actions`` only, each step in the
    access log.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("medewerker"),
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    programmes = models.ManyToManyField(
        Programme, related_name="+", verbose_name=_("programma's"), blank=True
    )
    reason = models.TextField(_("waarom"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("aangevraagd"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipRequestStatus.choices,
        default=MembershipRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("besloten"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting bij het besluit"), blank=True)
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("aanvraag lidmaatschap")
        verbose_name_plural = _("aanvragen lidmaatschap")
        constraints = [
            # Whoever decides is neither the one who asked nor the one it is for.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="membership_request_not_decided_by_requester",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("user")),
                name="membership_request_not_decided_by_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return self.status == MembershipRequestStatus.PENDING
