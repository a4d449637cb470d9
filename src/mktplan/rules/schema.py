"""The schema family: problems found while loading the YAML or validating its shape.

Most of these rules have no check function: :mod:`mktplan.load` and
:mod:`mktplan.model.validate` emit them. ``schema-expansion-too-large`` is checked
with the other rules, on the validated plan. They are always errors and cannot be
switched off, because nothing after them can trust the data (or, for the expansion,
build it in bounded memory).
"""

from __future__ import annotations

from collections.abc import Iterator

from mktplan.model.expansion import measure
from mktplan.rules.base import Issue, RuleContext, declared, rule


@rule("schema-expansion-too-large")
def expansion_too_large(ctx: RuleContext, options: object) -> Iterator[Issue]:
    """The plan expands to more items when built than the limit allows.

    Building turns some items into many: a calendar entry into dated slots, each phase,
    task and milestone into a Gantt row of one cell per plan month, a recurring budget
    line into its months of spend. Together they may come to at most 1,000,000 items
    (the benchmark's huge plan, 6,000 tasks and 4,000 budget lines over 36 months, comes
    to 281,000), so that a build stays within the memory documented in
    ``docs/security.md``. Reported once, at the item that takes the running total past
    the limit (counting calendar, schedule, then budget), with what the total is made
    of. The plan cannot switch this rule off or raise the limit; whoever runs mktplan
    can, with the ``MKTPLAN_MAX_EXPANDED`` environment variable.

    Fails (400 such entries: 43,840,000 slots)::

        calendar:
          - {pillar: dance-video, count: 100, per: day, from: M1, to: M36}

    Passes::

        calendar:
          - {pillar: dance-video, count: 2, per: week, from: M1, to: M36}
    """
    result = measure(ctx.plan)
    if result.culprit is not None:
        yield Issue(result.culprit.path, result.detail())

RULES = (
    declared("schema-yaml-syntax", """The file is not valid YAML, or holds more than one document.

        Fails: ``goals: [a, b`` (unclosed bracket). Passes: ``goals: [a, b]``."""),
    declared("schema-fullwidth-colon", """A key ends in a full-width colon ``：`` instead of ``:``.

        The most common slip on a Chinese keyboard: YAML only knows the ASCII colon, so
        ``title：年度增长计划`` is not a key. Reported at the ``：``, on its own line (PyYAML
        names the line after it). A ``：`` inside a value is text and never reported.
        Fails: ``title：年度增长计划``. Passes: ``title: 年度增长计划``, ``title: 目标：增长``."""),
    declared("schema-fullwidth-comma", """A full-width comma ``，`` separates items in ``[...]``.

        In a flow list or mapping only the ASCII comma separates items:
        ``[抖音，小红书]`` is one item. Put an item in quotes when its ``，`` is text.
        Fails: ``supports: [douyin，xhs]``. Passes: ``supports: [douyin, xhs]``,
        ``tags: ["增长，品牌"]``."""),
    declared("schema-indentation", """The indentation holds a tab or a full-width space (U+3000).

        YAML indents with ordinary spaces only. A full-width space typed in Chinese input
        mode is not even whitespace to YAML: it becomes part of the key. Reported at the
        character. Fails: a line indented with a tab or a full-width space. Passes: the same
        line indented with spaces."""),
    declared("schema-chinese-quotes", """Chinese quotation marks ``“ ”`` are used as YAML quotes.

        YAML quotes text with ASCII ``"`` or ``'`` only: in ``title: “增长: 2027”`` the
        ``: `` still ends a key, and in ``title: “增长 # 2027”`` the ``#`` still starts a
        comment. Reported at the ``“``. A value that parses with ``“ ”`` around it keeps
        them as text. Fails: ``title: “增长: 2027”``. Passes: ``title: "增长: 2027"``,
        ``title: '“增长: 2027”'``."""),
    declared("schema-colon-in-list", """An unquoted ``key: value`` inside ``[...]`` makes a mapping.

        In a flow list, ``Small team: one designer`` is a mapping of one key, not text.
        Reported at the ``:``; the item is read as the text it was meant to be, so nothing
        else is reported about it. Fails: ``weaknesses: [Small team: one designer]``.
        Passes: ``weaknesses: ["Small team: one designer"]``; a mapping written as such,
        ``[{id: a, name: b}]``, is fine."""),
    declared("schema-encoding", """The file is not UTF-8 (often: saved as GBK by an old editor).

        Save the file as UTF-8; a byte-order mark is fine."""),
    declared("schema-empty", """The file is empty or holds only comments."""),
    declared("schema-file-too-large", """The file is larger than the size limit.

        The limit (20 MiB) can be raised with the MKTPLAN_MAX_BYTES environment variable."""),
    declared("schema-file-unreadable", """The file is missing, not a regular file, or unreadable.

        mktplan reads regular files only: a folder, a device, a named pipe (FIFO) or a
        symbolic link to one is refused without being read, and so is a file that does
        not hold as many bytes as its size says (such as those under ``/proc``). The other
        files are still checked; the command exits with 2, as for every I/O problem."""),
    declared("schema-too-deep", """The YAML nests deeper than any plan needs (64 levels).

        Refused before it can exhaust the parser's stack."""),
    declared("schema-alias", """An alias is undefined, refers to itself, or expands too far.

        Anchors and aliases are allowed, but aliases may at most double the size of the
        document: a 'billion laughs' file is refused in bounded time and memory."""),
    declared("schema-yaml-tag", """A YAML tag such as ``!!python/object`` or ``!!str`` is used.

        Tags are not part of the plan format; write the value without one."""),
    declared("schema-duplicate-key", """The same key appears twice in one mapping.

        YAML loaders silently keep the last value; mktplan keeps the first and reports the
        second. Fails: ``title: A`` then ``title: B`` in ``meta``."""),
    declared("schema-control-character", """Text contains a control character (``"\\x00"`` …).

        Word and Excel cannot store such characters; remove the escape sequence. A raw
        control character in the file (often a sign of UTF-16) is reported at its position."""),
    declared("schema-version", """The ``mktplan:`` format version is missing or not 1.

        A YAML file without a top-level ``mktplan:`` key is not a plan: named on the
        command line it gets this one error; found in a folder, or given to
        ``check --skip-non-plans`` (as the pre-commit hook does), it is passed over."""),
    declared("schema-missing-key", """A required key is missing (reported at its parent).

        Fails: a budget line with neither ``amount`` nor ``unit_cost``."""),
    declared("schema-unknown-key", """A key the format does not know, with the closest known key.

        Fails: ``statment:`` in a goal (did you mean 'statement'?)."""),
    declared("schema-wrong-type", """A value has the wrong type (a list where text belongs …)."""),
    declared("schema-bad-enum", """A value is not one of the allowed choices, which are listed.

        Fails: ``objective: trafic``. Passes: ``objective: traffic``."""),
    declared("schema-bad-money", """Money or a share is malformed or out of bounds.

        Money lies below 10^15 with at most 4 decimal places; a share lies between 0% and
        100%, with at most 4 decimals as a percentage (6 as a fraction).
        Passes: ``3000000``, ``"3,000,000"``, ``"300万"``, ``"1.5亿"``, ``"5%"``.
        Fails: ``"3,00,000"``, ``.inf``, ``1e400``, ``1000000000000000``, ``0.00001``."""),
    declared("schema-bad-number", """A baseline, target, quantity or change is not a valid number.

        Baselines, targets and quantities lie below 10^15 with at most 6 decimal places;
        a ``target_change`` within ±100,000% with at most 4 decimals.
        Fails: ``baseline: lots``, ``baseline: 0.00000001``, ``target_change: "+1e30%"``."""),
    declared("schema-bad-date", """A date is not a calendar date or not in a known form.

        Passes: ``2027-03-01``, ``T-30``, ``T+7``, ``M3``. Fails: ``2027-02-30``, ``March``,
        and years outside 1900–2199 (typos that would overflow date arithmetic)."""),
    declared("schema-date-anchor", """A relative date lacks its anchor.

        ``T-30`` needs ``meta.launch``; ``M3`` needs ``meta.period.start``."""),
    declared("schema-bad-id", """An id is not a slug (letters, digits, ``_ . -``, no spaces).

        ``meta.id`` also names the output files, so it is at most 100 characters long
        and not a Windows device name (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM0``–``COM9``,
        ``LPT0``–``LPT9``, in any case, also before an extension: ``con.x``)."""),
    declared("schema-conflicting-keys", """Two keys that exclude each other are both given.

        E.g. a task with both ``end`` and ``duration_days``, a goal with both ``target``
        and ``target_change``."""),
    declared("schema-out-of-range", """A whole number is outside its allowed range.

        A segment's ``size`` lies between 0 and 10^12, a ``headcount`` between 0 and
        1,000,000, a calendar rule's ``count`` between 1 and 100, ``duration_days``
        between 1 and 3660. Fails: ``headcount: -1``."""),
    declared("schema-rules-config", """The ``rules:`` section names an unknown rule or option.

        Values are ``off``, ``error``, ``warning`` or a mapping of options (with an optional
        ``severity``). Fails: ``budget-unalocated: off``."""),
    expansion_too_large,
)
