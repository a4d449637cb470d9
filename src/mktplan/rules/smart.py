"""The smart family (being written)."""

RULES = ()
