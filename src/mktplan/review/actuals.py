"""Reading files of actuals into sums, one row at a time: spend and returns per id per month.

A file is read as a stream (a million rows cost no more memory than a thousand, bar the
duplicate check's fingerprint per row): each row is checked, and a good one is added to
its line's (or returns stream's) month, or appended to its KPI's measurements. A bad row
is a :class:`Problem` at its line and cell and is not counted; the rest of the file is
still used. CSV files are UTF-8 (with or without a BOM) or GB18030 (GBK); .xlsx files
are read with openpyxl in read-only mode, every sheet with a header of actuals.

Money is summed as whole ten-thousandths (the finest money the plan format allows), so
the sums are exact integers; :func:`money` turns them back into Decimal.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from mktplan.findings import Message, msg
from mktplan.load.values import MONEY, MONEY_LIMIT, ValueSyntaxError
from mktplan.review.cells import cell_day, cell_reason, cell_text, parse_money, parse_value
from mktplan.review.layout import KIND_WORDS, HeaderProblem, Kind, Layout, read_header

#: money is summed in these units (the plan format's finest money: 4 decimal places)
SCALE = 10**MONEY.places
#: at most this many findings of one rule per file; the last one says how many more
MAX_PER_RULE = 200
_TRY_ENCODINGS = ("utf-8", "gb18030")
_CHUNK = 1 << 20


def money(units: int) -> Decimal:
    """A sum in :data:`SCALE` units as exact Decimal."""
    value = Decimal(units).scaleb(-MONEY.places)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class Where(Protocol):
    """What tells the line of the row just read: a ``csv.reader``, or a counter of rows."""

    line_num: int


@dataclass
class RowCounter:
    """The line number of an .xlsx row (or of a row already read)."""

    line_num: int


class Known(NamedTuple):
    """What rows of actuals may name: the plan's ids, its period and the review's date."""

    lines: Sequence[str]
    kpis: Sequence[str]
    percent_kpis: frozenset[str]
    streams: Sequence[str]
    start: date
    end: date
    as_of: date | None = None


class Problem(NamedTuple):
    """Something wrong in a file of actuals: rule, place (1-based line, 0-based cell)."""

    rule: str
    file: str
    line: int
    cell: int | None
    message: str
    first: int = 0
    """For a duplicate: the line of the row it repeats."""
    detail: Message | None = None
    """The message as a catalogue key and arguments, to be written in any language."""


class BadDay(NamedTuple):
    """Why a date text does not count: the rule, and the message."""

    rule: str
    message: Message


def make_problem(rule: str, file: str, line: int, cell: int | None, message: Message,
            first: int = 0) -> Problem:
    """A problem with its message in English and as a catalogue message."""
    from mktplan.text.messages import english

    text, detail = english(message)
    return Problem(rule, file, line, cell, text, first, detail)


class Measurement(NamedTuple):
    """One KPI value on one day, with the row it came from."""

    day: date
    value: Decimal
    file: str
    line: int


class Fact(NamedTuple):
    """One counted row, kept only when the workbook shows the raw actuals."""

    day: date
    kind: Kind
    id: str
    value: Decimal
    note: str
    file: str
    line: int


@dataclass
class Actuals:
    """Everything read from the files: sums, measurements, problems."""

    spend: dict[str, dict[date, int]]
    returns: dict[str, dict[date, int]]
    kpis: dict[str, list[Measurement]]
    problems: list[Problem] = field(default_factory=list)
    counted: int = 0
    latest: date | None = None
    unreadable: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    facts: list[Fact] | None = None
    """Every counted row, when asked for (``keep_facts``)."""
    lines_of: dict[str, dict[int, str]] = field(default_factory=dict)
    """The text of the lines that problems point at, per CSV file (for the excerpts)."""
    columns: dict[tuple[str, int, int | None], int] = field(default_factory=dict)
    """The 1-based column of each problem's cell in the file, by (file, line, cell)."""

    def column(self, problem: Problem) -> int:
        """Where a problem's cell starts on its line (1 for a whole row)."""
        if problem.cell is None:
            return 1
        return self.columns.get((problem.file, problem.line, problem.cell), problem.cell + 1)


def read_actuals(paths: Sequence[tuple[Path, str]], known: Known,
                 keep_facts: bool = False) -> Actuals:
    """Read every file (path and the name findings give it) into one :class:`Actuals`."""
    actuals = Actuals({line: defaultdict(int) for line in known.lines},
                      {stream: defaultdict(int) for stream in known.streams},
                      {kpi: [] for kpi in known.kpis},
                      facts=[] if keep_facts else None)
    for path, name in paths:
        actuals.files.append(name)
        reader = _Reader(actuals, known, name)
        counted, problems = actuals.counted, len(actuals.problems)
        reader.read(path)
        reader.fold()
        if actuals.counted == counted and len(actuals.problems) == problems:
            actuals.problems.append(make_problem("review-actuals-empty", name, 1, None,
                                            msg("review.actuals.no-facts")))
    return actuals


class _Reader:
    """Reads one file into the shared :class:`Actuals`."""

    def __init__(self, actuals: Actuals, known: Known, name: str) -> None:
        self.actuals = actuals
        self.known = known
        self.name = name
        self.days: dict[str, tuple[date, date]] = {}
        """Date texts that count, read once: (day, first day of its month)."""
        self.bad_days: dict[str, BadDay] = {}
        """Date texts that do not count, and why."""
        self.unknown: dict[tuple[Kind, str], Message] = {}
        self.counts: dict[str, int] = {}
        self.sheet = ""
        self.blank = 0
        self.by_month: dict[Kind, dict[date, dict[str, int]]] = {"spend": {}, "return": {}}
        """The fast path's sums: kind → month → id → sum (one dict per month stays warm)."""
        self.seen_on: defaultdict[date, dict[str, object]] = defaultdict(dict)
        """The first row of each id on each day (its amount, or all its cells)."""
        self.same_day: dict[tuple[date, str], dict[object, int]] = {}
        """Every row of an id on a day that has more than one, with its line (0: the first
        row, whose line the fast path does not keep)."""
        self.first_unknown: set[tuple[date, str, object]] = set()
        """Rows repeated whose first line :meth:`_first_lines` looks up afterwards."""
        self.first_keys: dict[int, tuple[date, str, object]] = {}
        """The line of each such repetition, with the row it repeats."""
        self.layout: Layout | None = None
        self.renumber: int | None = None
        """The header's line, when rows were numbered as lines but a row spanned lines."""

    # --- files ------------------------------------------------------------------------
    def read(self, path: Path) -> None:
        from mktplan.errors import InputError
        from mktplan.files.reading import os_reason
        from mktplan.text.messages import reason

        try:
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                self._read_workbook(path)
            else:
                self._read_csv(path)
        except InputError as exc:
            self.actuals.unreadable.append(self.name)
            self._problem("review-actuals-unreadable", 1, None, reason(exc), in_sheet=False)
        except OSError as exc:
            self.actuals.unreadable.append(self.name)
            self._problem("review-actuals-unreadable", 1, None,
                          msg("review.actuals.cannot-read", reason=os_reason(exc)),
                          in_sheet=False)

    def _read_csv(self, path: Path) -> None:
        from mktplan.files.reading import open_regular_file

        with open_regular_file(path, self.name) as (raw, _size):
            encoding = self._encoding(raw)
            if encoding is None:
                return
            raw.seek(0)
            buffered = io.BufferedReader(raw, _CHUNK)
            text = io.TextIOWrapper(buffered,
                                    encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                                    newline="")
            reader = csv.reader(text)
            try:
                self._read_rows(reader, reader)
            except csv.Error as exc:
                self._problem("review-actuals-row", reader.line_num, None,
                              msg("review.actuals.unreadable-from-here", reason=str(exc)))
            text.detach()
            buffered.detach()  # the raw file is closed by open_regular_file
        if self.first_unknown:
            self._first_lines(path, encoding)
        if self.renumber is not None:
            self._renumber(path, encoding, self.renumber)
        if any(problem.file == self.name for problem in self.actuals.problems):
            self._locate_cells(path, encoding)

    def _encoding(self, raw: io.FileIO) -> str | None:
        """UTF-8 or GB18030, whichever decodes the whole file; None after a problem."""
        import codecs

        failures = []
        for encoding in _TRY_ENCODINGS:
            raw.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            offset = 0
            try:
                while chunk := raw.read(_CHUNK):
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                failures.append((encoding, offset + exc.start))
                continue
            return encoding
        where = max(at for _, at in failures)
        raw.seek(0)
        before = raw.read(where)
        line = before.count(b"\n") + 1
        self._problem("review-actuals-encoding", line, None,
                      msg("review.actuals.encoding", byte=where + 1))
        return None

    def _read_workbook(self, path: Path) -> None:
        from mktplan.files.reading import open_regular_file

        with open_regular_file(path, self.name) as (raw, _size):
            data = raw.readall()

        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # a hostile workbook: any parser error is a finding
            self.actuals.unreadable.append(self.name)
            self._problem("review-actuals-unreadable", 1, None,
                          msg("review.actuals.not-a-workbook", reason=str(exc)),
                          in_sheet=False)
            return
        try:
            self._read_sheets(book)
        except Exception as exc:  # a hostile workbook: any parser error is a finding
            self.actuals.unreadable.append(self.name)
            self._problem("review-actuals-unreadable", 1, None,
                          msg("review.actuals.not-a-workbook", reason=type(exc).__name__),
                          in_sheet=False)
        finally:
            book.close()

    def _read_sheets(self, book: Any) -> None:
        """Every sheet with a header of actuals."""
        sheets = [sheet for sheet in book.worksheets if _has_header(sheet)]
        several = len(book.worksheets) > 1
        if not sheets:
            self._problem("review-actuals-empty", 1, None, msg("review.actuals.workbook-no-rows"))
        for sheet in sheets:
            self.sheet = sheet.title if several else ""
            rows = sheet.iter_rows(values_only=True)
            self._read_cells(rows, sheet.title in _REFERENCE_SHEETS)

    def _read_cells(self, rows: Iterator[tuple[object, ...]], reference: bool) -> None:
        where = RowCounter(0)

        def texts() -> Iterator[list[str]]:
            for cells in rows:
                where.line_num += 1
                yield [_xlsx_text(value) for value in cells]

        if reference:  # the template's list of ids, not actuals
            return
        self._read_rows(texts(), where)

    # --- rows -------------------------------------------------------------------------
    def _read_rows(self, rows: Iterable[list[str]], where: Where) -> None:
        iterator = iter(rows)
        header = next(iterator, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(iterator, None)
        if header is None:
            self._problem("review-actuals-empty", 1, None, msg("review.actuals.empty"))
            return
        layout = read_header(header)
        if isinstance(layout, HeaderProblem):
            message = layout.message
            if header and header[0].lstrip().startswith("mktplan:"):
                message = msg("review.actuals.a-plan")
            self._problem("review-actuals-header", where.line_num, layout.cell, message)
            return
        self.layout = layout
        rows_read = self._rows(iterator, layout, where)
        if rows_read == 0:
            self._problem("review-actuals-empty", where.line_num, None,
                          msg("review.actuals.header-only"))

    def _rows(self, rows: Iterator[list[str]], layout: Layout,
              where: Where) -> int:
        """Read every row after the header; the number of rows that were not blank."""
        if (layout.kinds[0] != "kpi" and "kind" not in layout.at
                and self.actuals.facts is None and isinstance(where, _csv_reader)):
            return self._money_rows(rows, layout, layout.kinds[0], where)
        read = 0
        for row in rows:
            if not row or not any(row):
                continue
            read += 1
            self._row(row, layout, where.line_num)
        return read

    def _money_rows(self, rows: Iterator[list[str]], layout: Layout, kind: Kind,
                    where: Where) -> int:
        """The fast path of a file of one kind of money: spend or returns.

        Every name the loop uses is local, and work that repeats is done once: a date's
        text is read once (:attr:`days`), the latest day is compared only when the day
        changes, a plain run of digits is money without the grammar.
        """
        sums = self.actuals.spend if kind == "spend" else self.actuals.returns
        by_month = self.by_month[kind]
        day_at, id_at = layout.at["date"], layout.column(kind, "id")
        number_at = layout.column(kind, "number")
        assert id_at is not None and number_at is not None
        width, days, seen_on = layout.width, self.days, self.seen_on
        narrow = width == 3  # date, id, amount: the amount tells two rows of a line apart
        limit, scale = MONEY_LIMIT, SCALE
        latest = self.actuals.latest or date.min
        last_day: object = None
        last_counted: object = None
        seen: dict[str, object] = {}
        month: dict[str, int] = {}
        skipped = 0
        line = base = where.line_num
        try:
            for line, row in enumerate(rows, start=base + 1):
                if len(row) != width and not self._fits(row, width, RowCounter(line)):
                    skipped += 1
                    continue
                day = days.get(row[day_at])
                if day is None:
                    reason = self._day(row[day_at])
                    if isinstance(reason, BadDay):
                        skipped += 1
                        if row[day_at].strip() or not self._unfilled(row, layout, id_at):
                            self._day_problem(reason, line, day_at)
                        continue
                    day = reason
                if day is not last_day:  # rows come by date: a day's dicts are fetched once a run
                    last_day = day
                    seen = seen_on[day[0]]
                    month = by_month.get(day[1]) or self._month(kind, day[1])
                line_id = row[id_at]
                before = month.get(line_id)
                if before is None:
                    if self._unknown_id(kind, row, id_at, sums, RowCounter(line)) is None:
                        skipped += 1
                        continue
                    line_id = line_id.strip()
                    before = month[line_id]
                text = row[number_at]
                if text.isascii() and text.isdigit() and (units := int(text)) < limit:
                    units *= scale
                else:
                    parsed = self._money(text, line, number_at)
                    if parsed is None:
                        skipped += 1
                        continue
                    units = parsed
                month[line_id] = before + units
                if day is not last_counted:
                    last_counted = day
                    if day[0] > latest:
                        latest = day[0]
                fingerprint = text if narrow else tuple(row)
                # not an identity test: CPython shares one object for each 1-character text
                first = seen.get(line_id)
                if first is None:
                    seen[line_id] = fingerprint
                else:
                    self._same_day(day[0], line_id, first, fingerprint, line)
        finally:  # a csv error ends the loop: what was read still counts
            self.actuals.counted += line - base - skipped
            if latest != date.min:
                self.actuals.latest = latest
        if where.line_num != line:  # a quoted cell held a line break: rows ≠ lines
            self.renumber = base
        return line - base - self.blank

    def _month(self, kind: Kind, month: date) -> dict[str, int]:
        """The sums of every id of ``kind`` in one month, made on the month's first row."""
        ids = self.actuals.spend if kind == "spend" else self.actuals.returns
        sums = self.by_month[kind][month] = dict.fromkeys(ids, 0)
        return sums

    def _same_day(self, day: date, line_id: str, first: object, fingerprint: object,
                  line: int) -> None:
        """A second row of one id on one day: a duplicate if it repeats one in every cell."""
        others = self.same_day.setdefault((day, line_id), {first: 0})
        if fingerprint in others:
            self._duplicate(others[fingerprint], line)
            if not others[fingerprint]:
                self.first_unknown.add((day, line_id, fingerprint))
                self.first_keys[line] = (day, line_id, fingerprint)
        else:
            others[fingerprint] = line

    def fold(self) -> None:
        """Add the fast path's sums per month into the sums per id."""
        for kind, months in self.by_month.items():
            sums = self.actuals.spend if kind == "spend" else self.actuals.returns
            for month, by_id in months.items():
                for line_id, units in by_id.items():
                    if units:
                        sums[line_id][month] += units

    def _fits(self, row: list[str], width: int, where: Where) -> bool:
        """Whether a row of the wrong length is usable; blank and padded rows are."""
        if not row or not any(row):
            self.blank += 1
            return False
        if len(row) > width and not any(cell.strip() for cell in row[width:]):
            del row[width:]
            return True
        if len(row) < width:
            self._problem("review-actuals-row", where.line_num, None,
                          msg("review.actuals.cells", cells=len(row), width=width))
        else:
            self._problem("review-actuals-row", where.line_num, width,
                          msg("review.actuals.cells", cells=len(row), width=width))
        return False

    def _row(self, row: list[str], layout: Layout, line: int) -> None:
        """A row of a KPI file or of a mixed file (the general, slower path)."""
        if len(row) != layout.width and not self._fits(row, layout.width, RowCounter(line)):
            return
        kind = self._kind_of(row, layout, line)
        if kind is None:
            return
        id_at, number_at = layout.column(kind, "id"), layout.column(kind, "number")
        if id_at is None or number_at is None:
            self._problem("review-actuals-row", line, layout.at["kind"],
                          msg("review.actuals.kind-column", kind=kind,
                              column="line" if kind == "spend" else kind))
            return
        if self._unfilled(row, layout, id_at):
            return
        day_at = layout.at["date"]
        day = self.days.get(row[day_at]) or self._day(row[day_at])
        if isinstance(day, BadDay):
            self._day_problem(day, line, day_at)
            return
        if kind == "kpi":
            self._kpi_row(row, layout, day[0], line, id_at, number_at)
            return
        sums = self.actuals.spend if kind == "spend" else self.actuals.returns
        months = sums.get(row[id_at])
        if months is None:
            months = self._unknown_id(kind, row, id_at, sums, RowCounter(line))
        units = None if months is None else self._money(row[number_at], line, number_at)
        if months is None or units is None:
            return
        months[day[1]] = months.get(day[1], 0) + units
        self._counted(row, layout, kind, day[0], money(units), line)

    def _kpi_row(self, row: list[str], layout: Layout, day: date, line: int, id_at: int,
                 number_at: int) -> None:
        kpi = row[id_at].strip()
        measurements = self.actuals.kpis.get(kpi)
        if measurements is None:
            self._unknown_id("kpi", row, id_at, self.actuals.kpis, RowCounter(line))
            return
        try:
            value = parse_value(row[number_at], kpi in self.known.percent_kpis)
        except ValueSyntaxError as exc:
            self._problem("review-actuals-amount", line, number_at,
                          msg("review.actuals.bad-value", reason=cell_reason(exc)))
            return
        measurements.append(Measurement(day, value, self.name, line))
        self._counted(row, layout, "kpi", day, value, line)

    def _counted(self, row: list[str], layout: Layout, kind: Kind, day: date, value: Decimal,
                 line: int) -> None:
        self.actuals.counted += 1
        fingerprint = tuple(row)
        key = f"{kind}|{fingerprint}"
        first = self.seen_on[day].get(key)
        if first is None:
            self.seen_on[day][key] = fingerprint
        else:
            self._same_day(day, key, first, fingerprint, line)
        if self.actuals.latest is None or day > self.actuals.latest:
            self.actuals.latest = day
        if self.actuals.facts is not None:
            self.actuals.facts.append(self._fact(row, layout, kind, day, value, line))

    def _kind_of(self, row: list[str], layout: Layout, line: int) -> Kind | None:
        if "kind" not in layout.at:
            return layout.kinds[0]
        at = layout.at["kind"]
        kind = KIND_WORDS.get(row[at].strip().lower())
        if kind is None or kind not in layout.kinds:
            allowed = ", ".join(layout.kinds)
            self._problem("review-actuals-row", line, at,
                          msg("review.actuals.unknown-kind", kind=row[at].strip(),
                              allowed=allowed))
            return None
        return kind

    def _unfilled(self, row: list[str], layout: Layout, id_at: int) -> bool:
        """Whether a row is a template's row left empty: an id (and a note) and nothing else."""
        note_at = layout.at.get("note")
        kind_at = layout.at.get("kind")
        return not any(cell.strip() for at, cell in enumerate(row)
                       if at not in (id_at, note_at, kind_at))

    def _fact(self, row: list[str], layout: Layout, kind: Kind, day: date, value: Decimal,
              line: int) -> Fact:
        note_at = layout.at.get("note")
        id_at = layout.column(kind, "id")
        assert id_at is not None
        note = row[note_at].strip() if note_at is not None else ""
        return Fact(day, kind, row[id_at].strip(), value, note, self.name, line)

    # --- cells ------------------------------------------------------------------------
    def _day(self, text: str) -> tuple[date, date] | BadDay:
        """A date cell: (day, its month) when it counts, else why not (cached per text)."""
        known = self.known
        if text in self.bad_days:
            return self.bad_days[text]
        try:
            day = cell_day(text)
        except ValueSyntaxError as exc:
            reason: tuple[date, date] | BadDay = BadDay(
                "review-actuals-date", msg("review.actuals.bad-date", reason=cell_reason(exc)))
        else:
            if not known.start <= day <= known.end:
                reason = BadDay("review-actuals-outside-period", msg(
                    "review.actuals.outside-period", day=day, start=known.start, end=known.end))
            elif known.as_of is not None and day > known.as_of:
                reason = BadDay("review-actuals-after-as-of", msg(
                    "review.actuals.after-as-of", day=day, as_of=known.as_of))
            else:
                reason = (day, date(day.year, day.month, 1))
        if not text.strip():
            reason = BadDay("review-actuals-date", msg("review.actuals.date-missing"))
        if isinstance(reason, BadDay):
            self.bad_days[text] = reason
        else:
            self.days[text] = reason
        return reason

    def _day_problem(self, reason: BadDay, line: int, cell: int) -> None:
        self._problem(reason.rule, line, cell, reason.message)

    def _money(self, text: str, line: int, cell: int) -> int | None:
        if not text.strip():
            self._problem("review-actuals-amount", line, cell,
                          msg("review.actuals.amount-missing"))
            return None
        try:
            value = parse_money(text)
        except ValueSyntaxError as exc:
            self._problem("review-actuals-amount", line, cell,
                          msg("review.actuals.bad-amount", reason=str(exc)))
            return None
        return int(value.scaleb(MONEY.places))

    def _unknown_id(self, kind: Kind, row: list[str], at: int,
                    known: dict[str, dict[date, int]] | dict[str, list[Measurement]],
                    where: Where) -> dict[date, int] | None:
        """The sums of a row's id written with stray space, else None after a problem."""
        text = row[at]
        stripped = text.strip()
        if stripped != text and stripped in known:
            found = known[stripped]
            return found if isinstance(found, dict) else None
        message = self.unknown.get((kind, stripped))
        if message is None:
            message = _unknown_message(kind, stripped, list(known))
            self.unknown[(kind, stripped)] = message
        self._problem("review-actuals-unknown-id", where.line_num, at, message)
        return None

    def _duplicate(self, first: int, line: int) -> None:
        self._problem("review-actuals-duplicate", line, None, _duplicate_message(first), first)

    def _problem(self, rule: str, line: int, cell: int | None, message: str | Message,
                 first: int = 0, *, in_sheet: bool = True) -> None:
        count = self.counts.get(rule, 0) + 1
        self.counts[rule] = count
        if count > MAX_PER_RULE:
            return
        if isinstance(message, str):
            message = msg("review.actuals.as-is", text=message)
        if in_sheet:
            message = self._in_sheet(message)
        if count == MAX_PER_RULE:
            message = msg("review.actuals.and-so-on", message=message, rule=rule)
        self.actuals.problems.append(make_problem(rule, self.name, line, cell, message, first))

    def _in_sheet(self, message: Message) -> Message:
        """``message`` with the sheet it is about, in a workbook of several sheets."""
        return msg("review.actuals.in-sheet", sheet=self.sheet, message=message) \
            if self.sheet else message

    def _repeats(self, first: int, index: int) -> None:
        """Problem ``index`` (a duplicate) as repeating line ``first``."""
        old = self.actuals.problems[index]
        message = self._in_sheet(_duplicate_message(first))
        if old.detail is not None and old.detail.key == "review.actuals.and-so-on":
            message = msg("review.actuals.and-so-on", message=message, rule=old.rule)
        self.actuals.problems[index] = make_problem(old.rule, old.file, old.line, old.cell,
                                                    message, first)

    def _first_lines(self, path: Path, encoding: str) -> None:
        """Find the line of each first row that a duplicate repeats (a second reading)."""
        found: dict[tuple[date, str, object], int] = {}
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        layout = self.layout
        assert layout is not None
        kind = layout.kinds[0]
        day_at, id_at = layout.at["date"], layout.column(kind, "id")
        number_at = layout.column(kind, "number")
        assert id_at is not None and number_at is not None
        with path.open(encoding=codec, newline="") as text, contextlib.suppress(csv.Error):
            for line, row in enumerate(csv.reader(text), start=1):
                day = self.days.get(row[day_at]) if len(row) > day_at else None
                if day is None or len(row) <= max(id_at, number_at):
                    continue
                fingerprint = row[number_at] if layout.width == 3 else tuple(row)
                key = (day[0], row[id_at].strip(), fingerprint)
                if key in self.first_unknown and key not in found:
                    found[key] = line
                    if len(found) == len(self.first_unknown):
                        break
        for index, problem in enumerate(self.actuals.problems):
            if problem.file == self.name and problem.rule == "review-actuals-duplicate" \
                    and not problem.first:
                repeated = self.first_keys.get(problem.line)
                first = found.get(repeated, 0) if repeated is not None else 0
                self._repeats(first, index)

    def _renumber(self, path: Path, encoding: str, base: int) -> None:
        """Turn row numbers into line numbers, for a file where a row spans lines."""
        problems = self.actuals.problems
        wanted = {problem.line for problem in problems if problem.file == self.name}
        wanted |= {problem.first for problem in problems
                   if problem.file == self.name and problem.first}
        lines: dict[int, int] = {}
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        with path.open(encoding=codec, newline="") as text:
            reader = csv.reader(text)
            for row in reader:
                if any(cell.strip() for cell in row):
                    break
            with contextlib.suppress(csv.Error):  # the first reading said so already
                for number, _row in enumerate(reader, start=base + 1):
                    if number in wanted:
                        lines[number] = reader.line_num
        for index, problem in enumerate(problems):
            if problem.file == self.name and problem.line > base:
                problem = problem._replace(line=lines.get(problem.line, problem.line))
                problems[index] = problem
                if problem.first:
                    self._repeats(lines.get(problem.first, problem.first), index)

    # --- columns ----------------------------------------------------------------------
    def _locate_cells(self, path: Path, encoding: str) -> None:
        """Find the column of each problem's cell in the lines they point at."""
        wanted: dict[int, set[int | None]] = {}
        for problem in self.actuals.problems:
            if problem.file == self.name:
                wanted.setdefault(problem.line, set()).add(problem.cell)
        lines: dict[int, str] = {}
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        with path.open(encoding=codec, newline="") as text:
            for number, line in enumerate(text, start=1):
                if number in wanted:
                    lines[number] = line.rstrip("\r\n")
                    for cell in wanted[number]:
                        if cell is not None:
                            self.actuals.columns[(self.name, number, cell)] = \
                                cell_column(lines[number], cell)
                if len(lines) == len(wanted):
                    break
        self.actuals.lines_of[self.name] = lines


_csv_reader = type(csv.reader([]))
_REFERENCE_SHEETS = frozenset({"ids", "编号"})


def cell_column(line: str, cell: int) -> int:
    """The 1-based column where cell number ``cell`` (0-based) of a CSV line starts."""
    quoted = False
    current = 0
    for position, character in enumerate(line):
        if current == cell:
            return position + 1
        if character == '"':
            quoted = not quoted
        elif character == "," and not quoted:
            current += 1
    return len(line) + 1


def _has_header(sheet: object) -> bool:
    for cells in sheet.iter_rows(values_only=True, max_row=1):  # type: ignore[attr-defined]
        return any(value not in (None, "") for value in cells)
    return False


def _xlsx_text(value: object) -> str:
    if isinstance(value, date):
        return cell_day(value).isoformat()
    return cell_text(value)


def _duplicate_message(first: int) -> Message:
    if first:
        return msg("review.actuals.duplicate-of", first=first)
    return msg("review.actuals.duplicate")


_KIND_NOUNS = {"spend": "review.kind.spend", "kpi": "review.kind.kpi",
               "return": "review.kind.return"}


def _unknown_message(kind: Kind, text: str, known: Sequence[str]) -> Message:
    import difflib

    what = Message(_KIND_NOUNS[kind])
    if not text:
        return msg("review.actuals.id-missing", what=what)
    guess = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
    if guess:
        return msg("review.actuals.unknown-id-guess", id=text, what=what, guess=guess[0])
    return msg("review.actuals.unknown-id", id=text, what=what)
