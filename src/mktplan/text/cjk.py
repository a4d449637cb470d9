"""Chinese typography: what a Chinese editor expects of text that YAML folded.

YAML folds a line break inside a plain, quoted or ``>`` scalar into a space, which is
right between English words and wrong in Chinese: a plan wrapping a Chinese paragraph
over several lines gets ``38 万， 月均`` where it meant ``38 万，月均``. :func:`join_folded`
takes such spaces out again: a space after full-width punctuation or before it, and a
space between two CJK characters. Spaces between CJK and Latin text (``12 月``), which
many Chinese writers type on purpose, stay as written.
"""

from __future__ import annotations

import re
from typing import Final

_CJK: Final = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_PUNCTUATION: Final = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_FOLDED_SPACE: Final = re.compile(
    rf"(?<=[{_PUNCTUATION}]) +|(?<=[{_CJK}]) +(?=[{_CJK}])| +(?=[{_PUNCTUATION}])")


def join_folded(text: str) -> str:
    """``text`` without the spaces folding put next to Chinese punctuation and characters."""
    return _FOLDED_SPACE.sub("", text)
