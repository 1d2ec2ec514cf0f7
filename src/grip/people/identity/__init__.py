"""Protected identity: who a person is, encrypted at rest, with a keyed pseudonym for linking.

Modules (import them directly; this package imports nothing, so that ``settings`` can use
``config`` before Django's apps are loaded):

- ``config``: reading and checking the keys from the environment (used by settings).
- ``keys``: the key ring and pseudonym key as configured in settings.
- ``cipher``: AES-GCM tokens bound to a person row and field.
- ``pseudonym``: normalisation, the HMAC pseudonym and the name + birth-year blind index.
- ``bsn``: the eleven-test and the validator; ``forms``: the BSN field and identity form.
- ``records``: the ``Identity`` value and its encryption into a ``PersonIdentity`` row.
- ``actions``: ``set_identity``, ``read_identity``, ``reveal_identity`` (rights and logging).
- ``matching``: possible matches through the two keyed indexes, recorded as suggestions.
- ``rotation``: re-encryption under the current key.

Design and reasons: docs/adr/0006-protected-identity.md.
"""
