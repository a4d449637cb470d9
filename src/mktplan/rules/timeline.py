"""The timeline family (being written)."""

RULES = ()
