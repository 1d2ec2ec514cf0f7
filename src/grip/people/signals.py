"""Signals the people app sends to the apps above it (which it never imports)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside ``linking.merge``'s transaction, before the absorbed person's rows move to the
# survivor, with ``actor``, ``survivor``, ``absorbed`` and ``reason``. Follow-up merges the
# two persons' open trajectories in a programme here: one open trajectory per person per
# programme is a database constraint, which moving both to one person would break.
persons_merging = Signal()
