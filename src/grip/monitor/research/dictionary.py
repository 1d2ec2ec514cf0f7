"""The data dictionary of the research export: every column with its meaning, type and codes.

The columns are declared once here; the rows, the CSV and Parquet writers and the shipped
``dictionary.json`` / ``LEESMIJ.md`` all follow this declaration, so a column cannot appear in
the files without being described. Descriptions are Dutch (the analysts' language) and are
part of the file format, not of a screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grip.monitor.indicators import DEFINITIONS
from grip.network.models import OrganisationKind
from grip.vocab.models import Term, Vocabulary

STRING, INTEGER, BOOLEAN = "string", "integer", "boolean"
CODE_SEPARATOR = "|"

GENERALISATION_CODES = {
    "0": "niets gegeneraliseerd",
    "1": "gemeente weggelaten (combinatie gemeente × maand × meldingscode te zeldzaam)",
    "2": "gemeente en maand weggelaten (ook maand × meldingscode te zeldzaam)",
    "3": "gemeente, maand en meldingscode weggelaten (ook kwartaal × meldingscode te zeldzaam)",
}
STATUS_CODES = {"open": "open", "closed": "afgesloten"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    vocabulary: Vocabulary | None = None
    codes: dict[str, str] = field(default_factory=dict)
    multiple: bool = False  # several codes, separated by ``CODE_SEPARATOR``


KEY_NOTE = (
    "Alleen geldig binnen deze export: bij elke export opnieuw getrokken (HMAC met een "
    "eenmalig, niet bewaard geheim), dus niet te koppelen aan een andere export of aan Grip."
)

RESPONSE_COLUMNS: tuple[Column, ...] = (
    Column("response_key", STRING, "Sleutel van de inzet (situatie). " + KEY_NOTE),
    Column(
        "person_key",
        STRING,
        "Sleutel van de betrokkene; zelfde sleutel is zelfde persoon (samengevoegde personen "
        "tellen als één). Leeg: persoon onbekend. " + KEY_NOTE,
    ),
    Column("programme", STRING, "Programma (vaste sleutel)."),
    Column(
        "incident_code",
        STRING,
        "Meldingscode. Leeg als weggelaten (zie generalisation).",
        vocabulary=Vocabulary.INCIDENT_CODE,
    ),
    Column(
        "municipality",
        STRING,
        "CBS-code van de gemeente van de melding. Leeg als weggelaten (zie generalisation).",
    ),
    Column(
        "reported_quarter",
        STRING,
        "Kwartaal van de melding als lokale datum (Europe/Amsterdam), JJJJ-Qn.",
    ),
    Column(
        "reported_month",
        STRING,
        "Maand van de melding als lokale datum (Europe/Amsterdam), JJJJ-MM. Leeg als "
        "weggelaten (zie generalisation). Exacte datum en tijd worden nooit geëxporteerd.",
    ),
    Column(
        "generalisation",
        INTEGER,
        "Hoe ver deze rij is gegeneraliseerd omdat de combinatie van gemeente, maand en "
        "meldingscode minder rijen had dan de drempel (zie dictionary.json, export).",
        codes=GENERALISATION_CODES,
    ),
    Column("ave_on_arrival", INTEGER, "AVE-niveau bij aankomst (1–4); leeg: onbekend."),
    Column("ave_on_leaving", INTEGER, "AVE-niveau bij vertrek (1–4); leeg: onbekend."),
    Column("police_officers", INTEGER, "Aantal agenten ter plaatse; leeg: onbekend."),
    Column(
        "minutes_to_arrival",
        INTEGER,
        "Hele minuten van melding tot aankomst zorg (seconden vallen weg); leeg: onbekend.",
    ),
    Column(
        "on_site_minutes",
        INTEGER,
        "Hele minuten van aankomst tot vertrek zorg (definitie on_site_minutes); leeg: onbekend.",
    ),
    Column(
        "police_minutes",
        INTEGER,
        "Agenten × hele minuten van aankomst zorg tot vertrek politie, anders vertrek zorg "
        "(definitie police_minutes); leeg als een van die waarden onbekend is.",
    ),
    Column(
        "safety_person",
        STRING,
        "Veiligheid voor de persoon bij vertrek; leeg: niet beoordeeld.",
        vocabulary=Vocabulary.SAFETY,
    ),
    Column(
        "safety_surroundings",
        STRING,
        "Veiligheid voor de omgeving bij vertrek; leeg: niet beoordeeld.",
        vocabulary=Vocabulary.SAFETY,
    ),
    Column("outcome", STRING, "Uitkomst; leeg: onbekend.", vocabulary=Vocabulary.OUTCOME),
    Column("follow_up_needed", BOOLEAN, "Opvolging nodig volgens de zorgprofessional."),
    Column(
        "risks",
        STRING,
        "Aangetroffen veiligheidsrisico's, codes gescheiden door |, in vocabulairevolgorde.",
        vocabulary=Vocabulary.RISK,
        multiple=True,
    ),
    Column(
        "interventions",
        STRING,
        "Interventies, codes gescheiden door |.",
        vocabulary=Vocabulary.INTERVENTION,
        multiple=True,
    ),
    Column(
        "bottlenecks",
        STRING,
        "Knelpunten, codes gescheiden door |.",
        vocabulary=Vocabulary.BOTTLENECK,
        multiple=True,
    ),
    Column("has_trajectory", BOOLEAN, "Er is een opvolgtraject (zie trajectories)."),
)

TRAJECTORY_COLUMNS: tuple[Column, ...] = (
    Column("trajectory_key", STRING, "Sleutel van het opvolgtraject. " + KEY_NOTE),
    Column(
        "response_key",
        STRING,
        "De inzet waaruit het traject volgde (response_key in responses); leeg: begonnen "
        "zonder inzet, bijvoorbeeld na een I28-zorgmelding.",
    ),
    Column("person_key", STRING, "Sleutel van de betrokkene, als in responses. " + KEY_NOTE),
    Column("programme", STRING, "Programma (vaste sleutel)."),
    Column("opened_quarter", STRING, "Kwartaal van openen (lokale datum), JJJJ-Qn."),
    Column("closed_quarter", STRING, "Kwartaal van afsluiten (lokale datum); leeg: open."),
    Column("status", STRING, "Status bij het maken van de export.", codes=STATUS_CODES),
    Column("ave_level", INTEGER, "Huidig AVE-niveau (1–4); leeg: onbekend."),
    Column(
        "case_organisation_kind",
        STRING,
        "Soort organisatie met casusregie nu; leeg: niemand.",
        codes={str(value): str(label) for value, label in OrganisationKind.choices},
    ),
    Column(
        "process_organisation_kind",
        STRING,
        "Soort organisatie met procesregie nu; leeg: niemand.",
        codes={str(value): str(label) for value, label in OrganisationKind.choices},
    ),
    Column(
        "closure_reason",
        STRING,
        "Reden van afsluiten (de getypte toelichting wordt nooit geëxporteerd).",
        vocabulary=Vocabulary.CLOSURE_REASON,
    ),
    Column("days_open", INTEGER, "Hele dagen van openen tot afsluiten; leeg: open."),
    Column(
        "minutes_to_first_care_contact",
        INTEGER,
        "Hele minuten van de inzet (aankomst zorg, anders de melding) tot het eerste "
        "zorgcontact (basis van follow_up.time_to_care); leeg: nog geen zorgcontact.",
    ),
    Column("contacts", INTEGER, "Aantal contactmomenten."),
    Column("contacts_with_peer_expert", INTEGER, "Contactmomenten met ervaringsdeskundige."),
)

TABLES: dict[str, tuple[str, tuple[Column, ...]]] = {
    "responses": (
        "Eén rij per inzet (situatie) met meldingsdatum in de periode.",
        RESPONSE_COLUMNS,
    ),
    "trajectories": (
        "Eén rij per opvolgtraject van die inzetten, plus trajecten zonder inzet die in de "
        "periode zijn geopend.",
        TRAJECTORY_COLUMNS,
    ),
}


def vocabulary_codes() -> dict[str, dict[str, str]]:
    """Every code with its label per vocabulary, retired codes too (old rows may carry them)."""
    codes: dict[str, dict[str, str]] = {}
    for vocabulary, code, label in Term.objects.order_by(
        "vocabulary", "position", "code"
    ).values_list("vocabulary", "code", "label"):
        codes.setdefault(vocabulary, {})[code] = label
    return codes


def describe(export_facts: dict[str, Any]) -> dict[str, Any]:
    """The dictionary as shipped in ``dictionary.json``."""
    vocabularies = vocabulary_codes()

    def column(col: Column) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.description}
        codes = vocabularies.get(str(col.vocabulary), {}) if col.vocabulary else col.codes
        if codes:
            entry["codes"] = [{"code": code, "label": label} for code, label in codes.items()]
        if col.multiple:
            entry["separator"] = CODE_SEPARATOR
        return entry

    return {
        "definitions": DEFINITIONS,
        "export": export_facts,
        "tables": {
            name: {"description": text, "columns": [column(col) for col in columns]}
            for name, (text, columns) in TABLES.items()
        },
    }


def readme(dictionary: dict[str, Any]) -> str:
    """A human-readable rendering of the same dictionary (``LEESMIJ.md``)."""
    facts = dictionary["export"]
    lines = [
        "# Onderzoeksexport Grip",
        "",
        f"Programma: {facts['programme']} · periode {facts['from']} t/m {facts['to']} "
        f"(meldingsdatum, Europe/Amsterdam) · indicatordefinities {dictionary['definitions']} · "
        f"gemaakt {facts['generated_at']}.",
        "",
        "Gepseudonimiseerd: geen namen, geboortedata, BSN, adressen, meldingsnummers of vrije "
        "tekst. Sleutels gelden alleen binnen deze export. Data op maand- of kwartaalniveau; "
        f"zeldzame combinaties (minder dan {facts['generalisation_threshold']} rijen) zijn "
        "gegeneraliseerd (kolom generalisation). Bestanden: CSV (UTF-8, komma, kopregel) en "
        "Parquet met dezelfde kolommen; dictionary.json is deze beschrijving als data.",
        "",
        "Niet delen buiten het doel waarvoor de export is gemaakt; niet proberen personen te "
        "herkennen of te koppelen aan andere bronnen.",
    ]
    for name, table in dictionary["tables"].items():
        lines += ["", f"## {name} ({facts['rows'][name]} rijen)", "", table["description"], ""]
        lines += ["| kolom | type | betekenis | codes |", "|---|---|---|---|"]
        for col in table["columns"]:
            codes = ", ".join(f"`{c['code']}` {c['label']}" for c in col.get("codes", []))
            lines.append(f"| `{col['name']}` | {col['type']} | {col['description']} | {codes} |")
    return "\n".join(lines) + "\n"
