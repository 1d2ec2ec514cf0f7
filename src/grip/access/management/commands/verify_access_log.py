"""``python manage.py verify_access_log [--anchor PLACE:HASH]``: is the access log intact?

Walks the purge's tombstones and the hash chain (``grip.access.chain``, ADR 0053) and reports
the first broken link: a row altered, removed or moved, a persons list changed, a tombstone
forged. Exit 0 and the head (place and hash: write it down elsewhere, e.g. daily in the
central log, and pass it as ``--anchor`` later to catch a log cut short); exit 1 on a break.
Needs the same ``GRIP_AUDIT_KEY`` as the app that wrote the log.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from grip.access.chain import verify


def _anchor(value: str) -> tuple[int, str]:
    place, sep, hash_ = value.partition(":")
    if not sep or not place.isdigit() or len(hash_) != 64:
        raise CommandError("--anchor reads PLACE:HASH, as the command prints it.")
    return int(place), hash_.lower()


class Command(BaseCommand):
    help = "Controleert de hashketen van het toegangslog; meldt de eerste gebroken schakel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            help="Een eerder genoteerde PLAATS:HASH die nog in de keten moet staan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = _anchor(options["anchor"]) if options.get("anchor") else None
        verdict = verify(anchor)
        if not verdict.ok:
            raise CommandError(
                f"Toegangslog GEBROKEN: {verdict.problem}. "
                f"Intact tot en met plaats {verdict.seq} ({verdict.rows} regels gecontroleerd).",
                returncode=1,
            )
        self.stdout.write(
            f"Toegangslog intact: {verdict.rows} regels; kop {verdict.seq}:{verdict.hash}"
        )
