"""How values are written for people: figures, money and dates per language, inert text.

Below the rules and every output, so that rule messages, the deliverables, the diff
and the reports write a number, an amount or a piece of plan text the same way.
"""
