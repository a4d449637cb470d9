"""Word-level inline diff of two texts; Chinese, Japanese and Korean text by character.

Text is cut into tokens — each CJK character alone, runs of other non-space
characters as words, runs of spaces — and :class:`difflib.SequenceMatcher` lines
the tokens up. The result is a list of runs: unchanged, removed or added text.
"""

from __future__ import annotations

import difflib
import re
from enum import Enum
from typing import NamedTuple

_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK punctuation
    "\u3040-\u30ff"  # kana
    "\u3100-\u31ff"  # bopomofo, kana extensions
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff00-\uffef"  # full-width forms and punctuation
    "\U00020000-\U0003134f"  # extensions B-G
)
_TOKEN = re.compile(f"[{_CJK}]|\\s+|[^\\s{_CJK}]+")


class Op(str, Enum):
    """What happened to a run of text."""

    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


class Run(NamedTuple):
    """A stretch of text that was kept, removed or added."""

    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """Cut text into words, spaces and single CJK characters (nothing is lost)."""
    return _TOKEN.findall(text)


def inline_diff(old: str, new: str) -> list[Run]:
    """The runs that turn ``old`` into ``new``, removals before additions at each change."""
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(runs, Op.SAME, "".join(before[i1:i2]))
            continue
        _append(runs, Op.REMOVED, "".join(before[i1:i2]))
        _append(runs, Op.ADDED, "".join(after[j1:j2]))
    return runs


def _append(runs: list[Run], op: Op, text: str) -> None:
    if not text:
        return
    if runs and runs[-1].op is op:
        runs[-1] = Run(op, runs[-1].text + text)
    else:
        runs.append(Run(op, text))
