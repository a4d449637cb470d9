r"""The value grammar's pieces: regular expressions both the parsers and the JSON Schema use.

The value parsers (:mod:`mktplan.load.values`) match compositions of these pieces, and
the JSON Schema's ``pattern`` strings (:mod:`mktplan.model.patterns`) are generated
from the same pieces, so the two cannot drift apart. Every piece is written in the
common subset of Python's ``re`` and ECMAScript's regular expressions (the ``u`` flag
that JSON-Schema validators such as yaml-language-server use): explicit character
classes instead of ``\d`` and ``\s`` (whose meaning differs between the two), no
named groups and no inline flags. The generators below write the limits of a value
(a digit count, a range of numbers, a finite set such as the days of a year) into a
pattern, for the schema to give the same verdict as the parser's arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

ASCII_DIGITS = "0123456789"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"  # what a Chinese input method types in full-width mode
#: the white space a value may have around and between its parts
SPACE_CHARS = " \t\n\r\u00a0\u3000"
_ESCAPED = {"\t": r"\t", "\n": r"\n", "\r": r"\r"}


def digit_class(digits: str) -> str:
    """A class of ASCII digits and their full-width twins: ``"0369"`` → ``[0369０３６９]``."""
    spans = _spans(sorted(set(digits)))
    ascii_part = "".join(_span_text(first, last) for first, last in spans)
    wide = "".join(_span_text(_wide(first), _wide(last)) for first, last in spans)
    return f"[{ascii_part}{wide}]"


def _spans(digits: list[str]) -> list[tuple[str, str]]:
    spans: list[tuple[str, str]] = []
    for digit in digits:
        if spans and ord(digit) == ord(spans[-1][1]) + 1:
            spans[-1] = (spans[-1][0], digit)
        else:
            spans.append((digit, digit))
    return spans


def _span_text(first: str, last: str) -> str:
    if first == last:
        return first
    if ord(last) == ord(first) + 1:
        return first + last
    return f"{first}-{last}"


def _wide(digit: str) -> str:
    return FULL_WIDTH_DIGITS[ASCII_DIGITS.index(digit)]


def anchored(body: str) -> str:
    """The pattern that matches the whole text against ``body`` (``$`` as ECMAScript reads it)."""
    return f"^(?:{body})$"


def either(*alternatives: str) -> str:
    """A group matching any of ``alternatives`` (non-capturing; one alone needs no group)."""
    unique = list(dict.fromkeys(alternatives))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


def case_insensitive(word: str) -> str:
    """``word`` in any mix of cases: ``zh-CN`` → ``[zZ][hH]-[cC][nN]``."""
    return "".join(f"[{char.lower()}{char.upper()}]" if char.isalpha() else _literal(char)
                   for char in word)


def _literal(char: str) -> str:
    return "\\" + char if char in r"\^$.|?*+()[]{}/" else char


def times(atom: str, low: int, high: int | None) -> str:
    """``atom`` repeated from ``low`` to ``high`` times (None: no limit), in the shortest form."""
    if high is not None and high < low:
        raise ValueError("times needs low <= high")
    if high == low:
        return "" if low == 0 else atom if low == 1 else f"{atom}{{{low}}}"
    if high is None:
        return {0: f"{atom}*", 1: f"{atom}+"}.get(low, f"{atom}{{{low},}}")
    if (low, high) == (0, 1):
        return f"{atom}?"
    return f"{atom}{{{low},{high}}}"


DIGIT = digit_class(ASCII_DIGITS)
NONZERO = digit_class("123456789")
ZERO = digit_class("0")
SPACE = "[" + "".join(_ESCAPED.get(char, char) for char in SPACE_CHARS) + "]*"
"""Any run of white space, including none."""
SIGN = "[-+]"
POINT = r"\."
GROUP_SEPARATOR = ","
PERCENT = "%"
CURRENCY_SIGN = "元"
#: Chinese number units and the power of ten each stands for ("" is none)
UNIT_EXPONENTS = {"": 0, "千": 3, "万": 4, "亿": 8}
FRACTION = f"{POINT}{DIGIT}+"
GROUPED_INTEGER = f"{DIGIT}{{1,3}}(?:{GROUP_SEPARATOR}{DIGIT}{{3}})+"
DECIMAL = f"{DIGIT}+(?:{FRACTION})?"
"""Digits, with or without a fractional part: ``20``, ``0.5``."""
PLAIN_NUMBER = f"{DECIMAL}|{FRACTION}"
"""A decimal number without thousands separators: ``20``, ``0.5``, ``.5``."""
NUMBER = f"{GROUPED_INTEGER}(?:{FRACTION})?|{PLAIN_NUMBER}"
"""A decimal number, with or without thousands separators: ``3,000,000.5``, ``20``, ``.5``."""
SLUG = "[A-Za-z0-9][A-Za-z0-9_.-]*"
LAUNCH_DAY = "T"
PLAN_MONTH = "M"
DAY_OFFSET = f"{DIGIT}{{1,4}}"
ISO_DATE = f"{DIGIT}{{4}}-{DIGIT}{{2}}-{DIGIT}{{2}}"
UNIT = either(*(unit for unit in UNIT_EXPONENTS if unit)) + "?"
WHOLE = f"{DIGIT}+(?:{POINT}{ZERO}+)?"
"""A whole number as digits, perhaps with a zero fraction: ``12``, ``12.0``."""


# --- layouts: how each kind of value is put together -----------------------------------------
# A layout is written once and read two ways. The parsers pass ``named``, which captures
# each part for the arithmetic that follows; the schema passes a ``Capture`` that puts a
# pattern with the value's limits written in it in place of some parts.
Capture = Callable[[str, str], str]


def named(name: str, body: str) -> str:
    """Capture ``body`` as the group ``name`` (Python's syntax: the parsers' own)."""
    return f"(?P<{name}>{body})"


def amount(capture: Capture = named) -> str:
    """Money and numbers: ``"-1,500.5 万元"``; the quantity is the number with its unit."""
    quantity = f"{capture('number', NUMBER)}{SPACE}{capture('unit', UNIT)}"
    return (f"{SPACE}{capture('sign', SIGN + '?')}{SPACE}{capture('quantity', quantity)}"
            f"{SPACE}(?:{CURRENCY_SIGN}{SPACE})?")


def percentage(capture: Capture = named) -> str:
    """A share as a percentage: ``5%``, ``12.5 %``."""
    return f"{SPACE}{capture('number', SIGN + '?' + DECIMAL)}{SPACE}{PERCENT}{SPACE}"


def fraction(capture: Capture = named) -> str:
    """A share as a plain number: ``0.05``, ``.05``."""
    return f"{SPACE}{capture('number', SIGN + '?' + either(PLAIN_NUMBER))}{SPACE}"


def change(capture: Capture = named) -> str:
    """A relative change: a signed percentage such as ``+50%``."""
    return (f"{SPACE}{capture('sign', SIGN)}{SPACE}{capture('number', DECIMAL)}{SPACE}"
            f"{PERCENT}{SPACE}")


def iso_date(capture: Capture = named) -> str:
    """A calendar date, ``2027-03-01``."""
    return f"{SPACE}{capture('iso', ISO_DATE)}{SPACE}"


def launch_offset(capture: Capture = named) -> str:
    """Days from the launch day: ``T``, ``T-30``, ``T + 7``."""
    offset = f"{capture('sign', SIGN)}{SPACE}{capture('days', DAY_OFFSET)}"
    return f"{SPACE}{LAUNCH_DAY}(?:{SPACE}{offset})?{SPACE}"


def plan_month(capture: Capture = named, digits: int = 2) -> str:
    """A plan month: ``M3``, ``M03`` (the number has at most ``digits`` digits)."""
    return f"{SPACE}{PLAN_MONTH}{capture('month', times(DIGIT, 1, digits))}{SPACE}"


def whole_number(capture: Capture = named) -> str:
    """A count: ``3``, ``+3``, ``3.0``."""
    value = f"{capture('sign', SIGN + '?')}{capture('digits', WHOLE)}"
    return f"{SPACE}{capture('value', value)}{SPACE}"


def exactly(word: str) -> str:
    """The word itself, with white space around allowed (the format version ``1``)."""
    return f"{SPACE}{''.join(_literal(char) for char in word)}{SPACE}"


# --- limits written into patterns ----------------------------------------------------------
Trie = dict[str, "Trie"]
"""Words as a tree of their characters; the key ``""`` marks the end of a word."""


def one_of(words: Iterable[str]) -> str:
    """A pattern matching exactly ``words`` (of digits and other characters), compactly.

    The words go into a trie; characters whose subtrees read the same share one
    character class, so the days of a year come out as a few dozen alternatives.
    """
    trie: Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word
    return _trie_pattern(trie)


def _trie_pattern(node: Trie) -> str:
    by_rest: dict[str, list[str]] = {}
    for char, child in node.items():
        if char:
            by_rest.setdefault(_trie_pattern(child), []).append(char)
    branches = [_chars_pattern(chars) + rest for rest, chars in sorted(by_rest.items())]
    if not branches:
        return ""
    group = either(*branches)
    if "" not in node:
        return group
    return (group if group.startswith("(?:") or _is_atom(group) else f"(?:{group})") + "?"


def _is_atom(pattern: str) -> bool:
    """Whether a quantifier after ``pattern`` applies to all of it (one character or class)."""
    if pattern.startswith("[") and pattern.endswith("]"):
        return pattern.count("[") == 1
    return len(pattern) == 1 or (len(pattern) == 2 and pattern[0] == "\\")


def _chars_pattern(chars: list[str]) -> str:
    digits = "".join(char for char in chars if char in ASCII_DIGITS)
    others = [_literal(char) for char in sorted(chars) if char not in ASCII_DIGITS]
    pieces = ([digit_class(digits)] if digits else []) + others
    return either(*pieces)


def integer_range(low: int, high: int | None) -> str:
    """Whole numbers from ``low`` to ``high`` (None: no upper limit), leading zeros allowed."""
    if low < 0:
        raise ValueError("integer_range covers whole numbers from 0 up")
    if high is None and low <= 1:
        body = NONZERO + times(DIGIT, 0, None)
    elif high is None:
        width = len(str(low))
        open_ended = NONZERO + times(DIGIT, width, None)
        finite = one_of(str(number) for number in range(max(low, 1), 10 ** width))
        body = either(finite, open_ended) if finite else open_ended
    elif high - low <= _LISTED_NUMBERS:
        body = one_of(str(number) for number in range(max(low, 1), high + 1))
    elif low <= 1:
        body = _positive_up_to(high)
    else:
        raise ValueError("integer_range lists at most 10,000 numbers above a low of 2 or more")
    significant = f"{ZERO}*{body}" if body else ""
    if low == 0:
        return either(significant, f"{ZERO}+") if significant else f"{ZERO}+"
    return significant


_LISTED_NUMBERS = 10_000
"""Up to this many numbers, a range is written as a trie of them (compact for days, months)."""


def _positive_up_to(high: int) -> str:
    """Whole numbers from 1 to ``high`` without leading zeros, in as many pieces as it has digits.

    Fewer digits than ``high``; or as many, with a smaller digit where the two first differ;
    or ``high`` itself.
    """
    written = str(high)
    width = len(written)
    pieces = [NONZERO + times(DIGIT, 0, width - 2)] if width > 1 else []
    for at, digit in enumerate(written):
        smallest = 1 if at == 0 else 0
        if int(digit) > smallest:
            prefix = "".join(digit_class(same) for same in written[:at])
            smaller = digit_class("".join(str(d) for d in range(smallest, int(digit))))
            rest = width - at - 1
            pieces.append(prefix + smaller + times(DIGIT, rest, rest))
    pieces.append("".join(digit_class(same) for same in written))
    return either(*pieces)


def integer_digits(count: int, grouped: bool) -> str:
    """An integer part with at most ``count`` significant digits (leading zeros are free).

    ``grouped``: with thousands separators (``1,234,567``, at least one), else plain digits.
    """
    if not grouped:
        if count == 0:
            return f"{ZERO}+"
        return either(f"{ZERO}*{NONZERO}{times(DIGIT, 0, count - 1)}", f"{ZERO}+")
    group = f"(?:{GROUP_SEPARATOR}{DIGIT}{{3}})"
    leading: list[str] = []  # the first significant digit in the first group
    after_zeros: list[str] = []  # the first significant digit in a later group
    for width in range(1, min(3, count) + 1):
        significant = NONZERO + times(DIGIT, width - 1, width - 1)
        more = (count - width) // 3
        if more >= 1:
            leading.append(times(ZERO, 0, 3 - width) + significant + times(group, 1, more))
        after_zeros.append(times(ZERO, 3 - width, 3 - width) + significant + times(group, 0, more))
    zero_group = f"(?:{GROUP_SEPARATOR}{ZERO}{{3}})"
    zeros_first = (f"{ZERO}{{1,3}}{zero_group}*{GROUP_SEPARATOR}"
                   + either(f"{ZERO}{{3}}", *after_zeros))
    return either(*leading, zeros_first)


def fraction_digits(places: int | None) -> str:
    """A fractional part, ``.5``, with at most ``places`` decimals (None: any number of them).

    Trailing zeros do not count, as the parsers do not count them: ``.1200`` has two.
    """
    if places is None:
        return FRACTION
    if places <= 0:
        return f"{POINT}{ZERO}+"
    return f"{POINT}(?:{times(DIGIT, 1, places)}{ZERO}*|{ZERO}+)"


def at_most_power_of_ten(exponent: int, *, bare_fraction: bool,
                         places: int | None = None) -> str:
    """A plain decimal number from 0 to 10**exponent inclusive (``exponent`` >= 0).

    ``bare_fraction``: whether ``.5`` (no digit before the point) is allowed; ``places``:
    how many decimals the number may have (see :func:`fraction_digits`).
    """
    if exponent < 0:
        raise ValueError("at_most_power_of_ten covers limits of 1 and more")
    fraction = fraction_digits(places)
    below = f"{integer_digits(exponent, grouped=False)}(?:{fraction})?"
    limit = f"{ZERO}*{digit_class('1')}{ZERO}{{{exponent}}}(?:{POINT}{ZERO}+)?"
    return either(below, limit, *([fraction] if bare_fraction else []))


def zero_value(*, bare_fraction: bool) -> str:
    """A plain decimal number whose value is zero: ``0``, ``000.00`` (and ``.0``)."""
    whole = f"{ZERO}+(?:{POINT}{ZERO}+)?"
    return either(whole, f"{POINT}{ZERO}+") if bare_fraction else whole
