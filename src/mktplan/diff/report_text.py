"""The human report (Rich): the summary table, then each section's changes in plan order.

Added items are green and marked ``+``, removed red ``-``, renamed cyan ``>``,
changed yellow ``~``. Text changes are shown inline, word by word. Rich turns
colour off when the stream is not a terminal, and ``NO_COLOR`` turns every style off; without
colour, text changes are marked ``[-removed-]{+added+}`` as ``git diff
--word-diff`` does, so nothing depends on colour.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from mktplan.diff.formatting import HumanFormat, list_changes, one_line
from mktplan.diff.model import ChangeKind, FieldChange, ItemChange, Kind, PlanDiff, SideInfo
from mktplan.diff.words import Op, inline_diff
from mktplan.text.messages import render

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_MARK = {ChangeKind.ADDED: "+", ChangeKind.REMOVED: "-", ChangeKind.RENAMED: ">",
         ChangeKind.CHANGED: "~"}
_STYLE = {ChangeKind.ADDED: "green", ChangeKind.REMOVED: "red", ChangeKind.RENAMED: "cyan",
          ChangeKind.CHANGED: "yellow"}
_INDENT = "      "


class _TextReport:
    """Writes one diff to a Rich console."""

    def __init__(self, diff: PlanDiff, console: Console) -> None:
        self.diff = diff
        self.console = console
        self.human = HumanFormat(diff)
        self.colour = not console.no_color and console.color_system is not None

    def write(self) -> None:
        from rich.text import Text

        diff, console = self.diff, self.console
        human = self.human
        title = human.say("diff.title")
        console.print(Text.assemble((f"{title} ", "bold"), one_line(diff.old.file), " → ",
                                    one_line(diff.new.file)))
        console.print(self.side("old", diff.old))
        console.print(self.side("new", diff.new))
        for notice in diff.notes:
            console.print(Text.assemble((f"  {human.say('diff.side.note')}", "bold yellow"),
                                        one_line(render(notice, human.language))))
        console.print()
        self.summary()
        if not diff.changes:
            console.print(human.say("diff.no-differences"))
            return
        for path, group in groupby(diff.changes, key=lambda change: change.section):
            changes = list(group)
            self.print(self.heading(path, changes))
            for change in changes:
                self.print(self.item(change))
            console.print()

    def print(self, text: Text) -> None:
        """Print one line or item; without any styling, straight to the stream.

        Rich renders thousands of styled runs slowly, and when it would write no styles
        at all (not a terminal) its output is the plain text: write that directly.
        """
        if self.console.color_system is None:
            self.console.file.write(text.plain + "\n")
        else:
            self.console.print(text)

    def side(self, name: str, side: SideInfo) -> Text:
        from rich.text import Text

        human = self.human
        period = human.say("diff.period", start=human.date(side.start), end=human.date(side.end))
        return Text.assemble(
            (f"  {human.say(f'diff.side.{name}')}  ", "dim"),
            one_line(f"{side.plan_id} · {side.title} · {period} · {side.currency}"),
        )

    def summary(self) -> None:
        from rich import box
        from rich.table import Table

        human = self.human
        table = Table(title=human.say("diff.summary"), title_justify="left", box=box.SIMPLE_HEAD,
                      show_edge=False)
        table.add_column(human.say("diff.column.figure"))
        for column in ("old", "new", "change"):
            table.add_column(human.say(f"diff.column.{column}"), justify="right")
        for row in self.diff.summary:
            if not (row.headline or row.changed):
                continue
            change = row.change
            table.add_row(
                one_line(human.label(row)), one_line(human.value(change.kind, change.old, True)),
                one_line(human.value(change.kind, change.new)),
                human.delta(change) if row.changed else "",
                style="yellow" if row.changed else None,
            )
        self.console.print(table)
        self.console.print()

    def heading(self, path: str, changes: list[ItemChange]) -> Text:
        from rich.text import Text

        tally = self.human.tally(Counter(change.kind for change in changes))
        return Text.assemble((self.human.section(path), "bold"), f": {tally}")

    def item(self, change: ItemChange) -> Text:
        from rich.text import Text

        text = Text()
        style = _STYLE[change.kind]
        text.append(f"  {_MARK[change.kind]} ", style=style)
        if change.old_key is not None:
            text.append(f"{one_line(change.old_key)} → ", style=style)
        text.append(one_line(change.key or self.human.section(change.section)), style=style)
        if change.label:
            text.append(f"  {one_line(change.label)}")
        text.append("\n")
        if change.kind is ChangeKind.CHANGED:
            for field in change.fields:
                self.field(text, field)
        text.rstrip()
        return text

    def field(self, text: Text, field: FieldChange) -> None:
        text.append(f"{_INDENT}{one_line(field.field)}:", style="bold")
        if field.kind is not Kind.TEXTS:
            text.append(" ")
        if field.kind is Kind.TEXT and isinstance(field.old, str) and isinstance(field.new, str):
            self.words(text, field.old, field.new)
        elif field.kind in (Kind.IDS, Kind.TEXTS):
            self.elements(text, field)
        else:
            text.append(one_line(self.human.value(field.kind, field.old, True)), style="red")
            text.append(" → ")
            text.append(one_line(self.human.value(field.kind, field.new)), style="green")
            delta = self.human.delta(field)
            if delta:
                text.append(f"  ({delta})", style="yellow")
        text.append("\n")

    def words(self, text: Text, old: str, new: str) -> None:
        for run in inline_diff(one_line(old), one_line(new)):
            if run.op is Op.SAME:
                text.append(run.text)
            elif run.op is Op.REMOVED:
                text.append(run.text if self.colour else f"[-{run.text}-]", style="red strike")
            else:
                text.append(run.text if self.colour else f"{{+{run.text}+}}",
                            style="green underline")

    def elements(self, text: Text, field: FieldChange) -> None:
        """Ids gained and lost on one line; texts one per line, as they can be long."""
        added, removed = list_changes(field)
        space = "" if field.kind is Kind.IDS else " "
        parts = [(f"+{space}{one_line(element)}", "green") for element in added]
        parts.extend((f"-{space}{one_line(element)}", "red") for element in removed)
        if not parts:
            text.append(f" {self.human.say('diff.reordered')}", style="yellow")
        separator = "  " if field.kind is Kind.IDS else f"\n{_INDENT}  "
        for index, (part, style) in enumerate(parts):
            text.append((separator if index or field.kind is Kind.TEXTS else "") + part,
                        style=style)


def report(diff: PlanDiff, stream: TextIO) -> None:
    """Write the human report to ``stream`` (colour only on a terminal)."""
    from mktplan.text.terminal import console

    _TextReport(diff, console(stream, soft_wrap=True)).write()
