"""The partner API (issue 18): partners' systems send signals and incidents and follow their
status, authenticated as API clients that act through the same access policy as people
(docs/adr/0130-partner-api.md)."""
