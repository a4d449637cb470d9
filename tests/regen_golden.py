"""Regenerate the golden Markdown of every example: ``python tests/regen_golden.py``.

``tests/golden/<example>.md`` is what ``mktplan build --format md`` makes of
``examples/<example>.yaml``; ``tests/test_markdown.py`` compares them byte for byte.
``tests/golden/compare/<example>.md`` is the same build with ``--compare`` against last
year's plan in ``tests/compare_cases/<example>.yaml`` (``tests/test_compare.py``).
Run this after a deliberate change to the Markdown templates, and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mktplan.render.deliverables import BuildOptions, render_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
COMPARE_CASES = ROOT / "tests" / "compare_cases"
COMPARE_GOLDEN = GOLDEN / "compare"


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


def main() -> int:
    """Write the golden file of every example; report which ones changed."""
    GOLDEN.mkdir(exist_ok=True)
    for example in examples():
        target = golden_path(example)
        content = render_markdown(example)
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
