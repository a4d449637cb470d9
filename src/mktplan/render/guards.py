"""Size checks that a template's outputs, operators and filters pass before building.

Jinja lets a template build without bound: ``'x' * 20000000000``, ``|center(10**9)``,
``[text] * 100000`` printed, ``2 ** 10**9``. The sandbox (:mod:`mktplan.render.sandbox`)
routes outputs, ``*``/``**``/``%``/``+`` and every filter through this module, which
computes the size of what would be built from the operands (:func:`printed_size`
for a value that is not text) and refuses it against the render's budget
(:mod:`mktplan.render.limits`) before Python allocates anything; what is built is
then counted towards the budget.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable, Mapping, MappingView
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any, Final, cast

from jinja2 import pass_eval_context
from jinja2.environment import TemplateModule
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import Undefined
from jinja2.utils import Namespace

from mktplan.findings import msg
from mktplan.render.limits import (
    MAX_INT_BITS,
    Budget,
    TemplateLimitError,
    TemplateRefusal,
    active,
)

STRUCTURAL_FILTERS: Final = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby",
    "int", "items", "last", "length", "list", "map", "max", "min", "reject", "rejectattr",
    "reverse", "round", "select", "selectattr", "slice", "sort", "sum", "unique",
})
"""Filters that rearrange or count their value without turning it into text."""
PRINTF_REFUSED: Final = msg("templates.refused.printf", forms="'%s' % value, |format")


def count_output(value: Any) -> Any:
    """Every ``{{ … }}`` output is text built; a list is refused before it is printed."""
    budget = active()
    if isinstance(value, str):
        budget.built(len(value))
    elif not isinstance(value, (*FLAT, Undefined)) \
            and (isinstance(value, TemplateModule) or not hasattr(value, "__html__")):
        budget.ensure_size(printed_size(value, budget.limits.max_output),
                           msg("templates.what.printed"),
                           at_least=True)
    return value


def count_result(budget: Budget, result: Any) -> None:
    """Count what a call, a filter or an operator built: text, or list items."""
    if isinstance(result, str):
        budget.built(len(result))
    elif isinstance(result, (list, tuple)):
        budget.built_items(len(result))


_SCALAR_SIZE: Final = 32
"""Characters counted for a number, date or other small value."""
_FLAT_OTHER: Final = (Decimal, float, date, bool, type(None))
FLAT: Final = (str, int, *_FLAT_OTHER)
"""Values whose text is small or already counted: nothing to walk."""


class _Leave:
    """Marks, on the walk's stack, where a container's items end."""

    __slots__ = ("key",)

    def __init__(self, key: int) -> None:
        self.key = key


def printed_size(value: Any, limit: int) -> int:
    """About how many characters ``str(value)`` has; counting stops once it passes ``limit``.

    Containers are walked (without recursion), records field by field, as their
    ``repr`` would print them, so that ``{{ [text] * 100000 }}`` is refused before
    Python builds its text. A container inside itself (a namespace that holds
    itself) counts as the ``...`` Python prints for it.
    """
    total, pending = 0, [value]
    open_containers: set[int] = set()
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, _FLAT_OTHER):
            total += _SCALAR_SIZE
        elif is_int(item):
            total += item.bit_length() * 3 // 10 + 2
        elif isinstance(item, _Leave):
            open_containers.discard(item.key)
        elif id(item) in open_containers:
            total += 5
        else:
            open_containers.add(id(item))
            pending.append(_Leave(id(item)))
            total += _open(item, pending)
    return total


def _open(item: Any, pending: list[Any]) -> int:
    """Put ``item``'s parts on the walk's stack; the characters of ``item`` itself."""
    if type(item) is list or type(item) is tuple:  # the common case, quickly
        size = 2
        for element in item:
            if type(element) is str:
                size += len(element) + 2
            else:
                pending.append(element)
        return size
    if isinstance(item, (list, tuple, set, frozenset)):
        pending.extend(item)
        return 2
    if isinstance(item, Mapping):
        pending.extend(item.keys())
        pending.extend(item.values())
        return 2
    if isinstance(item, MappingView):  # d.items(), d.values()
        pending.extend(cast("Iterable[Any]", item))
        return len(type(item).__name__) + 2
    if isinstance(item, Namespace):
        pending.append(object.__getattribute__(item, "_Namespace__attrs"))
        return 13
    if isinstance(item, TemplateModule):  # an imported template prints its whole output
        return sum(map(len, getattr(item, "_body_stream", ())))
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        names = [field.name for field in dataclasses.fields(item)]
        pending.extend(getattr(item, name) for name in names)
        return len(type(item).__name__) + 2 + sum(len(name) + 3 for name in names)
    return _SCALAR_SIZE


# --- operators ----------------------------------------------------------------------------
def check_product(budget: Budget, left: Any, right: Any) -> None:
    """Refuse ``left * right`` when it would repeat text or a list, or grow a number, too far."""
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
            size = len(sequence) * max(times, 0)
            if isinstance(sequence, str):
                budget.ensure_size(size, msg("templates.what.repeated-text"))
            else:
                budget.ensure_items(size, msg("templates.what.repeated-list"))
            return
    if is_int(left) and is_int(right):
        _ensure_bits(abs(left).bit_length() + abs(right).bit_length())


def check_power(base: Any, exponent: Any) -> None:
    """Refuse ``base ** exponent`` when the number would be too large."""
    if is_int(base) and is_int(exponent) and exponent > 0 and abs(base) > 1:
        _ensure_bits(math.ceil(exponent * math.log2(abs(base))))


def check_sum(budget: Budget, left: Any, right: Any) -> tuple[Any, Any]:
    """Refuse ``left + right`` when it would be too large; a list and a tuple add as lists."""
    if isinstance(left, str) and isinstance(right, str):
        budget.ensure_size(len(left) + len(right), msg("templates.what.joined-plus"))
    elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        budget.ensure_items(len(left) + len(right), msg("templates.what.joined-list"))
        if type(left) is not type(right):  # the view's tuples were lists before: keep `+` working
            return list(left), list(right)
    elif is_int(left) and is_int(right):  # doubling a number in a loop
        _ensure_bits(max(abs(left).bit_length(), abs(right).bit_length()) + 1)
    return left, right


def is_int(value: Any) -> bool:
    """Whether ``value`` is an integer (and not a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _ensure_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimitError(msg("templates.limit.bits", bits=bits, limit=MAX_INT_BITS))


# --- filters ------------------------------------------------------------------------------
def counted_filter(name: str, function: Callable[..., Any],
             guard: Callable[..., None] | None = None) -> Callable[..., Any]:
    """``function`` as the filter ``name`` that counts a step and what it builds.

    Unless it is one of :data:`STRUCTURAL_FILTERS`, the filter may turn its value into
    text, so a value that is not text is measured first (:func:`printed_size`).
    ``guard(budget, value, *args, **kwargs)`` sees the filter's own arguments (those after
    the context Jinja passes) and refuses before the filter builds something too large.
    """
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    measure = name not in STRUCTURAL_FILTERS

    @functools.wraps(function)  # keeps Jinja's pass_context/eval_context/environment mark
    def counted(*args: Any, **kwargs: Any) -> Any:
        budget = active()
        budget.step()
        if measure and len(args) > skip and not isinstance(args[skip], FLAT):
            size = printed_size(args[skip], budget.limits.max_output)
            if size > budget.limits.max_output:
                budget.ensure_size(size, msg("templates.what.filter-value", name=f"|{name}"),
                                   at_least=True)
        if guard is not None:
            guard(budget, *args[skip:], **kwargs)
        result = function(*args, **kwargs)
        count_result(budget, result)
        return result

    return counted


def refuse_printf(*_args: Any, **_kwargs: Any) -> str:
    """The ``format`` filter: printf-style formatting is refused."""
    raise TemplateRefusal(PRINTF_REFUSED)


def numbers_only(name: str, test: Callable[..., Any]) -> Callable[..., bool]:
    """The test ``name`` (``odd``, ``divisibleby`` …: ``value % n``) refusing a text."""
    @functools.wraps(test)
    def numbers_only(value: Any, *args: Any) -> bool:
        if isinstance(value, str):
            raise TypeError(f"the '{name}' test needs a number, not a text")
        return bool(test(value, *args))

    return numbers_only


def _number(value: Any, default: int = 0) -> int:
    return value if is_int(value) else default


def _center_guard(budget: Budget, value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    budget.ensure_size(max(len(str(value)), _number(width)), msg("templates.what.centred"))


def _indent_guard(budget: Budget, s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    text = str(s)
    margin = len(width) if isinstance(width, str) else _number(width)
    budget.ensure_size(len(text) + (text.count("\n") + 1) * max(margin, 0),
                       msg("templates.what.indented"))


def _replace_guard(budget: Budget, s: Any, old: Any = "", new: Any = "", count: Any = None,
                   *_: Any, **__: Any) -> None:
    text, old_text, new_text = str(s), str(old), str(new)
    times = text.count(old_text) if old_text else len(text) + 1
    if is_int(count) and count >= 0:
        times = min(times, count)
    budget.ensure_size(len(text) + times * (len(new_text) - len(old_text)),
                       msg("templates.what.replaced"))


def _wordwrap_guard(budget: Budget, s: Any, width: Any = 79, break_long_words: Any = True,
                    wrapstring: Any = None, *_: Any, **__: Any) -> None:
    text = str(s)
    lines = len(text) // max(_number(width, 79), 1) + text.count("\n") + 1
    joint = len(str(wrapstring)) if wrapstring is not None else 1
    budget.ensure_size(len(text) + lines * joint, msg("templates.what.wrapped"))


def _batch_guard(budget: Budget, value: Any, linecount: Any = 1, *_: Any, **__: Any) -> None:
    budget.ensure_items(_number(linecount), msg("templates.what.batch"))


def _slice_guard(budget: Budget, value: Any, slices: Any = 1, *_: Any, **__: Any) -> None:
    budget.ensure_items(_number(slices), msg("templates.what.slices"))


def _list_guard(budget: Budget, value: Any, *_: Any, **__: Any) -> None:
    if isinstance(value, str):
        budget.ensure_items(len(value), msg("templates.what.characters"))


def _tojson_guard(budget: Budget, value: Any, indent: Any = None, *_: Any, **__: Any) -> None:
    if _number(indent) > 16:
        raise TemplateLimitError(msg("templates.limit.tojson"))


FILTER_GUARDS: Final[dict[str, Callable[..., None]]] = {
    "center": _center_guard, "indent": _indent_guard, "replace": _replace_guard,
    "wordwrap": _wordwrap_guard, "batch": _batch_guard, "slice": _slice_guard,
    "list": _list_guard, "sort": _list_guard, "tojson": _tojson_guard,
}


@pass_eval_context
def bounded_join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "",
                  attribute: str | int | None = None) -> str:
    """Jinja's ``join``, refused before joining when the result would be too long."""
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    items = list(value)
    budget = active()
    size = sum(printed_size(item, budget.limits.max_output) for item in items)
    budget.ensure_size(size + len(str(d)) * max(len(items) - 1, 0), msg("templates.what.joined"),
                       at_least=True)
    result: str = FILTERS["join"](eval_ctx, items, d)
    return result


@functools.wraps(FILTERS["sum"])
def bounded_sum(environment: Any, iterable: Iterable[Any], attribute: str | int | None = None,
                 start: Any = 0) -> Any:
    """Jinja's ``sum``; lists are joined in one go (adding them one by one takes n² time)."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    items = list(iterable)
    sequences = (list, tuple)
    if isinstance(start, sequences) and all(isinstance(item, sequences) for item in items):
        active().ensure_items(len(start) + sum(len(item) for item in items),
                              msg("templates.what.summed"))
        return type(start)(chain(start, *items))
    return sum(items, start)
