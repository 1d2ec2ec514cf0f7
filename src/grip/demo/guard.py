"""The demo's commands refuse production: they create accounts with the published demo
password and second-factor secret, or print codes for that secret.

Django-free apart from settings, so that ``accounts`` (``demo_code``) can use it too.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

REFUSAL = (
    "Geweigerd: '%(command)s' is alleen voor de demo en draait niet in productie "
    "(GRIP_ENV=production). De demo maakt accounts met een gepubliceerd wachtwoord en "
    "tweede-stapgeheim."
)


def refuse_in_production(command: str) -> None:
    """Raise before anything is read or written when Grip runs in production mode.

    ``CommandError`` makes ``manage.py`` print the message and exit with status 1.
    """
    if settings.IS_PRODUCTION:
        raise CommandError(REFUSAL % {"command": command})
