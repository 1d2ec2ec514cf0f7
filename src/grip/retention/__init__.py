"""Retention: how long each kind of record is kept, and the ``purge`` command that ends it.

This app spans all others and sits on top of them: it may import every app, and no app
imports it. See ``docs/retention.md`` for the classes, their defaults and legal sources, and
``docs/adr/0070-retention-and-purge.md`` for why expired data is anonymised the way it is.
"""
