"""Column widths from what the cells hold, as a browser lays out an automatic table.

Text is measured in tenths of an em: a Latin letter or digit is about six (as wide as
in DejaVu Sans, which LibreOffice uses where Calibri is missing; Calibri is narrower),
punctuation and thin letters three, a CJK character ten: CJK characters count about
double.
Each column has what it *needs* (its longest unbreakable piece: a word, or the whole
line of a cell that must not wrap, such as an id, a date or an amount) and what it
*wants* (its longest line). When every column can have what it wants, the spare width
is shared in proportion; when not, every column gets what it needs and the rest is
shared in proportion to what each still wants; when even that does not fit, the table
the table is set a point smaller (:mod:`.fitted`) or goes on a landscape page where its
needs fit (:func:`fits`); where they fit nowhere, long words of text break, but not
ids, numbers, dates or the words of headings, and only when even those do not fit do
all columns shrink in proportion to their needs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from mktplan.text.formatter import is_wide

CELL_MARGIN_TWIPS: Final = 75
"""Left and right padding of a cell (0.13 cm), set on every fitted table."""
CELL_PADDING_TWIPS: Final = 2 * CELL_MARGIN_TWIPS + 15
"""Both margins and a little air."""
LATIN: Final = 6
WIDE: Final = 10
GAP: Final = 3
SHORT_TEXT: Final = 4 * WIDE
MIN_UNITS: Final = 3 * LATIN
"""No column is narrower than three Latin characters."""
BOLD_FACTOR: Final = 1.15
Breaks = Literal["nowhere", "spaces", "anywhere"]
"""Where a cell's lines may break: ids and dates nowhere, numbers with units at spaces
only, text at spaces, hyphens and CJK characters."""
_WORD: Final = re.compile(r"[^\s]+")
_UNIT_BREAK: Final = re.compile(r"\s+(?=[^\s\d+\-.,])")
_THIN: Final = frozenset(" ,.:;'!|il()[]/-")


def char_units(char: str) -> int:
    """How wide one character is, in tenths of an em."""
    if is_wide(char):
        return WIDE
    if char in _THIN:
        return 3
    if char in "%@&#mwMW—":
        return 10
    return 7 if char.isupper() or char.isdigit() else LATIN


def text_units(text: str) -> int:
    """How wide ``text`` is on one line, in tenths of an em.

    Word and LibreOffice put a quarter em between CJK and Latin characters
    (``2027 年 3 月``), counted here at each change from one to the other.
    """
    units, previous = 0, None
    for char in text:
        wide = is_wide(char)
        units += char_units(char)
        if previous is not None and wide != previous and not char.isspace():
            units += GAP
        previous = None if char.isspace() else wide
    return units


def unit_words(line: str) -> list[str]:
    """A figure's line split where it may break: before a word, never before a number.

    ``CNY 12,000`` stays whole, ``42,000 visitors`` may break before ``visitors``.
    """
    return [piece for piece in _UNIT_BREAK.split(line) if piece]


def longest_piece(text: str) -> int:
    """The widest piece of ``text`` a line may not break.

    Lines break at spaces, after a hyphen or slash, and around every CJK character.
    """
    widest = 0
    for word in _WORD.findall(text):
        run = 0
        for char in word:
            if is_wide(char):
                widest = max(widest, run, WIDE)
                run = 0
            else:
                run += char_units(char)
                if char in "-/":
                    widest, run = max(widest, run), 0
        widest = max(widest, run)
    return widest


@dataclass
class Measure:
    """What one column needs and wants, in tenths of an em, grown cell by cell."""

    need: int = MIN_UNITS
    """The longest word or unbreakable cell."""
    hard: int = MIN_UNITS
    """The longest unbreakable cell or heading word: what must never break."""
    want: int = MIN_UNITS
    filled: bool = False

    def take(self, text: str, *, breaks: Breaks, bold: bool = False, hard: bool = False) -> None:
        """Count a cell's text, which breaks where ``breaks`` says; ``hard``: nowhere else."""
        if not text:
            return
        factor = BOLD_FACTOR if bold else 1.0
        lines = text.split("\n")
        longest = max(text_units(line) for line in lines)
        if breaks == "nowhere":
            piece = longest
        elif breaks == "spaces":
            piece = max(text_units(word) for line in lines for word in unit_words(line))
        else:
            piece = max(longest_piece(line) for line in lines)
        piece = round(piece * factor)
        self.want = max(self.want, round(longest * factor))
        self.need = max(self.need, piece)
        if hard or breaks != "anywhere":
            self.hard = max(self.hard, piece)


def allocate(measures: Sequence[Measure], width: int, unit: int) -> list[int]:
    """Twips for each column, adding up to ``width``; ``unit``: twips in a tenth of an em.

    A column of text that may wrap still gets four CJK characters (or all it wants)
    before the spare width is shared, so that short names do not break.
    """
    need = [max(m.need, min(m.want, SHORT_TEXT)) * unit + CELL_PADDING_TWIPS for m in measures]
    want = [max(m.want, m.need) * unit + CELL_PADDING_TWIPS for m in measures]
    hard = [m.hard * unit + CELL_PADDING_TWIPS for m in measures]
    if sum(want) <= width:
        base, weights = want, want
    elif sum(need) <= width:
        base, weights = need, [w - n for w, n in zip(want, need, strict=True)]
    elif sum(hard) <= width:  # long words of text break; ids, numbers and headings do not
        base, weights = hard, [n - h for n, h in zip(need, hard, strict=True)]
    else:
        base, weights = [0] * len(need), need
    spare = width - sum(base)
    total = sum(weights) or 1
    widths = [b + spare * weight // total for b, weight in zip(base, weights, strict=True)]
    widths[-1] += width - sum(widths)
    return widths


def fits(measures: Sequence[Measure], width: int, unit: int) -> bool:
    """Whether no word, id, number or date needs to break within ``width`` twips."""
    return sum(m.need * unit + CELL_PADDING_TWIPS for m in measures) <= width
