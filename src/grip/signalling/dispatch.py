"""Django signals that signalling sends to the apps above it (which it must not import).

``trajectory_requested``: signals were closed with result ``trajectory``; the follow-up app
opens the person's trajectory in the programme, or joins the one already open (never a second
one), and puts the signals on it. Sent inside the closing transaction with ``signals`` (a list
of ``Signal``) and ``actor`` (the user, or None for the command-line import).
"""

from django.dispatch import Signal as DjangoSignal

trajectory_requested = DjangoSignal()
