"""Signals triage sends to the apps above it (which it must not import).

``follow_up_requested``: responses were saved that ask for follow-up; the follow-up app
opens their trajectories. Sent inside the saving transaction with ``responses`` (a list) and
``actor`` (the user, or None for the command-line import).

``bulk_writing`` and ``bulk_written``: one batch of the exchange import is about to write its
rows in bulk, and has written them; ``bulk_written`` carries ``response_ids``, every response
the batch inserted or changed (with its incident, code lists and trajectory). Both are sent
inside the batch's transaction, in that order, and nothing but the batch's own rows is
written in between. A receiver may set per-row work aside for the batch and do it once for
all of its responses (the monitor app does so with its fact marks on SQLite). When the batch
fails, ``bulk_written`` is not sent and the transaction is rolled back.
"""

from django.dispatch import Signal

follow_up_requested = Signal()
bulk_writing = Signal()
bulk_written = Signal()
