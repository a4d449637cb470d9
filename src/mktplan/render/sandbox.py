"""The sandbox every template runs in: an allow-list of callables, and a budget for each render.

Jinja's ``ImmutableSandboxedEnvironment`` hides ``_private`` attributes and refuses to
mutate lists and dicts, but calls *anything* a template can reach, and bounds
nothing. :class:`TemplateSandbox` adds:

**Calls.** A template may call only

- the environment's globals: ``range()`` (at most 100,000 numbers), ``dict()``,
  ``cycler()``, ``joiner()``, ``namespace()`` and what mktplan registers
  (the Markdown ``head()`` and ``row()``); ``lipsum()`` is gone (random text);
- its own macros, ``caller()``, blocks (``self.name()``, ``super()``), a
  ``joiner``, and ``loop(...)`` in a recursive loop;
- the methods in :data:`ALLOWED_METHODS`: text methods that read or case-change a
  string (``upper``, ``strip``, ``startswith``, ``split`` …), ``items``/``keys``/
  ``values``/``get`` of a mapping, ``index``/``count`` of a sequence,
  ``loop.cycle``/``loop.changed``, ``cycler.next``/``reset``, ``date.isoformat``.

Anything else, ``str.format`` and ``format_map`` included, is refused when it is
called, and an attribute whose value is such a callable reads as undefined.
Filters are all available except ``format`` (printf-style, like ``'%s' % x``,
which is refused too: its widths allocate without bound), ``urlize`` (it makes
links out of plan text) and ``random`` (the output must be reproducible).

**Costs.** Every loop round, call and filter use is a step; every string built by
``~``, ``+``, ``*``, a filter or a call is counted, and its size checked before it
is built where that can be computed. See :mod:`mktplan.render.limits`. Loops and
``~`` are counted by rewriting the template's syntax tree before it is compiled
(:class:`BudgetedCodeGenerator`), so no construct escapes the count.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, MappingView
from datetime import date
from decimal import Decimal
from itertools import chain
from typing import Any, Final, cast

from jinja2 import nodes, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template, TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS, make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import (
    BlockReference,
    Context,
    LoopContext,
    Macro,
    Undefined,
    markup_join,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import soft_str

from mktplan.render.limits import (
    MAX_INT_BITS,
    MAX_RANGE,
    MAX_TEMPLATE_NODES,
    MAX_TEMPLATE_TAGS,
    Budget,
    TemplateLimitError,
    active,
    rendering,
)

ALLOWED_METHODS: Final[tuple[tuple[type, frozenset[str]], ...]] = (
    (str, frozenset({
        "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha",
        "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper",
        "lower", "lstrip", "partition", "removeprefix", "removesuffix", "rfind", "rindex",
        "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper",
    })),
    (Mapping, frozenset({"get", "items", "keys", "values"})),
    (tuple, frozenset({"count", "index"})),
    (list, frozenset({"count", "index"})),
    (LoopContext, frozenset({"changed", "cycle"})),
    (Cycler, frozenset({"next", "reset"})),
    (date, frozenset({"isoformat", "isoweekday", "weekday"})),
)
"""The methods a template may call, by the type of the object they belong to."""
_SPLITTING: Final = frozenset({"split", "rsplit", "splitlines"})
_CALLABLE_KINDS: Final = (Macro, BlockReference, Joiner, LoopContext)
REMOVED_FILTERS: Final = frozenset({"format", "random", "urlize"})
STRUCTURAL_FILTERS: Final = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby",
    "int", "items", "last", "length", "list", "map", "max", "min", "reject", "rejectattr",
    "reverse", "round", "select", "selectattr", "slice", "sort", "sum", "unique",
})
"""Filters that rearrange or count their value without turning it into text."""
PRINTF_REFUSED: Final = (
    "printf-style formatting ('%s' % value, |format) is not available in mktplan templates; "
    "join text with ~ and format numbers with the money, number and percent filters")


def bounded_range(*args: int) -> range:
    """``range()`` for templates: at most :data:`~mktplan.render.limits.MAX_RANGE` numbers."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise TemplateLimitError(
            f"range() of more than {MAX_RANGE:,} numbers is not available in templates")
    return numbers


class BudgetedCodeGenerator(CodeGenerator):
    """Compiles a template whose loops and ``~`` are counted by the environment."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """Refuse a tree too large to compile, rewrite it, then compile it as usual.

        The rewriting is :class:`_CountLoopsAndJoins`.
        """
        count = _count_nodes(node)
        if count > MAX_TEMPLATE_NODES:
            raise TemplateLimitError(
                f"{self.filename or self.name or 'the template'} has more than "
                f"{MAX_TEMPLATE_NODES:,} parts (syntax-tree nodes), the most a template may have")
        _CountLoopsAndJoins().visit(node)
        super().visit_Template(node, frame)


def _count_nodes(root: nodes.Node) -> int:
    count, pending = 0, [root]
    while pending and count <= MAX_TEMPLATE_NODES:
        node = pending.pop()
        count += 1
        pending.extend(node.iter_child_nodes())
    return count


class _CountLoopsAndJoins(NodeTransformer):
    """Loops and ``~`` through the environment's counting hooks.

    ``for x in items`` becomes ``for x in environment.loop_items(items)``, and
    ``a ~ b`` becomes ``environment.join_text([a, b])``.
    """

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _hook("loop_items", node.iter, node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _hook("join_text", nodes.List(node.nodes, lineno=node.lineno), node.lineno)


def _hook(name: str, argument: nodes.Node, lineno: int) -> nodes.Call:
    return nodes.Call(nodes.EnvironmentAttribute(name, lineno=lineno), [argument], [], None, None,
                      lineno=lineno)


class BoundedTemplate(Template):
    """A template whose render runs against a budget (one per render, shared by a nested one)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render within a budget: see :func:`mktplan.render.limits.rendering`."""
        with rendering():
            return super().render(*args, **kwargs)

    def generate(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        """Generate within a budget."""
        with rendering():
            yield from super().generate(*args, **kwargs)


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The sandboxed environment: allow-listed calls, bounded costs (see the module docs)."""

    code_generator_class = BudgetedCodeGenerator
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=_count_output, **options)
        self.globals = {"range": bounded_range, "dict": dict, "cycler": Cycler,
                        "joiner": Joiner, "namespace": Namespace}
        self.filters = {}
        self.add_filters({name: function for name, function in FILTERS.items()
                          if name not in REMOVED_FILTERS})
        self.filters["join"] = _counted("join", _bounded_join)
        self.filters["sum"] = _counted("sum", _bounded_sum)
        self.filters["format"] = _refuse_printf
        for name in ("odd", "even", "divisibleby"):  # `value % n`: printf on a text
            test = cast("Callable[..., Any]", self.tests[name])  # Jinja types it `function`
            self.tests[name] = _numbers_only(name, test)
        self.last_source: str | None = None

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Register filters; each use of one is a step, and what it builds is counted."""
        for name, function in filters.items():
            self.filters[name] = _counted(name, function, _GUARDS.get(name))

    def preprocess(self, source: str, name: str | None = None,
                   filename: str | None = None) -> str:
        """Refuse a template with more tags than is sane to compile, before parsing it.

        Compiling is not a step, so the clock is read here too: a render that includes
        template after template still stops at the time limit.
        """
        active().check_time()
        tags = source.count("{{") + source.count("{%")
        if tags > MAX_TEMPLATE_TAGS:
            raise TemplateLimitError(
                f"{filename or name or 'the template'} has {tags:,} tags ({{{{ and {{%); a "
                f"template may have at most {MAX_TEMPLATE_TAGS:,}")
        return super().preprocess(source, name, filename)

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        """Compile ``source``, remembering it so that an error can quote its line."""
        if isinstance(source, str):
            self.last_source = source
        return super().from_string(source, *args, **kwargs)

    # --- costs --------------------------------------------------------------------------
    def concat(self, parts: Iterable[str]) -> str:
        """Join rendered text (the whole output, a macro's, a block's), checking its size."""
        budget = active()
        limit = budget.limits.max_output
        pieces: list[str] = []
        size = 0
        for piece in parts:
            size += len(piece)
            if size > limit:
                budget.ensure_size(size, "the rendered text")
            pieces.append(piece)
        budget.built(size)
        return "".join(pieces)

    def loop_items(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """What a ``for`` loop iterates over, one step per round."""
        budget = active()
        for item in iterable:
            budget.step()
            yield item

    @pass_eval_context
    def join_text(self, eval_ctx: EvalContext, parts: list[Any]) -> str:
        """The ``~`` operator, refused before joining when the result would be too long."""
        budget = active()
        budget.step()
        budget.ensure_size(sum(printed_size(part, budget.limits.max_output) for part in parts),
                           "text joined with ~", at_least=True)
        markup = eval_ctx.volatile or eval_ctx.autoescape
        texts = [soft_str(part) if markup else str(part) for part in parts]
        joined = markup_join(texts) if markup else "".join(texts)
        budget.built(len(joined))
        return joined

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``%`` and ``+``, refused when their result would be too large."""
        budget = active()
        if operator == "%" and isinstance(left, str):
            raise SecurityError(PRINTF_REFUSED)
        if operator == "*":
            _check_product(budget, left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+":
            left, right = _check_sum(budget, left, right)
        result = self.binop_table[operator](left, right)
        _count_result(budget, result)
        return result

    # --- calls and attributes ---------------------------------------------------------------
    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        """Call ``__obj`` if it is on the allow-list; refuse with a clear message otherwise."""
        if __self._is_hook(__obj) or isinstance(__obj, Undefined):
            return __context.call(__obj, *args, **kwargs)  # an Undefined raises its own error
        budget = active()
        budget.step()
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"calling {_describe(__obj)} is not allowed in a template; "
                                "templates may call their macros, range(), loop.cycle() and "
                                "a few text and mapping methods (see docs/security.md)")
        if isinstance(__obj, LoopContext) and args:
            args = (__self.loop_items(args[0]), *args[1:])
        elif _is_splitting(__obj):
            budget.ensure_items(len(__obj.__self__), "splitting a text this long")
        elif not isinstance(__obj, _CALLABLE_KINDS):  # a Python function may print its arguments
            limit = budget.limits.max_output
            size = sum(printed_size(a, limit) for a in (*args, *kwargs.values()))
            if size > limit:
                budget.ensure_size(size, f"the arguments of {_describe(__obj)} as text",
                                   at_least=True)
        result = __context.call(__obj, *args, **kwargs)
        _count_result(budget, result)
        return result

    def is_safe_callable(self, obj: Any) -> bool:
        """Whether a template may call ``obj``: see the module docs."""
        if isinstance(obj, _CALLABLE_KINDS):
            return True
        if any(obj is value for value in self.globals.values()):
            return True
        owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", None)
        if owner is None or not isinstance(name, str) or not callable(obj):
            return False
        return any(isinstance(owner, kind) and name in names for kind, names in ALLOWED_METHODS)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's rules, and no attribute whose value is a callable off the allow-list."""
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return not callable(value) or isinstance(value, Undefined) or self.is_safe_callable(value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """What an attribute a template may not use reads as: an error when it is used."""
        return self.undefined(
            f"{type(obj).__name__}.{attribute} is not available in templates (they see plain "
            "data and a few functions; see docs/security.md)",
            name=attribute, obj=obj, exc=SecurityError)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` is not sandboxed but refused: it is not on the allow-list."""
        return None

    def _is_hook(self, obj: Any) -> bool:
        return getattr(obj, "__self__", None) is self and getattr(obj, "__func__", None) in (
            TemplateSandbox.loop_items, TemplateSandbox.join_text)


def _count_output(value: Any) -> Any:
    """Every ``{{ … }}`` output is text built; a list is refused before it is printed."""
    budget = active()
    if isinstance(value, str):
        budget.built(len(value))
    elif not isinstance(value, (*_FLAT, Undefined)) \
            and (isinstance(value, TemplateModule) or not hasattr(value, "__html__")):
        budget.ensure_size(printed_size(value, budget.limits.max_output), "the printed value",
                           at_least=True)
    return value


def _count_result(budget: Budget, result: Any) -> None:
    if isinstance(result, str):
        budget.built(len(result))
    elif isinstance(result, (list, tuple)):
        budget.built_items(len(result))


_SCALAR_SIZE: Final = 32
"""Characters counted for a number, date or other small value."""
_FLAT_OTHER: Final = (Decimal, float, date, bool, type(None))
_FLAT: Final = (str, int, *_FLAT_OTHER)
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
        elif _is_int(item):
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


def _describe(obj: Any) -> str:
    owner, name = getattr(obj, "__self__", None), getattr(obj, "__name__", None)
    if owner is not None and isinstance(name, str):
        return f"{type(owner).__name__}.{name}()"
    if isinstance(name, str):
        return f"{name}()"
    return f"a {type(obj).__name__} object"


def _is_splitting(obj: Any) -> bool:
    return isinstance(getattr(obj, "__self__", None), str) and getattr(obj, "__name__", "") \
        in _SPLITTING


# --- operators ----------------------------------------------------------------------------
def _check_product(budget: Budget, left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
            size = len(sequence) * max(times, 0)
            if isinstance(sequence, str):
                budget.ensure_size(size, "text repeated with *")
            else:
                budget.ensure_items(size, "a list repeated with *")
            return
    if _is_int(left) and _is_int(right):
        _ensure_bits(abs(left).bit_length() + abs(right).bit_length())


def _check_power(base: Any, exponent: Any) -> None:
    if _is_int(base) and _is_int(exponent) and exponent > 0 and abs(base) > 1:
        _ensure_bits(math.ceil(exponent * math.log2(abs(base))))


def _check_sum(budget: Budget, left: Any, right: Any) -> tuple[Any, Any]:
    if isinstance(left, str) and isinstance(right, str):
        budget.ensure_size(len(left) + len(right), "text joined with +")
    elif isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        budget.ensure_items(len(left) + len(right), "a list joined with +")
        if type(left) is not type(right):  # the view's tuples were lists before: keep `+` working
            return list(left), list(right)
    elif _is_int(left) and _is_int(right):  # doubling a number in a loop
        _ensure_bits(max(abs(left).bit_length(), abs(right).bit_length()) + 1)
    return left, right


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ensure_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise TemplateLimitError(f"a number of about {bits:,} bits is too large for a template "
                                 f"(at most {MAX_INT_BITS:,})")


# --- filters ------------------------------------------------------------------------------
def _counted(name: str, function: Callable[..., Any],
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
        if measure and len(args) > skip and not isinstance(args[skip], _FLAT):
            size = printed_size(args[skip], budget.limits.max_output)
            if size > budget.limits.max_output:
                budget.ensure_size(size, f"the value given to |{name}, as text,", at_least=True)
        if guard is not None:
            guard(budget, *args[skip:], **kwargs)
        result = function(*args, **kwargs)
        _count_result(budget, result)
        return result

    return counted


def _refuse_printf(*_args: Any, **_kwargs: Any) -> str:
    raise SecurityError(PRINTF_REFUSED)


def _numbers_only(name: str, test: Callable[..., Any]) -> Callable[..., bool]:
    @functools.wraps(test)
    def numbers_only(value: Any, *args: Any) -> bool:
        if isinstance(value, str):
            raise TypeError(f"the '{name}' test needs a number, not a text")
        return bool(test(value, *args))

    return numbers_only


def _number(value: Any, default: int = 0) -> int:
    return value if _is_int(value) else default


def _center_guard(budget: Budget, value: Any, width: Any = 80, *_: Any, **__: Any) -> None:
    budget.ensure_size(max(len(str(value)), _number(width)), "the centred text")


def _indent_guard(budget: Budget, s: Any, width: Any = 4, *_: Any, **__: Any) -> None:
    text = str(s)
    margin = len(width) if isinstance(width, str) else _number(width)
    budget.ensure_size(len(text) + (text.count("\n") + 1) * max(margin, 0), "the indented text")


def _replace_guard(budget: Budget, s: Any, old: Any = "", new: Any = "", count: Any = None,
                   *_: Any, **__: Any) -> None:
    text, old_text, new_text = str(s), str(old), str(new)
    times = text.count(old_text) if old_text else len(text) + 1
    if _is_int(count) and count >= 0:
        times = min(times, count)
    budget.ensure_size(len(text) + times * (len(new_text) - len(old_text)), "the replaced text")


def _wordwrap_guard(budget: Budget, s: Any, width: Any = 79, break_long_words: Any = True,
                    wrapstring: Any = None, *_: Any, **__: Any) -> None:
    text = str(s)
    lines = len(text) // max(_number(width, 79), 1) + text.count("\n") + 1
    joint = len(str(wrapstring)) if wrapstring is not None else 1
    budget.ensure_size(len(text) + lines * joint, "the wrapped text")


def _batch_guard(budget: Budget, value: Any, linecount: Any = 1, *_: Any, **__: Any) -> None:
    budget.ensure_items(_number(linecount), "a batch")


def _slice_guard(budget: Budget, value: Any, slices: Any = 1, *_: Any, **__: Any) -> None:
    budget.ensure_items(_number(slices), "the slices")


def _list_guard(budget: Budget, value: Any, *_: Any, **__: Any) -> None:
    if isinstance(value, str):
        budget.ensure_items(len(value), "a list of the characters of a text this long")


def _tojson_guard(budget: Budget, value: Any, indent: Any = None, *_: Any, **__: Any) -> None:
    if _number(indent) > 16:
        raise TemplateLimitError("tojson indents by at most 16 spaces in a template")


_GUARDS: Final[dict[str, Callable[..., None]]] = {
    "center": _center_guard, "indent": _indent_guard, "replace": _replace_guard,
    "wordwrap": _wordwrap_guard, "batch": _batch_guard, "slice": _slice_guard,
    "list": _list_guard, "sort": _list_guard, "tojson": _tojson_guard,
}


@pass_eval_context
def _bounded_join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "",
                  attribute: str | int | None = None) -> str:
    """Jinja's ``join``, refused before joining when the result would be too long."""
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    items = list(value)
    budget = active()
    size = sum(printed_size(item, budget.limits.max_output) for item in items)
    budget.ensure_size(size + len(str(d)) * max(len(items) - 1, 0), "the joined text",
                       at_least=True)
    result: str = FILTERS["join"](eval_ctx, items, d)
    return result


@functools.wraps(FILTERS["sum"])
def _bounded_sum(environment: Any, iterable: Iterable[Any], attribute: str | int | None = None,
                 start: Any = 0) -> Any:
    """Jinja's ``sum``; lists are joined in one go (adding them one by one takes n² time)."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    items = list(iterable)
    sequences = (list, tuple)
    if isinstance(start, sequences) and all(isinstance(item, sequences) for item in items):
        active().ensure_items(len(start) + sum(len(item) for item in items), "the summed list")
        return type(start)(chain(start, *items))
    return sum(items, start)
