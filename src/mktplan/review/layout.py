"""The header of a file of actuals: which columns it has, and so which kinds of facts.

``date,line,amount[,note]`` is spend, ``date,kpi,value[,note]`` KPI measurements,
``date,return,amount[,note]`` returns; a ``kind`` column (``spend``, ``kpi``,
``return``) mixes them, each row reading the columns of its kind. Column names are
matched without case and surrounding space; an unknown one is named with the closest
known one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from mktplan.findings import Message, msg

Kind = Literal["spend", "kpi", "return"]
KINDS: tuple[Kind, ...] = ("spend", "kpi", "return")
#: the column of each kind that names what a row is about, and the one with its number
ID_COLUMN: Mapping[Kind, str] = {"spend": "line", "kpi": "kpi", "return": "return"}
NUMBER_COLUMN: Mapping[Kind, str] = {"spend": "amount", "kpi": "value", "return": "amount"}
COLUMNS = ("date", "kind", "line", "kpi", "return", "amount", "value", "note")
#: what people write for a kind in a ``kind`` column, and for a column in a header
KIND_WORDS: Mapping[str, Kind] = {"spend": "spend", "cost": "spend", "kpi": "kpi",
                                  "return": "return", "returns": "return"}


class Layout(NamedTuple):
    """Where each column is (0-based), and the kinds of rows the file can hold."""

    at: Mapping[str, int]
    kinds: tuple[Kind, ...]
    width: int

    def column(self, kind: Kind, role: Literal["id", "number"]) -> int | None:
        """The cell of a row of ``kind`` with its id or its number (None: not in the file)."""
        name = (ID_COLUMN if role == "id" else NUMBER_COLUMN)[kind]
        found = self.at.get(name)
        if found is None and role == "number":  # a mixed file may have one number column
            found = self.at.get("value" if name == "amount" else "amount")
        return found


class HeaderProblem(NamedTuple):
    """Why a header does not work, and at which cell (0-based; None: the whole header)."""

    cell: int | None
    message: Message


def read_header(cells: Sequence[str]) -> Layout | HeaderProblem:
    """The layout of a header row, or what is wrong with it."""
    names = [cell.strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        if name not in COLUMNS:
            return HeaderProblem(position, _unknown_column(cells[position], names))
        if name in index:
            return HeaderProblem(position, msg("review.header.twice", name=name))
        index[name] = position
    return _kinds(index, names, len(cells))


def _unknown_column(cell: str, names: Sequence[str]) -> Message:
    import difflib

    shown = cell.strip() or "(empty)"
    guess = difflib.get_close_matches(cell.strip().lower(),
                                      [name for name in COLUMNS if name not in names], n=1)
    if guess:
        return msg("review.header.unknown-column", name=shown, guess=guess[0])
    return msg("review.header.unknown-column-forms", name=shown, forms=_forms())


def _forms() -> Message:
    return msg("review.header.forms")


def _kinds(index: dict[str, int], names: Sequence[str], width: int) -> Layout | HeaderProblem:
    if "date" not in index:
        return HeaderProblem(None, msg("review.header.no-date", forms=_forms()))
    if "kind" in index:
        kinds = tuple(kind for kind in KINDS if ID_COLUMN[kind] in index)
        if not kinds or not ({"amount", "value"} & index.keys()):
            return HeaderProblem(index["kind"], msg("review.header.kind-needs"))
        return Layout(index, kinds, width)
    found = [kind for kind in KINDS if ID_COLUMN[kind] in index]
    if len(found) != 1:
        key = "review.header.no-id" if not found else "review.header.several-ids"
        return HeaderProblem(None, msg(key, names=", ".join(names), forms=_forms()))
    kind = found[0]
    if NUMBER_COLUMN[kind] not in index:
        return HeaderProblem(None, msg("review.header.needs-number", id=ID_COLUMN[kind],
                                       number=NUMBER_COLUMN[kind]))
    return Layout(index, (kind,), width)
