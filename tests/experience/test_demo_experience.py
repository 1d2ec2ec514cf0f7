"""The demo fills the person's own view: askings at start and closure (with both
non-answers), relatives, and stories with consent on a reflection session."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from grip.experience.indicators import experience_figures
from grip.experience.models import ExperienceAnswer, ExperienceStory, RelativeSupport
from grip.learning.models import SessionStory
from grip.network.models import Programme

pytestmark = pytest.mark.django_db


def test_demo_gives_the_section_something_to_show() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "ervaren regie en veiligheid" in out.getvalue()
    answers = ExperienceAnswer.objects.all()
    assert answers.filter(moment="start", status="answered").count() >= 10
    assert answers.filter(moment="closure", status="answered").exists()
    assert answers.filter(status="declined").exists()
    assert answers.filter(status="not_asked").exists()
    assert answers.filter(respondent="relative").exists()
    assert not answers.filter(recorded_at__gt=timezone.now()).exists()
    assert RelativeSupport.objects.exists()
    assert ExperienceStory.objects.filter(consent__withdrawn_at__isnull=True).count() >= 1
    assert SessionStory.objects.exists()
    early = Programme.objects.get(slug="groninger-vroegsignalering")
    first = answers.order_by("recorded_at").first()
    assert first is not None
    figures = experience_figures(
        early, timezone.localtime(first.recorded_at).date(), timezone.localdate()
    )
    assert figures["asked"] == answers.filter(respondent="person", programme=early).count()
    assert figures["improved"]["control"]["pairs"] >= 1
    # Again: nothing added.
    count = answers.count()
    call_command("demo", stdout=StringIO())
    assert ExperienceAnswer.objects.count() == count
