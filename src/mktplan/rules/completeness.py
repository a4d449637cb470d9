"""The completeness family (being written)."""

RULES = ()
