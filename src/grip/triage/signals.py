"""Signals triage sends to the apps above it (which it must not import).

``follow_up_requested``: responses were saved that ask for follow-up; the follow-up app
opens their trajectories. Sent inside the saving transaction with ``responses`` (a list) and
``actor`` (the user, or None for the command-line import).
"""

from django.dispatch import Signal

follow_up_requested = Signal()
