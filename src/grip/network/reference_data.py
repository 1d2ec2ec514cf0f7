"""Reference data as plain data: safety regions, municipalities, organisations, programmes,
their areas and the partner directory. Public facts only, no persons: a contact point is a
function or a desk, never a name. Loaded by ``grip.network.reference.load_reference``.

Sources: CBS (region numbering, municipality codes), /work/shared/DOMAIN.md and the programme
documents in /work/shared/seeds/ (periods, partners, descriptions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from grip.network.models import OrganisationKind


@dataclass(frozen=True)
class RegionData:
    code: str  # VR01 … VR25, CBS numbering
    name: str


@dataclass(frozen=True)
class MunicipalityData:
    cbs_code: str
    name: str
    province: str
    region_code: str
    is_hotspot_city: bool = False


@dataclass(frozen=True)
class OrganisationData:
    slug: str
    name: str
    kind: OrganisationKind
    description: str


@dataclass(frozen=True)
class AreaData:
    slug: str
    name: str
    cbs_code: str


@dataclass(frozen=True)
class PartnerData:
    """One partner directory entry: what the organisation does in the programme."""

    organisation: str  # organisation slug
    services: str
    contact_point: str  # a function or desk, never a person
    hours: str
    roles: tuple[str, str, str, str]  # one Dutch sentence per AVE level 1–4
    phone: str = ""  # only a well-known public general number
    email: str = ""


@dataclass(frozen=True)
class ProgrammeData:
    slug: str
    name: str
    description: str
    starts_on: dt.date
    ends_on: dt.date | None
    municipalities: tuple[str, ...]  # CBS codes
    areas: tuple[AreaData, ...]
    partners: tuple[PartnerData, ...]


# The 25 safety regions in CBS's official numbering.
SAFETY_REGIONS = (
    RegionData("VR01", "Groningen"),
    RegionData("VR02", "Fryslân"),
    RegionData("VR03", "Drenthe"),
    RegionData("VR04", "IJsselland"),
    RegionData("VR05", "Twente"),
    RegionData("VR06", "Noord- en Oost-Gelderland"),
    RegionData("VR07", "Gelderland-Midden"),
    RegionData("VR08", "Gelderland-Zuid"),
    RegionData("VR09", "Utrecht"),
    RegionData("VR10", "Noord-Holland Noord"),
    RegionData("VR11", "Zaanstreek-Waterland"),
    RegionData("VR12", "Kennemerland"),
    RegionData("VR13", "Amsterdam-Amstelland"),
    RegionData("VR14", "Gooi en Vechtstreek"),
    RegionData("VR15", "Haaglanden"),
    RegionData("VR16", "Hollands Midden"),
    RegionData("VR17", "Rotterdam-Rijnmond"),
    RegionData("VR18", "Zuid-Holland Zuid"),
    RegionData("VR19", "Zeeland"),
    RegionData("VR20", "Midden- en West-Brabant"),
    RegionData("VR21", "Brabant-Noord"),
    RegionData("VR22", "Brabant-Zuidoost"),
    RegionData("VR23", "Limburg-Noord"),
    RegionData("VR24", "Zuid-Limburg"),
    RegionData("VR25", "Flevoland"),
)

_GRONINGEN = "Groningen"

# All municipalities of the province of Groningen (10 since Eemsdelta was formed in 2021),
# all in safety region VR01; plus the other hotspot cities of the action programme.
MUNICIPALITIES = (
    MunicipalityData("GM1979", "Eemsdelta", _GRONINGEN, "VR01"),
    MunicipalityData("GM0014", "Groningen", _GRONINGEN, "VR01", is_hotspot_city=True),
    MunicipalityData("GM1966", "Het Hogeland", _GRONINGEN, "VR01"),
    MunicipalityData("GM1952", "Midden-Groningen", _GRONINGEN, "VR01"),
    MunicipalityData("GM1895", "Oldambt", _GRONINGEN, "VR01"),
    MunicipalityData("GM0765", "Pekela", _GRONINGEN, "VR01"),
    MunicipalityData("GM0037", "Stadskanaal", _GRONINGEN, "VR01"),
    MunicipalityData("GM0047", "Veendam", _GRONINGEN, "VR01"),
    MunicipalityData("GM1969", "Westerkwartier", _GRONINGEN, "VR01"),
    MunicipalityData("GM1950", "Westerwolde", _GRONINGEN, "VR01"),
    MunicipalityData("GM0363", "Amsterdam", "Noord-Holland", "VR13", is_hotspot_city=True),
    MunicipalityData("GM0599", "Rotterdam", "Zuid-Holland", "VR17", is_hotspot_city=True),
    # CBS's official name is 's-Gravenhage; screens use the common name.
    MunicipalityData("GM0518", "Den Haag", "Zuid-Holland", "VR15", is_hotspot_city=True),
    MunicipalityData("GM0344", "Utrecht", "Utrecht", "VR09", is_hotspot_city=True),
    MunicipalityData("GM0772", "Eindhoven", "Noord-Brabant", "VR22", is_hotspot_city=True),
    MunicipalityData("GM0392", "Haarlem", "Noord-Holland", "VR12", is_hotspot_city=True),
)

# Municipalities that are partners in a programme, as (slug, name).
_PARTNER_MUNICIPALITIES = (
    ("gemeente-groningen", "Gemeente Groningen"),
    ("gemeente-westerkwartier", "Gemeente Westerkwartier"),
    ("gemeente-het-hogeland", "Gemeente Het Hogeland"),
    ("gemeente-eemsdelta", "Gemeente Eemsdelta"),
    ("gemeente-westerwolde", "Gemeente Westerwolde"),
    ("gemeente-midden-groningen", "Gemeente Midden-Groningen"),
    ("gemeente-stadskanaal", "Gemeente Stadskanaal"),
    ("gemeente-veendam", "Gemeente Veendam"),
    ("gemeente-pekela", "Gemeente Pekela"),
    ("gemeente-oldambt", "Gemeente Oldambt"),
)

K = OrganisationKind

ORGANISATIONS = (
    OrganisationData(
        "politie-noord-nederland",
        "Politie Noord-Nederland",
        K.POLICE,
        "Politie-eenheid voor Groningen, Fryslân en Drenthe: acute inzet, openbare orde en "
        "zorgmeldingen.",
    ),
    OrganisationData(
        "lentis",
        "Lentis",
        K.MENTAL_HEALTH,
        "Ggz-instelling in Groningen, met crisisdienst en sociaal-psychiatrisch verpleegkundigen.",
    ),
    OrganisationData(
        "mesdag",
        "FPC Dr. S. van Mesdag",
        K.FORENSIC_PSYCHIATRY,
        "Forensisch Psychiatrisch Centrum in Groningen; brengt forensisch-psychiatrische "
        "expertise in.",
    ),
    OrganisationData(
        "wij-groningen",
        "WIJ Groningen",
        K.SOCIAL_TEAM,
        "De wijkteams van het sociaal domein in de gemeente Groningen, met straatcoaches.",
    ),
    OrganisationData(
        "oggz-groningen",
        "OGGz Groningen",
        K.OGGZ,
        "Openbare geestelijke gezondheidszorg: bemoeizorg voor mensen die zelf geen hulp zoeken.",
    ),
    OrganisationData(
        "inbegrepen",
        "InBegrepen",
        K.PEER_EXPERTISE,
        "Coöperatie voor ervaringskennis; zet ervaringsdeskundigen in naast professionals.",
    ),
    OrganisationData(
        "forint",
        "Forint",
        K.FORENSIC_CONSULTATION,
        "Consultatie en ondersteuning bij forensische vragen voor professionals in de regio.",
    ),
    OrganisationData(
        "ggd-groningen",
        "GGD Groningen",
        K.GGD,
        "Gezondheidsdienst van de Groninger gemeenten; zet onder meer wijk-GGD'ers in.",
    ),
    OrganisationData(
        "vnn",
        "VNN",
        K.ADDICTION_CARE,
        "Verslavingszorg Noord Nederland: behandeling en begeleiding bij verslaving.",
    ),
    OrganisationData(
        "zvh-groningen",
        "Zorg- en Veiligheidshuis Groningen",
        K.ZVH,
        "Netwerk van zorg-, straf- en veiligheidspartners voor complexe casussen; procesregie.",
    ),
    *(
        OrganisationData(
            slug, name, K.MUNICIPALITY, "Groninger gemeente; opdrachtgever en partner in Grip."
        )
        for slug, name in _PARTNER_MUNICIPALITIES
    ),
    OrganisationData(
        "lokale-teams-oost-groningen",
        "Lokale teams Oost-Groningen",
        K.SOCIAL_TEAM,
        "De lokale (sociale) teams van Stadskanaal, Veendam, Pekela en Oldambt, met de "
        "wijk-GGZ'er.",
    ),
)

# --- partner directory building blocks ------------------------------------------------------

_OFFICE_HOURS = "ma–vr 9:00–17:00"
_POLICE_PHONE = "0900-8844"  # the police's public general number (not for emergencies: 112)

_POLICE_ACUTE = (
    "Grijpt acuut in ter bescherming van betrokkene en omgeving en handhaaft de openbare orde."
)


def _inbegrepen(services: str) -> PartnerData:
    return PartnerData(
        organisation="inbegrepen",
        services=services,
        contact_point="Coördinatie ervaringsdeskundigen",
        hours=_OFFICE_HOURS,
        roles=(
            "Biedt ervaringskennis en steun bij herstel aan betrokkene en naasten.",
            "Gaat waar gewenst samen met de professional op betrokkene af.",
            "Brengt in het casusoverleg het perspectief van betrokkene en naasten in.",
            "Geen rol in de acute fase; sluit daarna waar gewenst aan bij de opvolging.",
        ),
    )


def _municipality(slug: str, services: str, contact_point: str) -> PartnerData:
    return PartnerData(
        organisation=slug,
        services=services,
        contact_point=contact_point,
        hours=_OFFICE_HOURS,
        roles=(
            "Zorgt voor laagdrempelige voorzieningen en het reguliere aanbod in de wijk.",
            "Bewaakt dat één professional van het sociaal team de casusregie voert.",
            "Voert procesregie of belegt die bij het Zorg- en Veiligheidshuis.",
            "De burgemeester kan bestuurlijke maatregelen nemen; de gemeente houdt procesregie.",
        ),
    )


# --- the four Groningen programmes -----------------------------------------------------------

GRONINGER_HOTSPOT = ProgrammeData(
    slug="groninger-hotspot",
    name="Groninger Hotspot",
    description=(
        "De politie en de (forensische) psychiatrie trekken in de stad Groningen samen op bij "
        "acute politiemeldingen (E33) over onbegrepen gedrag met een hoog veiligheidsrisico "
        "(AVE 3 en 4), in het centrum en de noordelijke wijken. Plus 1 – samenwerken in de "
        "triage: een SPV'er gaat samen met de politie ter plaatse; vier ogen uit twee domeinen, "
        "en waar blauw niet nodig is neemt wit over. Plus 2 – verlengde aandacht in de "
        "opvolging: WIJ-medewerkers en straatcoaches, ondersteund door ervaringsdeskundigen, "
        "zetten kleine de-escalerende interventies in, met aandacht voor omgeving en informeel "
        "netwerk en consultatie van Forint. Ondersteund door een leer- en verbetercyclus."
    ),
    # Started May 2024; the pilot runs up to and including December 2026 (factsheet 2025).
    starts_on=dt.date(2024, 5, 1),
    ends_on=dt.date(2026, 12, 31),
    municipalities=("GM0014",),
    areas=(
        AreaData("centrum", "Centrum", "GM0014"),
        AreaData("noordelijke-wijken", "Noordelijke wijken", "GM0014"),
    ),
    partners=(
        PartnerData(
            organisation="politie-noord-nederland",
            services=(
                "Gaat op acute meldingen (E33) met een hoog veiligheidsrisico af samen met de "
                "SPV'er van de Hotspot en draagt over aan de zorg waar politie niet nodig is."
            ),
            contact_point="Meldkamer / wachtcommandant",
            hours="24/7",
            phone=_POLICE_PHONE,
            roles=(
                "Geen inzet; signaleert en registreert zo nodig een zorgmelding.",
                "Deelt zorgsignalen met WIJ of de OGGz, die de casusregie hebben.",
                "Gaat met de SPV'er ter plaatse en draagt waar mogelijk over aan de zorg.",
                _POLICE_ACUTE,
            ),
        ),
        PartnerData(
            organisation="lentis",
            services=(
                "Levert SPV'ers die samen met de politie op acute meldingen afgaan, toestand en "
                "risico's inschatten, de-escaleren en toeleiden naar passende zorg."
            ),
            contact_point="SPV-dienst Hotspot",
            hours="Volgens Hotspot-rooster; daarbuiten de crisisdienst (24/7)",
            roles=(
                "Reguliere ggz-behandeling voor wie al bij Lentis in zorg is.",
                "Biedt vrijwillige ggz-zorg en consult aan de casusregisseur.",
                "De SPV'er schat met de politie toestand en risico's in en leidt toe naar zorg.",
                "De crisisdienst beoordeelt acuut en bereidt zo nodig een crisismaatregel voor.",
            ),
        ),
        PartnerData(
            organisation="mesdag",
            services=(
                "Brengt forensisch-psychiatrische expertise in de triage in en denkt mee over "
                "risico's bij meldingen met een hoog veiligheidsrisico."
            ),
            contact_point="Hotspot-medewerker van dienst",
            hours="Volgens Hotspot-rooster",
            roles=(
                "Geen directe rol; beschikbaar voor vragen van partners.",
                "Denkt op verzoek mee over signalen van forensische risico's.",
                "Schat samen met politie en Lentis ter plaatse forensische risico's in.",
                "Ondersteunt met risico-inschatting; de regie ligt bij politie en crisisdienst.",
            ),
        ),
        PartnerData(
            organisation="wij-groningen",
            services=(
                "Biedt na de triage verlengde aandacht (Plus 2): WIJ-medewerkers en straatcoaches "
                "zoeken betrokkene op, zetten kleine de-escalerende interventies in en betrekken "
                "de omgeving en het informele netwerk."
            ),
            contact_point="WIJ-team van de wijk (centrum of noordelijke wijken)",
            hours=_OFFICE_HOURS,
            roles=(
                "Is laagdrempelig beschikbaar in de wijk voor betrokkene en omgeving.",
                "Voert casusregie en biedt verlengde aandacht na de triage.",
                "Houdt casusregie in de opvolging en stemt af met de procesregisseur.",
                "Deelt informatie met politie en crisisdienst en pakt daarna de opvolging op.",
            ),
        ),
        PartnerData(
            organisation="oggz-groningen",
            services=(
                "Wordt na de triage geïnformeerd over zorgwekkende situaties en pakt waar nodig "
                "bemoeizorg op, met overlegtafels voor het centrum en de noordelijke wijken."
            ),
            contact_point="OGGz-meldpunt",
            hours=_OFFICE_HOURS,
            roles=(
                "Geen rol; reguliere voorzieningen volstaan.",
                "Pakt bemoeizorg op bij zorgmijding en voert zo nodig casusregie.",
                "Bespreekt de casus aan de OGGz-overlegtafel en stemt af met de procesregisseur.",
                "Deelt informatie met politie en crisisdienst en pakt daarna de bemoeizorg op.",
            ),
        ),
        _inbegrepen(
            "Sinds 1 november 2025 schuiven ervaringsdeskundigen aan bij de OGGz-overlegtafels in "
            "het centrum en de noordelijke wijken en gaan waar gewenst samen met de professional "
            "op een situatie af."
        ),
        PartnerData(
            organisation="forint",
            services=(
                "Biedt in de opvolging (Plus 2) consultatie en ondersteuning bij forensische "
                "vragen en zorgen over risicovol gedrag."
            ),
            contact_point="Consultatieteam",
            hours=_OFFICE_HOURS,
            roles=(
                "Geen directe rol; beschikbaar voor vragen van professionals.",
                "Adviseert de casusregisseur op verzoek over risicosignalen.",
                "Biedt consultatie bij casussen met een forensisch risico.",
                "Adviseert na de acute fase over het vervolg; de regie ligt bij politie en zorg.",
            ),
        ),
        _municipality(
            "gemeente-groningen",
            "Opdrachtgever en trekker van de Hotspot: projectleiding, bestuurlijke "
            "verantwoordelijkheid en de leer- en verbetercyclus met de data-analisten.",
            "Projectleiding Groninger Hotspot",
        ),
    ),
)

GRONINGER_VROEGSIGNALERING = ProgrammeData(
    slug="groninger-vroegsignalering",
    name="Groninger Vroegsignaleringsaanpak",
    description=(
        "Passende opvolging van niet-acute zorgmeldingen (I28) van de politie over mensen met "
        "onbegrepen gedrag in de gemeente Groningen. Door vroeg op zorgwekkende signalen af te "
        "gaan wordt voorkomen dat intensievere zorg nodig is. Plus 1 – vroeg erop af: een OGGz "
        "I28-medewerker schakelt het netwerk van betrokkene in of gaat, als dat ontbreekt, zelf "
        "in contact; waar gewenst ondersteunen ervaringsdeskundigen. Plus 2 – opvolging: met "
        "korte lijnen verbindt de medewerker naar het reguliere aanbod."
    ),
    # The sources give no period: we assume it started with the Hotspot (May 2024) and runs to
    # the end of the action programme's pilots (December 2026).
    starts_on=dt.date(2024, 5, 1),
    ends_on=dt.date(2026, 12, 31),
    municipalities=("GM0014",),
    areas=(),
    partners=(
        PartnerData(
            organisation="oggz-groningen",
            services=(
                "De OGGz I28-medewerker pakt de I28-meldingen op: schakelt het netwerk in of "
                "gaat zelf in contact met betrokkene (Plus 1) en verbindt met korte lijnen naar "
                "het reguliere aanbod (Plus 2)."
            ),
            contact_point="OGGz I28-medewerker",
            hours=_OFFICE_HOURS,
            roles=(
                "Gaat vroeg op de melding af zodat betrokkene met regulier aanbod verder kan.",
                "Voert casusregie tot de opvolging bij het reguliere aanbod is belegd.",
                "Brengt de casus in bij het OGGz-overleg en stemt af met de procesregisseur.",
                "Deelt informatie met politie en crisisdienst en pakt daarna de opvolging op.",
            ),
        ),
        PartnerData(
            organisation="politie-noord-nederland",
            services=(
                "Registreert niet-acute zorgmeldingen (I28) over mensen met onbegrepen gedrag "
                "en zet ze door naar de OGGz I28-medewerker."
            ),
            contact_point="Wijkagent van het basisteam",
            hours="24/7",
            phone=_POLICE_PHONE,
            roles=(
                "Registreert een zorgmelding (I28) en zet die door naar de OGGz.",
                "Deelt relevante signalen met de OGGz I28-medewerker.",
                "Neemt deel aan het casusoverleg over de veiligheidsrisico's.",
                _POLICE_ACUTE,
            ),
        ),
        _inbegrepen(
            "Ervaringsdeskundigen ondersteunen waar gewenst de OGGz I28-medewerker in het "
            "contact met betrokkene en het netwerk."
        ),
        _municipality(
            "gemeente-groningen",
            "Opdrachtgever; borgt de aansluiting van de aanpak op het reguliere aanbod in het "
            "sociaal domein.",
            "Programmaleiding Vroegsignaleringsaanpak",
        ),
    ),
)

_WIJK_GGD_MUNICIPALITIES = (
    "gemeente-westerkwartier",
    "gemeente-het-hogeland",
    "gemeente-eemsdelta",
    "gemeente-westerwolde",
    "gemeente-midden-groningen",
)

WIJK_GGD = ProgrammeData(
    slug="wijk-ggd",
    name="Wijk-GGD'ers",
    description=(
        "De gemeenten Westerkwartier, Het Hogeland, Eemsdelta, Westerwolde en Midden-Groningen "
        "werken samen met de GGD, de politie en InBegrepen aan betere ondersteuning voor mensen "
        "met onbegrepen gedrag. GGD'ers in de wijk zijn de verbindende schakel tussen zorg en "
        "veiligheid: vroegtijdige signalering, betere samenwerking tussen zorg en veiligheid en "
        "minder politie-inzet door een snellere en effectievere aanpak."
    ),
    # Fully operational since 1 January 2025; no end date given: we assume December 2026.
    starts_on=dt.date(2025, 1, 1),
    ends_on=dt.date(2026, 12, 31),
    municipalities=("GM1969", "GM1966", "GM1979", "GM1950", "GM1952"),
    areas=(),
    partners=(
        PartnerData(
            organisation="ggd-groningen",
            services=(
                "Wijk-GGD'ers werken in de wijken als verbindende schakel tussen zorg en "
                "veiligheid: zij signaleren vroeg, gaan outreachend op mensen af en leiden snel "
                "toe naar passende zorg."
            ),
            contact_point="Team wijk-GGD'ers",
            hours=_OFFICE_HOURS,
            roles=(
                "Signaleert vroeg in de wijk en verwijst naar reguliere voorzieningen.",
                "De wijk-GGD'er gaat op signalen af en ondersteunt de casusregisseur.",
                "Verbindt zorg en veiligheid in het casusoverleg en adviseert de procesregisseur.",
                "Deelt informatie met politie en crisisdienst en pakt daarna de opvolging op.",
            ),
        ),
        PartnerData(
            organisation="politie-noord-nederland",
            services=(
                "Deelt signalen en zorgmeldingen (I28) met de wijk-GGD'er, zodat eerder zorg "
                "wordt ingezet en minder politie-inzet nodig is."
            ),
            contact_point="Wijkagent van het basisteam",
            hours="24/7",
            phone=_POLICE_PHONE,
            roles=(
                "Registreert een zorgmelding en deelt die met de wijk-GGD'er.",
                "Deelt relevante signalen met de wijk-GGD'er en de casusregisseur.",
                "Neemt deel aan het casusoverleg over de veiligheidsrisico's.",
                _POLICE_ACUTE,
            ),
        ),
        *(
            _municipality(
                slug,
                "Opdrachtgever in de eigen gemeente; verbindt de wijk-GGD'er met het sociaal "
                "domein en het lokale team.",
                "Team zorg en veiligheid",
            )
            for slug in _WIJK_GGD_MUNICIPALITIES
        ),
        _inbegrepen(
            "Ervaringsdeskundigen werken samen met de wijk-GGD'ers in het contact met "
            "betrokkenen en hun netwerk."
        ),
    ),
)

_OOST_MUNICIPALITIES = (
    "gemeente-stadskanaal",
    "gemeente-veendam",
    "gemeente-pekela",
    "gemeente-oldambt",
)

VROEGSIGNALERING_OOST_GRONINGEN = ProgrammeData(
    slug="vroegsignalering-oost-groningen",
    name="Vroegsignalering Oost-Groningen",
    description=(
        "De gemeenten Stadskanaal, Veendam, Pekela en Oldambt werken samen aan vroegsignalering "
        "ter voorkoming van escalatie: van labelen, behandelen en oplossen naar een "
        "laagdrempelige benadering, contact maken en luisteren, en steunen bij herstel. Een "
        "wijk-GGZ'er in de lokale teams werkt outreachend en herstelgericht, samen met "
        "ervaringsdeskundigen, verbindt OGGz-netwerk, sociaal domein, zorg en veiligheid en "
        "verstevigt het contact met het informele netwerk."
    ),
    # The sources give no period: we assume 1 January 2025 to December 2026.
    starts_on=dt.date(2025, 1, 1),
    ends_on=dt.date(2026, 12, 31),
    municipalities=("GM0037", "GM0047", "GM0765", "GM1895"),
    areas=(),
    partners=(
        *(
            _municipality(
                slug,
                "Werkt met de andere Oost-Groninger gemeenten samen aan vroegsignalering; de "
                "wijk-GGZ'er is toegevoegd aan het lokale team van de gemeente.",
                "Team sociaal domein",
            )
            for slug in _OOST_MUNICIPALITIES
        ),
        PartnerData(
            organisation="lokale-teams-oost-groningen",
            services=(
                "De wijk-GGZ'er in het lokale team werkt outreachend en herstelgericht, gaat "
                "direct op situaties af en schakelt snel met zorg en veiligheid."
            ),
            contact_point="Wijk-GGZ'er van het lokale team",
            hours=_OFFICE_HOURS,
            roles=(
                "Is laagdrempelig beschikbaar en maakt contact met betrokkene en naasten.",
                "Het lokale team voert casusregie; de wijk-GGZ'er ondersteunt outreachend.",
                "Houdt casusregie en stemt af met de procesregisseur en de ketenpartners.",
                "Deelt informatie met politie en crisisdienst en pakt daarna de opvolging op.",
            ),
        ),
        _inbegrepen(
            "Ervaringsdeskundigen werken samen met de wijk-GGZ'er aan een herstelgerichte "
            "benadering."
        ),
        PartnerData(
            organisation="ggd-groningen",
            services=(
                "Brengt de kennis van het OGGz-netwerk in en denkt mee bij zorgwekkende "
                "situaties en zorgmijding."
            ),
            contact_point="OGGz-team",
            hours=_OFFICE_HOURS,
            roles=(
                "Geen directe rol; reguliere voorzieningen volstaan.",
                "Adviseert de casusregisseur over bemoeizorg bij zorgmijding.",
                "Brengt de casus in bij het OGGz-netwerk en stemt af met de procesregisseur.",
                "Deelt informatie met politie en crisisdienst en pakt daarna bemoeizorg op.",
            ),
        ),
    ),
)

PROGRAMMES = (
    GRONINGER_HOTSPOT,
    GRONINGER_VROEGSIGNALERING,
    WIJK_GGD,
    VROEGSIGNALERING_OOST_GRONINGEN,
)
