"""``python manage.py demo_code USERNAME``: the demo user's current second-factor code.

Only for the demo users that ``manage.py demo`` made, whose TOTP secret is the published demo
secret; a real account's secret is never printed (the command refuses), and never in
production mode (``grip.demo.guard``).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.accounts.devices import DEMO_TOTP_SECRET, current_code
from grip.demo.guard import refuse_in_production


class Command(BaseCommand):
    help = "Print a demo user's current second-factor (TOTP) code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production("demo_code")
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is None or decrypt(totp.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(f"{username!r} is not a demo user with the demo secret.")
        self.stdout.write(current_code(DEMO_TOTP_SECRET))
