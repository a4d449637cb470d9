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
links out of plan text) and ``random`` (the output must be reproducible); the
``odd``, ``even`` and ``divisibleby`` tests refuse a text (``text % n`` is printf).

**Costs.** Every loop round, call and filter use is a step; every string built by
``~``, ``+``, ``*``, a filter or a call is counted, and its size checked before it
is built where that can be computed (:mod:`mktplan.render.guards`). See
:mod:`mktplan.render.limits` for the limits. Loops and ``~`` are counted by
rewriting the template's syntax tree before it is compiled
(:class:`BudgetedCodeGenerator`), so no construct escapes the count; a template too
large to compile cheaply is refused before that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final, cast

from jinja2 import nodes, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS
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

from mktplan.findings import Message, msg
from mktplan.render.guards import (
    FILTER_GUARDS,
    PRINTF_REFUSED,
    bounded_join,
    bounded_sum,
    check_power,
    check_product,
    check_sum,
    count_output,
    count_result,
    counted_filter,
    numbers_only,
    printed_size,
    refuse_printf,
)
from mktplan.render.limits import (
    MAX_RANGE,
    MAX_TEMPLATE_NODES,
    MAX_TEMPLATE_TAGS,
    TemplateLimitError,
    TemplateRefusal,
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
def _named(template: str | None) -> Message | str:
    """A template's name, or ``the template`` in the reader's language."""
    return template or msg("templates.the-template")


def bounded_range(*args: int) -> range:
    """``range()`` for templates: at most :data:`~mktplan.render.limits.MAX_RANGE` numbers."""
    numbers = range(*args)
    try:
        size = len(numbers)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise TemplateLimitError(msg("templates.limit.range", limit=MAX_RANGE))
    return numbers


class BudgetedCodeGenerator(CodeGenerator):
    """Compiles a template whose loops and ``~`` are counted by the environment."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        """Refuse a tree too large to compile, rewrite it, then compile it as usual.

        The rewriting is :class:`_CountLoopsAndJoins`.
        """
        count = _count_nodes(node)
        if count > MAX_TEMPLATE_NODES:
            raise TemplateLimitError(msg("templates.limit.nodes", template=_named(
                self.filename or self.name), limit=MAX_TEMPLATE_NODES))
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
        super().__init__(finalize=count_output, **options)
        self.globals = {"range": bounded_range, "dict": dict, "cycler": Cycler,
                        "joiner": Joiner, "namespace": Namespace}
        self.filters = {}
        self.add_filters({name: function for name, function in FILTERS.items()
                          if name not in REMOVED_FILTERS})
        self.filters["join"] = counted_filter("join", bounded_join)
        self.filters["sum"] = counted_filter("sum", bounded_sum)
        self.filters["format"] = refuse_printf
        for name in ("odd", "even", "divisibleby"):  # `value % n`: printf on a text
            test = cast("Callable[..., Any]", self.tests[name])  # Jinja types it `function`
            self.tests[name] = numbers_only(name, test)
        self.last_source: str | None = None

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Register filters; each use of one is a step, and what it builds is counted."""
        for name, function in filters.items():
            self.filters[name] = counted_filter(name, function, FILTER_GUARDS.get(name))

    def preprocess(self, source: str, name: str | None = None,
                   filename: str | None = None) -> str:
        """Refuse a template with more tags than is sane to compile, before parsing it.

        Compiling is not a step, so the clock is read here too: a render that includes
        template after template still stops at the time limit.
        """
        active().check_time()
        tags = source.count("{{") + source.count("{%")
        if tags > MAX_TEMPLATE_TAGS:
            raise TemplateLimitError(msg("templates.limit.tags", template=_named(
                filename or name), n=tags, limit=MAX_TEMPLATE_TAGS))
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
                budget.ensure_size(size, msg("templates.what.rendered"))
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
                           msg("templates.what.joined-tilde"), at_least=True)
        markup = eval_ctx.volatile or eval_ctx.autoescape
        texts = [soft_str(part) if markup else str(part) for part in parts]
        joined = markup_join(texts) if markup else "".join(texts)
        budget.built(len(joined))
        return joined

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**``, ``%`` and ``+``, refused when their result would be too large."""
        budget = active()
        if operator == "%" and isinstance(left, str):
            raise TemplateRefusal(PRINTF_REFUSED)
        if operator == "*":
            check_product(budget, left, right)
        elif operator == "**":
            check_power(left, right)
        elif operator == "+":
            left, right = check_sum(budget, left, right)
        result = self.binop_table[operator](left, right)
        count_result(budget, result)
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
            raise TemplateRefusal(msg("templates.refused.call", callable=_describe(__obj)))
        if isinstance(__obj, LoopContext) and args:
            args = (__self.loop_items(args[0]), *args[1:])
        elif _is_splitting(__obj):
            budget.ensure_items(len(__obj.__self__), msg("templates.what.split"))
        elif not isinstance(__obj, _CALLABLE_KINDS):  # a Python function may print its arguments
            limit = budget.limits.max_output
            size = sum(printed_size(a, limit) for a in (*args, *kwargs.values()))
            if size > limit:
                budget.ensure_size(size, msg("templates.what.arguments", callable=_describe(__obj)),
                                   at_least=True)
        result = __context.call(__obj, *args, **kwargs)
        count_result(budget, result)
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
