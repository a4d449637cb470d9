"""Writes a generated plan as YAML the way a person would: block sections, one-line items.

The generator's plan is plain data whose leaves are text, numbers, :class:`Money` and
dates. Dates are written in every form the format allows (ISO, ``M3``, ``T+7``),
chosen from the date itself and the key's role, so the same plan always gives the
same text. Text is quoted only where a YAML 1.1 or 1.2 reader could take it for
something else, so the file also validates with check-jsonschema (ruamel, YAML 1.2).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

MAX_LINE = 200
START_KEYS = frozenset({"start", "from"})
END_KEYS = frozenset({"end", "to", "date", "deadline"})
BLOCK_ITEM_LISTS = frozenset({"goals"})  # lists whose items are written one key a line

_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}\"']*")
_YAML_TYPED = re.compile(
    r"(?i:y|yes|n|no|true|false|on|off|null|~)$"  # booleans and null, YAML 1.1 and 1.2
    r"|[-+]?(\d[\d_,]*)?\.?\d*([eE][-+]?\d+)?$"  # numbers, including 1_000 and 1,000
    r"|[-+]?\.(inf|nan)$|\d{4}-\d\d?-\d\d?|0[xob]"
)


@dataclass(frozen=True)
class Money:
    """An amount in whole yuan and how it is written: ``16万``, ``1,200,000`` or ``350000``."""

    yuan: int
    style: str = "wan"

    def text(self) -> str:
        """The amount as the plan writes it."""
        if self.style == "wan" and self.yuan % 1000 == 0:
            return f"{(Decimal(self.yuan) / 10000).normalize():f}万"
        if self.style == "commas":
            return f"{self.yuan:,}"
        return str(self.yuan)


@dataclass(frozen=True)
class Absolute:
    """A date that must be written as an ISO date (the period and the launch day)."""

    day: date


@dataclass(frozen=True)
class Anchors:
    """What relative dates count from: the period's first day and the launch day."""

    period_start: date
    launch: date

    def month_number(self, day: date) -> int:
        """The plan month (M1 …) that ``day`` falls in."""
        return (day.year - self.period_start.year) * 12 + day.month - self.period_start.month + 1


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def date_text(day: date, key: str, anchors: Anchors) -> str:
    """A date in the form a planner would likely write for this key."""
    month = anchors.month_number(day)
    if key in START_KEYS and day.day == 1 and month >= 1:
        return f"M{month}"
    if key in END_KEYS and _is_month_end(day) and month >= 1:
        return f"M{month}"
    if day.toordinal() % 4 == 0:  # a quarter of the dates count from the launch
        offset = (day - anchors.launch).days
        return "T" if offset == 0 else f"T{offset:+d}"
    return day.isoformat()


def text_scalar(text: str, flow: bool) -> str:
    """Text, quoted when a YAML reader would otherwise type it or misread it."""
    plain = _PLAIN_SAFE.fullmatch(text) is not None and not _YAML_TYPED.match(text)
    if plain and text == text.strip() and not (flow and ("  " in text)):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


class Emitter:
    """Turns the generated data into YAML lines."""

    def __init__(self, anchors: Anchors) -> None:
        self.anchors = anchors
        self.lines: list[str] = []

    def scalar(self, value: Any, key: str, flow: bool) -> str:
        """One scalar; ``key`` tells a start date from an end date."""
        if isinstance(value, bool):
            raise TypeError("the format has no booleans; write text")
        if isinstance(value, Money):
            text = value.text()
            return text if value.style == "plain" else json.dumps(text, ensure_ascii=False)
        if isinstance(value, Absolute):
            return value.day.isoformat()
        if isinstance(value, date):
            return date_text(value, key, self.anchors)
        if isinstance(value, (int, Decimal)):
            return str(value)
        return text_scalar(str(value), flow)

    def flow(self, value: Any, key: str) -> str:
        """A value in flow style: ``{a: 1, b: [x, y]}``."""
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {self.flow(v, k)}" for k, v in value.items())
            return "{" + inner + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v, key) for v in value) + "]"
        return self.scalar(value, key, flow=True)

    def mapping(self, data: dict[str, Any], indent: int, first_prefix: str = "") -> None:
        """A block mapping; ``first_prefix`` starts its first line (``- `` for list items)."""
        pad = " " * indent
        for position, (key, value) in enumerate(data.items()):
            lead = first_prefix if position == 0 and first_prefix else pad
            self.entry(lead, key, value, indent)

    def entry(self, lead: str, key: str, value: Any, indent: int) -> None:
        """``key: value``, the value in flow style when it is short enough."""
        if isinstance(value, dict):
            line = f"{lead}{key}: {self.flow(value, key)}"
            if len(line) <= MAX_LINE and not any(isinstance(v, (dict, list)) and len(v) > 3
                                                for v in value.values()):
                self.lines.append(line)
                return
            self.lines.append(f"{lead}{key}:")
            self.mapping(value, indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            self.lines.append(f"{lead}{key}:")
            for item in value:
                self.item(item, indent + 2, block=key in BLOCK_ITEM_LISTS)
        elif isinstance(value, list):
            line = f"{lead}{key}: {self.flow(value, key)}"
            if len(line) <= MAX_LINE:
                self.lines.append(line)
                return
            self.lines.append(f"{lead}{key}:")
            self.lines.extend(f"{' ' * (indent + 2)}- {self.scalar(v, key, flow=False)}"
                              for v in value)
        else:
            self.lines.append(f"{lead}{key}: {self.scalar(value, key, flow=False)}")

    def item(self, item: dict[str, Any], indent: int, block: bool) -> None:
        """A list item: one flow line, or a block mapping when long or asked for."""
        line = f"{' ' * indent}- {self.flow(item, '')}"
        if not block and len(line) <= MAX_LINE:
            self.lines.append(line)
            return
        self.mapping(item, indent + 2, first_prefix=f"{' ' * indent}- ")


def to_yaml(plan: dict[str, Any], anchors: Anchors, header: str) -> str:
    """The plan as YAML text, one blank line between top-level sections."""
    emitter = Emitter(anchors)
    emitter.lines.append(f"# {header}")
    for key, value in plan.items():
        if key != "mktplan":
            emitter.lines.append("")
        emitter.entry("", key, value, 0)
    return "\n".join(emitter.lines) + "\n"
