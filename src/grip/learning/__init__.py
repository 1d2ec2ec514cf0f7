"""Learning cycles, reflection sessions, turning points and themes (issue 7)."""
