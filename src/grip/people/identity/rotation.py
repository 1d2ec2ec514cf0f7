"""Re-encrypt every identity under the current key, so that old keys can be retired.

Streams the rows in primary-key order, a batch per transaction, each batch re-read under a
row lock: a ``set_identity`` running at the same time is either before (and re-encrypted here)
or after (and already under the current key), never overwritten with older data. Rows already
under the current key are not touched, so running it again does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from grip.access.log import record
from grip.access.models import AccessEventAction
from grip.people.identity.cipher import IdentityDecryptionError
from grip.people.identity.keys import key_ring
from grip.people.identity.records import ENCRYPTED_COLUMNS, seal, unseal
from grip.people.models import PersonIdentity

DEFAULT_BATCH_SIZE = 500


@dataclass
class RotationResult:
    current_key_id: str
    reencrypted: int = 0
    already_current: int = 0
    #: primary keys of rows that could not be decrypted (unknown key, or tampered)
    failed: list[int] = field(default_factory=list)


def rotate_identity_keys(batch_size: int = DEFAULT_BATCH_SIZE) -> RotationResult:
    ring = key_ring()
    result = RotationResult(current_key_id=ring.current_id)
    stale = PersonIdentity.objects.exclude(key_id=ring.current_id)
    result.already_current = PersonIdentity.objects.filter(key_id=ring.current_id).count()
    columns = [*ENCRYPTED_COLUMNS.values(), "key_id"]
    last_pk = 0
    while True:
        ids = list(
            stale.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        last_pk = ids[-1]  # also past the failed rows: they are reported, not retried forever
        with transaction.atomic():
            changed = []
            for row in stale.select_for_update().filter(pk__in=ids).order_by("pk"):
                try:
                    identity = unseal(row, ring)
                except IdentityDecryptionError:
                    result.failed.append(row.pk)
                    continue
                seal(row, identity, ring)
                changed.append(row)
            # bulk_update leaves updated_at alone: the identity itself did not change.
            PersonIdentity.objects.bulk_update(changed, columns)
            result.reencrypted += len(changed)
    if result.reencrypted:
        record(
            None,
            AccessEventAction.UPDATE,
            purpose=(
                f"people:rotate_identity_keys key={ring.current_id} "
                f"reencrypted={result.reencrypted}"
            ),
        )
    return result
