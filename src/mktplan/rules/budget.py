"""The budget family (being written)."""

RULES = ()
