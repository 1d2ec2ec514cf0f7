"""The default vocabulary of DOMAIN.md: codes, Dutch labels and English labels, in order.

Codes and Dutch labels are DOMAIN.md's, in DOMAIN.md's order; the order becomes each term's
``position``. DOMAIN.md gives no Dutch labels for contact kinds and reflection themes; those
are ours (the themes follow the wording of the Hotspot factsheet). Loaded by
``grip.vocab.loading.load_default_vocabulary``.
"""

from __future__ import annotations

from dataclasses import dataclass

from grip.vocab.models import Vocabulary


@dataclass(frozen=True)
class DefaultTerm:
    code: str
    label: str  # Dutch, shown on screens
    label_en: str


T = DefaultTerm

INCIDENT_CODES = (
    T("E33", "overlast door persoon met verward gedrag", "nuisance by a confused person"),
    T("E14", "(poging tot) zelfdoding", "(attempted) suicide"),
    T("I28", "zorgmelding (niet-acuut)", "care report (non-acute)"),
    T("OTHER", "andere bron", "other source"),
)

RISKS = (
    T(
        "verbal_aggression",
        "(Dreiging tot) verbale agressie t.o.v. object of persoon",
        "(Threat of) verbal aggression towards an object or person",
    ),
    T(
        "physical_aggression",
        "(Dreiging tot) fysieke agressie t.o.v. object of persoon",
        "(Threat of) physical aggression towards an object or person",
    ),
    T("suicide_attempt", "(Dreiging tot) suïcidepoging", "(Threat of) suicide attempt"),
    T("self_harm", "zelfbeschadiging", "self-harm"),
    T("self_neglect", "zelfverwaarlozing", "self-neglect"),
    T("intoxication", "onder invloed", "under the influence"),
    T("psychosis", "psychotisch of verward beeld", "psychotic or confused state"),
    T("weapon", "wapen of gevaarlijk voorwerp", "weapon or dangerous object"),
    T("fire_hazard", "brandgevaar", "fire hazard"),
    T("nuisance", "overlast voor de omgeving", "nuisance to the surroundings"),
    T("wandering", "dwaalgedrag / desoriëntatie", "wandering / disorientation"),
    T("domestic_tension", "spanningen in huiselijke kring", "tension in the household"),
    T("victimisation", "slachtofferschap", "victimisation"),
    T("other", "anders", "other"),
)

INTERVENTIONS = (
    T("state_assessed", "toestand van de persoon ingeschat", "state of the person assessed"),
    T("risks_assessed", "risico's van de situatie ingeschat", "risks of the situation assessed"),
    T("deescalated", "de-escalerend gehandeld", "acted to de-escalate"),
    T("chain_connected", "verbinding met de keten gelegd", "connected with partner organisations"),
    T(
        "network_involved",
        "naasten / informeel netwerk betrokken",
        "relatives / informal network involved",
    ),
    T("crisis_service", "crisisdienst ingeschakeld", "crisis service called in"),
    T("gp_contacted", "huisarts(enpost) ingeschakeld", "GP (out-of-hours service) called in"),
    T("treatment_contacted", "eigen behandelaar ingeschakeld", "own practitioner called in"),
    T("oggz_reported", "OGGz geïnformeerd", "OGGz informed"),
    T(
        "social_team_referred",
        "doorverwezen naar WIJ / sociaal team",
        "referred to WIJ / social team",
    ),
    T("peer_expert", "ervaringsdeskundige ingezet", "peer expert involved"),
    T(
        "forensic_consulted",
        "consultatie forensische expertise (Forint)",
        "forensic expertise consulted (Forint)",
    ),
    T("transport_assessment", "vervoer naar crisisbeoordeling", "transport to crisis assessment"),
    T("wvggz_crisis", "crisismaatregel Wvggz", "crisis measure (Wvggz)"),
    T(
        "police_intervention",
        "politieel ingrijpen (aanhouding / insluiting)",
        "police intervention (arrest / detention)",
    ),
    T("no_action", "geen verdere actie nodig", "no further action needed"),
)

BOTTLENECKS = (
    T("no_police_report", "geen aangifte gedaan", "no police report filed"),
    T(
        "assessment_intoxicated",
        "crisisbeoordeling niet mogelijk door middelengebruik",
        "crisis assessment impossible due to substance use",
    ),
    T(
        "no_bed",
        "geen opname door beperkte beddencapaciteit",
        "no admission for lack of beds",
    ),
    T(
        "no_direction",
        "geen partij neemt regie of opvolging",
        "no party takes direction or follow-up",
    ),
    T("care_avoidance", "zorgmijding", "care avoidance"),
    T(
        "information_sharing",
        "informatie kon niet gedeeld worden",
        "information could not be shared",
    ),
    T("waiting_list", "wachtlijst passende zorg", "waiting list for fitting care"),
    T("other", "anders", "other"),
)

SAFETY = (
    T("none", "geen", "none"),
    T("limited", "beperkte", "limited"),
    T("reasonable", "redelijke", "reasonable"),
    T("full", "volledige", "full"),
)

OUTCOMES = (
    T("stayed_home", "ter plaatse afgerond", "concluded on site"),
    T("home_with_follow_up", "thuis, met opvolging", "at home, with follow-up"),
    T("voluntary_care", "vrijwillige zorg of opname", "voluntary care or admission"),
    T("crisis_assessment", "beoordeling door crisisdienst", "assessment by the crisis service"),
    T("compulsory_care", "verplichte zorg (Wvggz)", "compulsory care (Wvggz)"),
    T("police_custody", "insluiting", "police custody"),
    T("hospital", "ziekenhuis / SEH", "hospital / emergency department"),
    T("shelter", "maatschappelijke opvang", "shelter"),
    T("other", "anders", "other"),
)

# DOMAIN.md gives codes only; the Dutch labels are ours.
CONTACT_KINDS = (
    T("home_visit", "huisbezoek", "home visit"),
    T("phone", "telefonisch contact", "phone call"),
    T("street", "outreachend, op straat", "outreach, on the street"),
    T("network_meeting", "netwerkoverleg", "network meeting"),
    T("with_peer_expert", "samen met ervaringsdeskundige", "together with a peer expert"),
    T("consultation", "consultatie", "consultation"),
    T("other", "anders", "other"),
)

CLOSURE_REASONS = (
    T("regular_care", "overgedragen aan reguliere zorg", "handed over to regular care"),
    T("oggz", "overgedragen aan OGGz", "handed over to OGGz"),
    T("stabilised", "gestabiliseerd, geen zorg nodig", "stabilised, no care needed"),
    T("refused", "betrokkene weigert", "the person refuses"),
    T("moved", "verhuisd", "moved away"),
    T("deceased", "overleden", "deceased"),
    T("other", "anders", "other"),  # the closure form requires a text with this reason
)

# DOMAIN.md gives codes only; the Dutch labels follow the Hotspot factsheet's top threes.
THEMES_POSITIVE = (
    T(
        "multidisciplinary_cooperation",
        "sterke multidisciplinaire samenwerking",
        "strong multidisciplinary cooperation",
    ),
    T(
        "transparency_on_safety",
        "veiligheid en vertrouwen door transparantie",
        "safety and trust through transparency",
    ),
    T(
        "persistence_and_reliability",
        "vasthoudendheid en betrouwbaarheid in contact",
        "persistence and reliability in contact",
    ),
    T(
        "short_lines_with_partners",
        "korte lijnen met ketenpartners",
        "short lines with partner organisations",
    ),
    T(
        "value_of_peer_expertise",
        "waarde van ervaringsdeskundigheid",
        "value of peer expertise",
    ),
)

THEMES_LEARNING = (
    T(
        "unclear_follow_up_direction",
        "onduidelijkheid over follow-up en casusregie",
        "unclear follow-up and case direction",
    ),
    T(
        "structural_bottlenecks",
        "structurele knelpunten in zorg en veiligheid",
        "structural bottlenecks in care and safety",
    ),
    T("revolving_door_cases", "hardnekkige elastiek-casussen", "revolving-door cases"),
    T("information_sharing", "informatiedeling", "information sharing"),
    T("capacity", "capaciteit", "capacity"),
)

# Early signalling (DOMAIN.md "Early signalling: signals"): codes and Dutch labels as given there.
SIGNAL_SOURCES = (
    T("police_i28", "politie (I28 zorgmelding)", "police (I28 care report)"),
    T("police_other", "politie (overig)", "police (other)"),
    T("gp", "huisarts / POH-GGZ", "GP / mental-health nurse at the practice"),
    T("housing", "woningcorporatie", "housing corporation"),
    T("moz", "Meldpunt Overlast en Zorg", "nuisance and care reporting point (MOZ)"),
    T("neighbour", "buurtbewoner", "neighbour"),
    T("relative", "naaste", "relative"),
    T("care_provider", "zorgaanbieder", "care provider"),
    T("social_team", "WIJ / sociaal (wijk)team", "WIJ / social (neighbourhood) team"),
    T("self", "betrokkene zelf", "the person themself"),
    T("other", "anders", "other"),
)

SIGNAL_CONCERNS = (
    T("confused_behaviour", "verward gedrag", "confused behaviour"),
    T("self_neglect", "zelfverwaarlozing", "self-neglect"),
    T("nuisance", "overlast", "nuisance"),
    T("isolation", "sociaal isolement", "social isolation"),
    T("addiction", "verslaving", "addiction"),
    T("debts", "schulden", "debts"),
    T("housing_risk", "dreigende huisuitzetting", "threatened eviction"),
    T("care_avoidance", "zorgmijding", "care avoidance"),
    T("conflict", "conflicten met de omgeving", "conflicts with the surroundings"),
    T("other", "anders", "other"),
)

SIGNAL_RESULTS = (
    T(
        "regular_care",
        "doorgeleid naar reguliere zorg of ondersteuning",
        "routed to regular care or support",
    ),
    T("trajectory", "opvolgtraject", "follow-up trajectory"),
    T("no_action_needed", "geen actie nodig", "no action needed"),
    T("not_reachable", "niet bereikbaar", "not reachable"),
    T("refused", "betrokkene wil geen contact", "the person wants no contact"),
    T("other_programme", "overgedragen aan een ander programma", "handed to another programme"),
    T("other", "anders", "other"),
)

# Casework: the life domains a plan's goals are set on (the self-sufficiency matrix's domains
# as Dutch social teams use them), with "herstel" for the recovery-oriented goals that
# Vroegsignalering Oost-Groningen works with: the person's own goals for their recovery.
LIFE_DOMAINS = (
    T("housing", "wonen", "housing"),
    T("finances", "financiën", "finances"),
    T("daytime_activities", "dagbesteding en werk", "daytime activities and work"),
    T("mental_health", "psychische gezondheid", "mental health"),
    T("physical_health", "lichamelijke gezondheid", "physical health"),
    T("addiction", "middelengebruik", "substance use"),
    T("social_network", "sociaal netwerk", "social network"),
    T("daily_living", "dagelijkse levensverrichtingen", "activities of daily living"),
    T("justice", "justitie", "justice"),
    T("safety", "veiligheid", "safety"),
    T("recovery", "herstel (eigen doelen van betrokkene)", "recovery (the person's own goals)"),
    T("other", "anders", "other"),
)

# The ground on which information about a person is shared with another organisation.
LEGAL_BASES = (
    T("wvggz", "Wet verplichte ggz", "Compulsory Mental Health Care Act (Wvggz)"),
    T("wpg", "Wet publieke gezondheid", "Public Health Act (Wpg)"),
    T("wmo_2015", "Wmo 2015", "Social Support Act 2015 (Wmo)"),
    T("wpolg", "Wet politiegegevens", "Police Data Act (Wpg-politie)"),
    T("zvh_covenant", "ZVH-convenant", "Zorg- en Veiligheidshuis covenant"),
    T("consent", "toestemming van betrokkene", "consent of the person"),
    T("vital_interest", "vitaal belang", "vital interest"),
)

DEFAULT_VOCABULARY: dict[Vocabulary, tuple[DefaultTerm, ...]] = {
    Vocabulary.INCIDENT_CODE: INCIDENT_CODES,
    Vocabulary.RISK: RISKS,
    Vocabulary.INTERVENTION: INTERVENTIONS,
    Vocabulary.BOTTLENECK: BOTTLENECKS,
    Vocabulary.SAFETY: SAFETY,
    Vocabulary.OUTCOME: OUTCOMES,
    Vocabulary.CONTACT_KIND: CONTACT_KINDS,
    Vocabulary.CLOSURE_REASON: CLOSURE_REASONS,
    Vocabulary.THEME_POSITIVE: THEMES_POSITIVE,
    Vocabulary.THEME_LEARNING: THEMES_LEARNING,
    Vocabulary.SIGNAL_SOURCE: SIGNAL_SOURCES,
    Vocabulary.SIGNAL_CONCERN: SIGNAL_CONCERNS,
    Vocabulary.SIGNAL_RESULT: SIGNAL_RESULTS,
    Vocabulary.LIFE_DOMAIN: LIFE_DOMAINS,
    Vocabulary.LEGAL_BASIS: LEGAL_BASES,
}
