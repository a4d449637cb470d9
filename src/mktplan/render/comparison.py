"""A deliverable's comparison with another plan (``build --compare OLD``): last year's.

The Markdown deliverable gets a last section, "与上年对比" / "Compared with last year",
holding what ``mktplan diff OLD PLAN --format md`` shows below its title: the roll-ups
(budget total, by category, channel and month; returns and ROI; counts; goals' targets
and deadlines) as old → new with the change, then every item added, removed, renamed
or changed, in the plan's language when both plans share it. The old plan is a file or
``REV:path``, as ``diff`` reads it; it must load as a plan. The section is made of the
two plans only, so a build stays reproducible and ``build --check`` compares it too.

Word and Excel do not carry the comparison yet (their renderers are being rewritten):
only Markdown does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mktplan.errors import InputError

if TYPE_CHECKING:
    from mktplan.rules.pipeline import CheckedPlan

#: the section's heading by the plan's language
HEADINGS = {"zh-CN": "与上年对比", "en": "Compared with last year"}


def comparison_markdown(old_spec: str, new: CheckedPlan) -> str:
    """The Markdown section comparing ``new`` with the plan ``old_spec`` names.

    Raises :class:`~mktplan.errors.InputError` when the old plan cannot be read or does
    not load as a plan.
    """
    from mktplan.diff.core import diff_plans
    from mktplan.diff.report_md import comparison_lines
    from mktplan.diff.sides import open_side

    old = open_side(old_spec)
    if old.plan is None:
        first = old.findings[0] if old.findings else None
        where = f"{first.line}:{first.column}: {first.message}" if first else "no plan"
        raise InputError(old_spec, f"the plan to compare with does not load ({where})")
    assert new.plan is not None
    diff = diff_plans(old, new)
    heading = HEADINGS.get(new.plan.meta.language, HEADINGS["en"])
    lines = [f"## {heading}", "", *comparison_lines(diff)]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def with_comparison(markdown: bytes, section: str) -> bytes:
    """The Markdown deliverable with the comparison section appended."""
    text = markdown.decode("utf-8").rstrip("\n")
    return f"{text}\n\n{section}".encode()
