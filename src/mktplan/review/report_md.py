"""The review as Markdown, in the plan's language: for a pull request or a chat message.

Headline, budget tables (total, categories, channels, months, lines), KPIs and goals,
returns and ROI, then the findings. Every plan text in a table cell is escaped
(:func:`~mktplan.text.escaping.escape_inline`, line breaks to spaces), so a name with
``|`` or ``<script>`` stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from mktplan.findings import Finding
from mktplan.review.analysis import Figures, Review, Track
from mktplan.review.words import labels
from mktplan.text.escaping import escape_inline
from mktplan.text.formatter import Formatter


def cell(text: str) -> str:
    """Plan text made safe for a GFM table cell."""
    return escape_inline(" ".join(text.split()))


def render(result: Review, title: str, language: str, files: Sequence[str], counted: int,
           findings: Sequence[Finding]) -> str:
    """The whole review as one Markdown document."""
    words = labels(language)
    fmt = Formatter(language, result.currency)
    parts = [
        f"# {cell(words['title'].format(title=title))}",
        words["as_of"].format(date=fmt.date(result.as_of), elapsed=fmt.percent(result.elapsed)),
        words["files"].format(files=", ".join(f"`{name}`" for name in files) or words["none"],
                              rows=fmt.number(counted)),
        f"## {words['budget']}",
        _budget_table(result, words, fmt),
        f"### {words['by_category']}",
        _figures_table(words["category"], result.categories, words, fmt),
        f"### {words['by_channel']}",
        _figures_table(words["channel"], [_named(row, words) for row in result.channels],
                       words, fmt),
        f"### {words['by_month']}",
        _figures_table(words["month"], result.months, words, fmt, months=True),
        f"### {words['by_line']}",
        _lines_table(result, words, fmt),
        f"## {words['kpis']}",
        _tracks_table(result.tracks, words, fmt),
    ]
    if result.streams:
        parts += [f"## {words['returns']}", _streams_table(result, words, fmt)]
    parts += [f"## {words['findings']}", _findings(findings, words)]
    return "\n\n".join(parts) + "\n"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], right_from: int = 1) -> str:
    rule = ["---" if index < right_from else "---:" for index in range(len(head))]
    return "\n".join([_row(head), _row(rule), *(_row(row) for row in rows)])


def _money_cells(row: Figures, fmt: Formatter) -> list[str]:
    return [fmt.money(row.cost), fmt.money(row.planned), fmt.money(row.actual),
            fmt.money(row.variance), fmt.signed_percent(row.variance_share),
            fmt.money(row.remaining), fmt.money(row.forecast)]


def _money_head(words: Mapping[str, str]) -> list[str]:
    return [words[key] for key in ("cost", "planned", "actual", "variance", "variance_pct",
                                   "remaining", "forecast")]


def _budget_table(result: Review, words: Mapping[str, str], fmt: Formatter) -> str:
    lines = Figures("lines", words["lines_total"], sum((r.cost for r in result.lines),
                                                       Decimal(0)),
                    result.total.planned, result.total.actual, result.total.forecast)
    rows = [[words["lines_total"], *_money_cells(lines, fmt)],
            [words["reserve"], fmt.money(result.reserve), "", "", "", "", "", ""]]
    if result.budget_total is not None:
        rows.append([f"**{words['budget_total']}**", *_money_cells(result.total, fmt)])
    return _table(["", *_money_head(words)], rows)


def _named(row: Figures, words: Mapping[str, str]) -> Figures:
    return row if row.key else Figures(row.key, words["none"], row.cost, row.planned,
                                       row.actual, row.forecast)


def _figures_table(first: str, rows: Sequence[Figures], words: Mapping[str, str],
                   fmt: Formatter, months: bool = False) -> str:
    def name(row: Figures) -> str:
        if months:
            year, month = (int(part) for part in row.key.split("-"))
            from datetime import date

            return fmt.month(date(year, month, 1))
        return cell(row.label)

    return _table([first, *_money_head(words)], ([name(row), *_money_cells(row, fmt)]
                                                 for row in rows))


def _lines_table(result: Review, words: Mapping[str, str], fmt: Formatter) -> str:
    head = [words["line"], words["item"], *_money_head(words), words["spent_pct"],
            words["elapsed_pct"]]
    rows = ([f"`{cell(line.key)}`", cell(line.label), *_money_cells(line, fmt),
             fmt.percent(line.spent_share), fmt.percent(line.elapsed)]
            for line in result.lines)
    return _table(head, rows, right_from=2)


def _tracks_table(tracks: Sequence[Track], words: Mapping[str, str], fmt: Formatter) -> str:
    if not tracks:
        return words["none"]
    head = [words["goal"], words["baseline"], words["target"], words["deadline"],
            words["latest"], words["date"], words["path"], words["progress"],
            words["projected"], words["status"]]
    rows = []
    for track in tracks:
        latest = track.latest
        rows.append([
            f"`{cell(track.key)}` {cell(track.name)}", fmt.number(track.baseline),
            fmt.number(track.target), fmt.short_date(track.deadline),
            fmt.number(latest.value) if latest else "", fmt.short_date(latest.day if latest
                                                                       else None),
            fmt.number(track.expected), fmt.percent(track.progress),
            fmt.number(track.projected), words[track.status]])
    return _table(head, rows)


def _streams_table(result: Review, words: Mapping[str, str], fmt: Formatter) -> str:
    rows = [[f"`{cell(s.key)}` {cell(s.label)}", fmt.money(s.amount), fmt.money(s.planned),
             fmt.money(s.actual), fmt.money(s.actual - s.planned)] for s in result.streams]
    table = _table([words["stream"], words["amount"], words["planned"], words["actual"],
                    words["variance"]], rows)
    roi = result.roi
    return table + (f"\n\n{words['roi']}: **{fmt.ratio(roi)}**" if roi is not None else "")


def _findings(findings: Sequence[Finding], words: Mapping[str, str]) -> str:
    if not findings:
        return words["no_findings"]
    return "\n".join(
        f"- **{words[finding.severity.value]}** `{finding.rule}` "
        f"{cell(finding.file)}:{finding.line}:{finding.column}: {cell(finding.message)}"
        for finding in findings)
