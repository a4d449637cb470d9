"""What one template render may cost: output size, text built, steps and CPU time.

A template from a ``--templates`` folder is untrusted, and Jinja itself bounds
nothing: ``{{ 'x' * 20000000000 }}`` asks for 16 GiB, three nested
``range(100000)`` loops never end. So every render of a template (one per output
format: the Markdown page, the Word template's parts) runs against a
:class:`Budget`:

- **output**: the rendered text, and any one string a template builds, is at most
  ``MKTPLAN_TEMPLATE_MAX_OUTPUT`` characters (default 50 MiB). Sizes are checked
  *before* building where they can be computed (``*``, ``+``, ``~``, ``join``,
  ``replace``, ``center`` …), so a refused value is never allocated;
- **text built**: all the text a render builds, kept or not, is at most four times
  that; this bounds the memory of strings built in loops and thrown away;
- **steps**: loop rounds, calls and filter uses, at most ``MKTPLAN_TEMPLATE_MAX_STEPS``
  (default 5 million, a few seconds of Jinja). This is the deterministic bound: the
  same template and plan always take the same number of steps, so a build never
  passes on one machine and fails on a slower one;
- **time**: a backstop of ``MKTPLAN_TEMPLATE_TIMEOUT`` seconds of CPU time (default
  30), for steps that are each expensive (a filter over a long text in a loop); the
  clock is read every 256 steps;
- **size of a template**: at most 5,000 tags and 20,000 syntax-tree nodes, checked
  before it is compiled (compiling is the one cost no step count sees);
- **sizes of things**: ``range()`` has at most 100,000 numbers, a list a template
  builds at most 1,000,000 items (10 million in all), an integer at most 8,192 bits.
  A value that is not text (a list, a record) is measured as the text it would print
  as before it is printed, joined or given to a filter that makes text of it.

Measured on the benchmark's huge plan (6,000 tasks, 4,000 budget lines, 2.3 MB of
Markdown), the shipped Markdown templates take 123,486 steps and build 5.3 million
characters, in about a second (the Word template's title page takes no step at all).
The step and text defaults are 40 times that, for custom templates and larger plans.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final

from jinja2.exceptions import SecurityError, TemplateRuntimeError

from mktplan.findings import Message, msg
from mktplan.text.messages import usage_error

MAX_OUTPUT_VARIABLE: Final = "MKTPLAN_TEMPLATE_MAX_OUTPUT"
MAX_STEPS_VARIABLE: Final = "MKTPLAN_TEMPLATE_MAX_STEPS"
TIMEOUT_VARIABLE: Final = "MKTPLAN_TEMPLATE_TIMEOUT"
DEFAULT_MAX_OUTPUT: Final = 50 * 1024 * 1024
DEFAULT_MAX_STEPS: Final = 5_000_000
DEFAULT_TIMEOUT: Final = 30.0
TEXT_PER_OUTPUT: Final = 4
"""Text built in all, as a multiple of the output limit."""
MAX_RANGE: Final = 100_000
"""Numbers in one ``range()``: Jinja's own sandbox limit."""
MAX_ITEMS: Final = 1_000_000
"""Items in one list a template builds (``*``, ``+``, ``batch``, splitting a text)."""
MAX_ITEMS_BUILT: Final = 10 * MAX_ITEMS
"""Items of all the lists a render builds, kept or not."""
MAX_TEMPLATE_TAGS: Final = 5_000
"""``{{`` and ``{%`` in one template: compiling 5,000 takes 0.4 s and 75 MB, 150,000 took
14 s and 1.5 GB (the largest shipped template has 82)."""
MAX_TEMPLATE_NODES: Final = 20_000
"""Syntax-tree nodes of one template (the largest shipped template has 479)."""
MAX_INT_BITS: Final = 8192
"""Bits of an integer a template computes with ``*`` or ``**``."""
_CLOCK_EVERY: Final = 256
"""Steps between two looks at the clock."""


class TemplateLimitError(TemplateRuntimeError):
    """Raised inside a render when a template goes over one of its limits.

    Its text is English; ``detail`` is the same as a catalogue message.
    """

    def __init__(self, detail: Message) -> None:
        from mktplan.text.messages import ENGLISH, render

        super().__init__(render(detail, ENGLISH))
        self.detail = detail


class TemplateRefusal(SecurityError):
    """Raised inside a render when a template asks for what the sandbox refuses.

    As :class:`TemplateLimitError`: its text is English, ``detail`` the catalogue message.
    """

    def __init__(self, detail: Message) -> None:
        from mktplan.text.messages import ENGLISH, render

        super().__init__(render(detail, ENGLISH))
        self.detail = detail


@dataclass(frozen=True)
class TemplateLimits:
    """The limits of one render."""

    max_output: int = DEFAULT_MAX_OUTPUT
    max_steps: int = DEFAULT_MAX_STEPS
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> TemplateLimits:
        """The limits set by ``MKTPLAN_TEMPLATE_*`` variables, else the defaults.

        Raises :class:`~mktplan.errors.UsageError` for a value that is not a positive number.
        """
        values = os.environ if environ is None else environ
        return cls(
            max_output=int(_positive(values, MAX_OUTPUT_VARIABLE, DEFAULT_MAX_OUTPUT)),
            max_steps=int(_positive(values, MAX_STEPS_VARIABLE, DEFAULT_MAX_STEPS)),
            timeout=_positive(values, TIMEOUT_VARIABLE, DEFAULT_TIMEOUT),
        )


def _positive(values: Mapping[str, str], name: str, default: float) -> float:
    text = values.get(name, "").strip().replace("_", "")
    if not text:
        return default
    try:
        number = float(text) if name == TIMEOUT_VARIABLE else int(text)
    except ValueError:
        number = 0
    if not number > 0:
        key = "templates.limit.seconds" if name == TIMEOUT_VARIABLE else "templates.limit.whole"
        raise usage_error(msg(key, setting=f"{name}={values[name]!r}"))
    return number


class Budget:
    """What one render has spent so far; every hook of the sandbox charges it."""

    __slots__ = ("_deadline", "_next_check", "_next_clock", "items", "limits", "steps", "text")

    def __init__(self, limits: TemplateLimits) -> None:
        self.limits = limits
        self.steps = 0
        self.text = 0
        self.items = 0
        self._deadline = time.process_time() + limits.timeout
        self._next_clock = _CLOCK_EVERY
        self._next_check = min(self._next_clock, limits.max_steps)

    def step(self) -> None:
        """One loop round, call or filter use."""
        self.steps += 1
        if self.steps > self._next_check:
            self._check()

    def _check(self) -> None:
        if self.steps > self.limits.max_steps:
            raise TemplateLimitError(msg("templates.limit.steps", steps=self.limits.max_steps,
                                         variable=MAX_STEPS_VARIABLE))
        self._next_clock = self.steps + _CLOCK_EVERY
        self._next_check = min(self._next_clock, self.limits.max_steps)
        self.check_time()

    def check_time(self) -> None:
        """Refuse to go on past the CPU-time limit (also called when a template is compiled)."""
        if time.process_time() > self._deadline:
            raise TemplateLimitError(msg("templates.limit.time", seconds=f"{self.limits.timeout:g}",
                                         variable=TIMEOUT_VARIABLE))

    def built(self, size: int) -> None:
        """``size`` characters of text were built."""
        self.text += size
        allowed = self.limits.max_output * TEXT_PER_OUTPUT
        if self.text > allowed:
            raise TemplateLimitError(msg("templates.limit.text", size=allowed,
                                         variable=MAX_OUTPUT_VARIABLE))

    def built_items(self, count: int) -> None:
        """A list or tuple of ``count`` items was built."""
        self.items += count
        if self.items > MAX_ITEMS_BUILT:
            raise TemplateLimitError(msg("templates.limit.lists", n=MAX_ITEMS_BUILT))

    def ensure_size(self, size: int, what: Message, *, at_least: bool = False) -> None:
        """Refuse to build ``what`` of ``size`` characters when that is over the output limit.

        ``at_least``: ``size`` is where counting stopped, the real size may be larger.
        """
        if size > self.limits.max_output:
            key = "templates.limit.size-at-least" if at_least else "templates.limit.size"
            raise TemplateLimitError(msg(key, what=what, size=size, limit=self.limits.max_output,
                                         variable=MAX_OUTPUT_VARIABLE))

    @staticmethod
    def ensure_items(count: int, what: Message) -> None:
        """Refuse to build ``what`` of ``count`` items when that is over :data:`MAX_ITEMS`."""
        if count > MAX_ITEMS:
            raise TemplateLimitError(msg("templates.limit.items", what=what, n=count,
                                         limit=MAX_ITEMS))


_ACTIVE: ContextVar[Budget | None] = ContextVar("mktplan_template_budget", default=None)


def active() -> Budget:
    """The budget of the render in progress.

    Outside one (Jinja folding constants while compiling), a fresh budget that checks
    sizes but accumulates nothing.
    """
    return _ACTIVE.get() or Budget(TemplateLimits.from_environment())


@contextmanager
def rendering(limits: TemplateLimits | None = None) -> Iterator[Budget]:
    """One budget for everything rendered inside: a render in a render shares it."""
    current = _ACTIVE.get()
    if current is not None:
        yield current
        return
    budget = Budget(limits or TemplateLimits.from_environment())
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)
