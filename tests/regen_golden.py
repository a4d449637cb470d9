"""Regenerate the golden files: ``python tests/regen_golden.py``.

``tests/golden/<example>.md`` is what ``mktplan build --format md`` makes of
``examples/<example>.yaml``; ``tests/test_markdown.py`` compares them byte for byte.
``tests/golden/compare/<example>.md`` is the same build with ``--compare`` against last
year's plan in ``tests/compare_cases/<example>.yaml`` (``tests/test_compare.py``).
``tests/golden/gantt-<plan>.txt`` is the Word Gantt table's grid (its columns, and each
row's active ones) of the 60-day campaign fixture; ``tests/test_docx_report.py``
compares it. Run this after a deliberate change, and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mktplan.render.context import build_view
from mktplan.render.deliverables import BuildOptions, render_plan
from mktplan.render.docx.gantt import gantt_grid
from mktplan.render.labels import load_catalog
from mktplan.rules.pipeline import check_found_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
COMPARE_CASES = ROOT / "tests" / "compare_cases"
COMPARE_GOLDEN = GOLDEN / "compare"
GANTT_PLANS = (ROOT / "tests" / "plans" / "campaign-618.zh-CN.yaml",)
"""A 60-day campaign with a launch day: weekly columns labelled from T."""


def examples() -> list[Path]:
    """Every example plan."""
    return sorted(EXAMPLES.glob("*.yaml"))


def golden_path(example: Path) -> Path:
    """Where the golden Markdown of ``example`` lives."""
    return GOLDEN / f"{example.stem}.md"


def compare_cases() -> list[tuple[Path, Path]]:
    """Each example that has last year's plan beside it, with that plan."""
    return [(EXAMPLES / old.name, old) for old in sorted(COMPARE_CASES.glob("*.yaml"))]


def render_markdown(example: Path, compare: Path | None = None) -> bytes:
    """The Markdown the build makes of ``example``; fails loudly if it does not build."""
    options = BuildOptions(output=GOLDEN, formats=("md",),
                           compare=None if compare is None else str(compare))
    rendered = render_plan(example, options)
    if rendered.problem is not None or ".md" not in rendered.contents:
        findings = rendered.checked.findings if rendered.checked else []
        raise RuntimeError(f"{example} does not build: {rendered.problem or findings}")
    return rendered.contents[".md"]


def gantt_golden_path(plan: Path) -> Path:
    """Where the golden Gantt grid of ``plan`` lives."""
    return GOLDEN / f"gantt-{plan.stem}.txt"


def gantt_text(plan: Path) -> bytes:
    """The Word Gantt table's grid of ``plan`` as text: a line of columns, a line per row."""
    checked = check_found_file(plan, str(plan))
    if checked is None or checked.plan is None:
        raise RuntimeError(f"{plan} does not check")
    view = build_view(checked.plan, load_catalog(checked.plan.meta.language, None))
    assert view.schedule is not None
    columns, rows = gantt_grid(view, view.schedule)
    lines = ["columns: " + " ".join(column.label for column in columns)]
    lines += [f"{''.join('█' if on else '·' for on in active)}  {row.kind:9} {row.name}"
              for row, active in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> int:
    """Write every golden file; report which ones changed."""
    GOLDEN.mkdir(exist_ok=True)
    made = [(golden_path(example), render_markdown(example)) for example in examples()]
    made += [(gantt_golden_path(plan), gantt_text(plan)) for plan in GANTT_PLANS]
    for target, content in made:
        changed = not target.is_file() or target.read_bytes() != content
        target.write_bytes(content)
        print(f"{'updated' if changed else 'same   '} {target.relative_to(ROOT)}")
    COMPARE_GOLDEN.mkdir(exist_ok=True)
    for example, old in compare_cases():
        target = COMPARE_GOLDEN / f"{example.stem}.md"
        content = render_markdown(example, old)
        changed = not target.is_file() or target.read_bytes() != content
        target.write_bytes(content)
        print(f"{'updated' if changed else 'same   '} {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
