"""The Markdown report, for a pull-request comment: a summary, then a ``<details>`` per section.

Markdown has no autoescape, so every value from a plan is escaped before it is
written: ``|`` would split a table cell, a newline would end the row, ``<script>``
would reach the viewer as HTML, ``[text](url)`` would become a link and ``@name``
would notify someone. Text changes are marked with ``<del>`` and ``<ins>``.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import TextIO

from mktplan.diff.formatting import HumanFormat, list_changes, one_line
from mktplan.diff.model import ChangeKind, FieldChange, ItemChange, Kind, PlanDiff, SideInfo
from mktplan.diff.words import Op, inline_diff
from mktplan.text.escaping import escape_inline
from mktplan.text.messages import render


def escape(text: str) -> str:
    """Plan text made inert for a Markdown table cell or list item of a comment.

    A pull-request comment also turns ``@name`` into a notification, so ``@`` is escaped too.
    """
    return escape_inline(one_line(text)).replace("@", "&#64;")


def _side(name: str, side: SideInfo, human: HumanFormat) -> str:
    period = human.say("diff.period", start=human.date(side.start), end=human.date(side.end))
    return human.say("diff.markdown.side", label=human.say(f"diff.column.{name}"),
                     file=escape(side.file), id=escape(side.plan_id), title=escape(side.title),
                     period=period, currency=escape(side.currency)) + "  "


def _table(header: Sequence[str], align: Sequence[str],
           rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


class _MarkdownReport:
    """Builds the Markdown text of one diff."""

    def __init__(self, diff: PlanDiff) -> None:
        self.diff = diff
        self.human = HumanFormat(diff)

    def lines(self) -> Iterator[str]:
        diff = self.diff
        human = self.human
        yield "### " + human.say("diff.markdown.title", title=human.say("diff.title"),
                                 old=escape(diff.old.file), new=escape(diff.new.file))
        yield ""
        yield _side("old", diff.old, human)
        yield _side("new", diff.new, human)
        yield ""
        for notice in diff.notes:
            yield f"> **{human.say('diff.note')}** {escape(render(notice, human.language))}"
            yield ""
        yield from self.summary()
        yield ""
        if not diff.changes:
            yield human.say("diff.no-differences")
            return
        for path, group in groupby(diff.changes, key=lambda change: change.section):
            yield from self.section(path, list(group))

    def summary(self) -> Iterator[str]:
        human = self.human
        rows = [
            (escape(human.label(row)), escape(human.value(row.change.kind, row.change.old, True)),
             escape(human.value(row.change.kind, row.change.new)),
             escape(human.delta(row.change)) if row.changed else "")
            for row in self.diff.summary
            if row.headline or row.changed
        ]
        yield f"**{human.say('diff.summary')}**"
        yield ""
        header = tuple(human.say(f"diff.column.{column}")
                       for column in ("figure", "old", "new", "change"))
        yield from _table(header, (":--", "--:", "--:", "--:"), rows)

    def section(self, path: str, changes: list[ItemChange]) -> Iterator[str]:
        human = self.human
        tally = human.tally(Counter(change.kind for change in changes))
        yield "<details>"
        heading = human.say("diff.markdown.section", section=html.escape(human.section(path)),
                            tally=tally)
        yield f"<summary>{heading}</summary>"
        yield ""
        rows = [row for change in changes for row in self.item_rows(change)]
        header = ("", *(human.say(f"diff.column.{column}")
                        for column in ("item", "field", "old", "new", "change")))
        yield from _table(header, (":--",) * 6, rows)
        yield ""
        yield "</details>"
        yield ""

    def item_rows(self, change: ItemChange) -> Iterator[tuple[str, ...]]:
        item = self.item_cell(change)
        if change.kind is not ChangeKind.CHANGED:
            yield (self.human.say(f"diff.state.{change.kind.value}"), item, "", "", "", "")
            return
        for index, field in enumerate(change.fields):
            first = index == 0
            state = self.human.say("diff.state.changed") if first else ""
            yield (state, item if first else "", escape(field.field), *self.field_cells(field))

    @staticmethod
    def item_cell(change: ItemChange) -> str:
        label = f" {escape(change.label)}" if change.label else ""
        if change.key is None:
            return label.strip()
        if change.old_key is not None:
            return f"`{change.old_key}` → `{change.key}`{label}"
        return f"`{change.key}`{label}"

    def field_cells(self, field: FieldChange) -> tuple[str, str, str]:
        human = self.human
        if field.kind is Kind.TEXT and isinstance(field.old, str) and isinstance(field.new, str):
            return self.text_cells(field.old, field.new)
        if field.kind is Kind.TEXTS:
            return self.texts_cells(field)
        old = escape(human.value(field.kind, field.old, True))
        new = escape(human.value(field.kind, field.new))
        if field.kind is Kind.IDS:
            return old, new, self.ids_cell(field)
        return old, new, escape(human.delta(field))

    @staticmethod
    def text_cells(old: str, new: str) -> tuple[str, str, str]:
        before, after = [], []
        for run in inline_diff(one_line(old), one_line(new)):
            text = escape(run.text)
            if run.op is not Op.ADDED:
                before.append(f"<del>{text}</del>" if run.op is Op.REMOVED else text)
            if run.op is not Op.REMOVED:
                after.append(f"<ins>{text}</ins>" if run.op is Op.ADDED else text)
        return "".join(before), "".join(after), ""

    @staticmethod
    def ids_cell(field: FieldChange) -> str:
        added, removed = list_changes(field)
        parts = [f"+ {escape(element)}" for element in added]
        parts.extend(f"− {escape(element)}" for element in removed)
        return "; ".join(parts)

    def texts_cells(self, field: FieldChange) -> tuple[str, str, str]:
        """Only the texts a list lost (old) and gained (new): lists of texts can be long."""
        added, removed = list_changes(field)
        old = "<br>".join(f"<del>{escape(element)}</del>" for element in removed)
        new = "<br>".join(f"<ins>{escape(element)}</ins>" for element in added)
        return old, new, "" if added or removed else self.human.say("diff.reordered")


def report(diff: PlanDiff, stream: TextIO) -> None:
    """Write the Markdown report."""
    for line in _MarkdownReport(diff).lines():
        stream.write(line + "\n")
