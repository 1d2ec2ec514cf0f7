"""Request and task logs: one JSON line per request, with ids and no person data.

The walk logs in as every demo user through the real password and code steps, follows the
links of the demo's pages, reveals identities, searches for a demo name and sends a form with
one: the log lines it produced hold none of the demo persons' names, BSNs or addresses.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import orjson
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from grip.accounts.devices import current_code
from grip.demo.users import DEMO_PASSWORD, DEMO_USERS
from grip.ops.logs import JsonFormatter, NoClientErrorTracebacks, RequestIdFilter
from grip.people.identity.actions import read_identity
from grip.people.models import Person, PersonIdentity

pytestmark = pytest.mark.django_db

PAGES_PER_USER = 30
# Links the walk does not follow: leaving, other languages, the admin, downloads.
SKIP = re.compile(r"^/(uitloggen|i18n|beheer|static|account)/|\.(pdf|csv|zip)$|/export")
LINK = re.compile(r'href="(/[^"#]*)"')


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """The log lines as production writes them (JSON, INFO, the same filters)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(NoClientErrorTracebacks())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def log_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"login": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302, username
    return client


def walk(client: Client, limit: int) -> int:
    """Follow the links from the home page, breadth first, GET only; returns pages asked."""
    queue, seen, asked = ["/"], {"/"}, 0
    while queue and asked < limit:
        response = client.get(queue.pop(0))
        asked += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            path = link.replace("&amp;", "&")
            if path not in seen and not SKIP.search(path):
                seen.add(path)
                queue.append(path)
    return asked


def demo_identities() -> list[str]:
    """Every name, BSN and address of the demo's persons (and each name's parts)."""
    words: set[str] = set()
    for person in Person.objects.filter(pk__in=PersonIdentity.objects.values("person")):
        identity = read_identity(person)
        words.update({identity.name, identity.bsn, identity.address})
        words.update(part for part in identity.name.split() if len(part) > 3)
    return sorted(word for word in words if word)


def test_a_demo_walk_logs_no_person_data(settings) -> None:
    # The demo's users get the production hasher; the tests' fast one could not check them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    call_command("demo", stdout=StringIO())
    secrets = demo_identities()
    assert len(secrets) > 50  # the demo has identities to look for
    someone = Person.objects.filter(pk__in=PersonIdentity.objects.values("person")).first()
    assert someone is not None
    name = read_identity(someone).name
    with captured_logs() as stream:
        pages = 0
        for spec in DEMO_USERS:
            client = log_in(spec.username)
            pages += walk(client, PAGES_PER_USER)
            # A search with a name in the query string, a reveal and a refused form with one.
            client.get(reverse("intake:incident_list"), {"q": name, "zoek": name})
            detail = reverse("people:person_detail", args=[someone.display_key])
            client.post(reverse("people:person_reveal", args=[someone.display_key]))
            client.post(
                reverse("people:person_identity", args=[someone.display_key]),
                {"name": name, "bsn": "123", "address": "x"},
            )
            client.get(detail)
    lines = [orjson.loads(line) for line in stream.getvalue().splitlines()]
    requests = [line for line in lines if line.get("event") == "request"]
    assert pages > 8 * 5
    assert len(requests) >= pages
    text = stream.getvalue()
    found = [secret for secret in secrets if secret in text]
    assert not found, f"person data in the logs: {found[:5]}"
    # Every request line carries its id, route, status and duration; signed-in ones the user
    # and organisation; refusals (403/404) have no traceback.
    assert all(line["request_id"] and "duration_ms" in line for line in requests)
    assert any(line.get("organisation") == "gemeente-groningen" for line in requests)
    assert any(line["status"] in (403, 404) for line in requests)
    assert not any("exception" in line for line in lines if line.get("status", 500) < 500)
    assert not any("Traceback" in line.get("exception", "") for line in lines)


def test_a_request_gets_an_id_and_one_line(client) -> None:
    with captured_logs() as stream:
        response = client.get(reverse("login"), HTTP_X_REQUEST_ID="proxy-given-id-123")
    assert response["X-Request-ID"] == "proxy-given-id-123"
    (line,) = [orjson.loads(raw) for raw in stream.getvalue().splitlines()]
    assert line["event"] == "request"
    assert line["request_id"] == "proxy-given-id-123"
    assert line["route"] == "inloggen/"
    assert line["status"] == 200
    assert "user_id" not in line


def test_a_forged_request_id_is_replaced(client) -> None:
    with captured_logs() as stream:
        response = client.get(reverse("login"), HTTP_X_REQUEST_ID='bad"\n{"level":"x"}')
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert len(stream.getvalue().splitlines()) == 1
