"""Monitor screens: who sees what (persona matrix), exact or published counts, the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grip.access.models import AccessEvent, AccessEventAction
from grip.monitor.refresh import refresh_facts
from tests.monitor.test_indicators import five  # noqa: F401 - the hand-counted March data
from tests.pdf_support import pdf_page_sizes_mm, pdf_text, require_pdf
from tests.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

MARCH = {"programme": "groninger-hotspot", "date_from": "2026-03-01", "date_to": "2026-03-31"}
COMPARE = {
    "programme": "groninger-hotspot",
    "a_from": "2026-02-01",
    "a_to": "2026-02-28",
    "b_from": "2026-03-01",
    "b_to": "2026-03-31",
}
STATS_VIEW = {"police_officer", "triage_nurse", "followup_worker", "coordinator", "analyst"}
STATS_EXPORT = {"coordinator", "analyst"}
NO_STATS = {"peer_expert", "privacy_officer", "administrator"}

# url name, query, personas allowed
MATRIX = [
    ("monitor:factsheet", MARCH, STATS_VIEW),
    ("monitor:compare", COMPARE, STATS_VIEW),
    ("monitor:dashboard", MARCH, STATS_EXPORT),
    ("monitor:factsheet_pdf", MARCH, STATS_EXPORT),
    ("monitor:notes", MARCH, {"coordinator"}),
]


@pytest.mark.parametrize("name", PERSONA_NAMES)
@pytest.mark.parametrize(("url_name", "query", "allowed"), MATRIX)
def test_persona_matrix(client_for, hotspot, name, url_name, query, allowed) -> None:
    if url_name == "monitor:factsheet_pdf" and name in allowed:
        require_pdf()
    response = client_for(name).get(reverse(url_name), query)
    if name in allowed:
        expected = 200
    elif name == "outsider":
        # A coordinator elsewhere: the Hotspot does not exist for them.
        expected = 404
    elif name in NO_STATS or url_name != "monitor:factsheet":
        expected = 403
    assert response.status_code == expected, (name, url_name)


@pytest.mark.usefixtures("five")
def test_exact_for_exporters_published_for_viewers(client_for) -> None:
    exact = client_for("analyst").get(reverse("monitor:factsheet"), MARCH)
    published = client_for("police_officer").get(reverse("monitor:factsheet"), MARCH)
    assert exact.context["exact"] is True
    assert published.context["exact"] is False
    assert exact.context["sheet"].figures["ave_levels"]["3"]["count"] == 2
    assert published.context["sheet"].figures["ave_levels"]["3"] == {
        "count": None,
        "suppressed": True,
    }
    assert "&lt;5" in published.content.decode()


@pytest.mark.usefixtures("five")
def test_factsheet_page_shows_the_sentences_and_empty_reflection(client_for) -> None:
    page = client_for("coordinator").get(reverse("monitor:factsheet"), MARCH).content.decode()
    assert "in precies de helft van de gevallen (50%)" in page
    assert "Nog geen reflectiesessies in deze periode." in page
    assert "data:image/svg+xml;base64," in page
    assert "Download PDF" in page


@pytest.mark.usefixtures("five")
def test_pdf_is_a4_suppressed_and_logged(client_for, persona) -> None:
    require_pdf()
    response = client_for("coordinator").get(reverse("monitor:factsheet_pdf"), MARCH)
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    sizes = pdf_page_sizes_mm(pdf)
    assert 1 <= len(sizes) <= 2
    assert set(sizes) == {(210, 297)}
    text = pdf_text(pdf)
    for expected in ("Groninger Hotspot", "indicatordefinities v1", "01-03-2026 t/m 31-03-2026"):
        assert expected in text
    assert "5 totaal" in text  # the number of situations
    assert "<5" in text
    event = AccessEvent.objects.get(action=AccessEventAction.EXPORT, user=persona("coordinator"))
    assert event.programme == "groninger-hotspot"
    assert "factsheet pdf" in event.purpose


@pytest.mark.usefixtures("five")
def test_queries_are_bounded(client_for, django_assert_max_num_queries) -> None:
    client = client_for("coordinator")
    refresh_facts()  # the five new responses' facts: their cost is in test_facts.py
    with django_assert_max_num_queries(40):
        assert client.get(reverse("monitor:factsheet"), MARCH).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("monitor:dashboard"), MARCH).status_code == 200
    with django_assert_max_num_queries(50):
        assert client.get(reverse("monitor:compare"), COMPARE).status_code == 200


def test_screens_open_without_a_query_on_sensible_defaults(client_for) -> None:
    client = client_for("coordinator")
    factsheet_form = client.get(reverse("monitor:factsheet"))
    assert factsheet_form.status_code == 200
    assert "sheet" not in factsheet_form.context  # the form first, with the last quarter
    assert client.get(reverse("monitor:dashboard")).context["rows"] is not None
    assert client.get(reverse("monitor:compare")).status_code == 200
    # The factsheet links to the comparison naming only its programme: the form, no errors.
    linked = client.get(reverse("monitor:compare"), {"programme": "groninger-hotspot"})
    assert linked.status_code == 200
    assert not linked.context["form"].errors
    assert linked.context["form"]["programme"].value() == "groninger-hotspot"


@pytest.mark.usefixtures("five")
def test_areas_narrow_and_must_belong_to_the_programme(client_for, hotspot) -> None:
    from grip.network.models import Area

    client = client_for("analyst")
    area = hotspot.areas.first()
    narrowed = client.get(reverse("monitor:factsheet"), {**MARCH, "areas": [area.slug]})
    assert narrowed.status_code == 200
    assert narrowed.context["sheet"].scope.areas == (area,)
    elsewhere = Area.objects.exclude(programme=hotspot).first()
    if elsewhere is not None:
        wrong = client.get(reverse("monitor:factsheet"), {**MARCH, "areas": [elsewhere.slug]})
        assert wrong.status_code == 400
