"""The person's own view: experienced control and safety, relatives, experience stories
(issue 21, docs/adr/0110-experienced-control-and-safety.md)."""
