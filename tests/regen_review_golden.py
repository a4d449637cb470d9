"""Regenerate the golden Markdown reviews: ``python tests/regen_review_golden.py``.

``tests/golden/review/<plan>.md`` is what ``mktplan review PLAN ACTUALS -f md`` writes
for each case of :data:`CASES`; ``tests/test_review.py`` compares them byte for byte.
Run this after a deliberate change to the review report, and read the diff.
"""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

from mktplan.commands.review import ReviewRequest, run_review

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "review"
#: plan, actuals, as-of date (None: the latest date in the actuals)
CASES = (
    ("examples/douyin-account.zh-CN.yaml", "examples/douyin-account.zh-CN-actuals.csv", None),
    ("examples/sme-growth.en.yaml", "tests/review_cases/sme-growth.en-actuals.csv",
     date(2027, 3, 31)),
)


def golden_path(plan: str) -> Path:
    """Where the golden review of ``plan`` lives."""
    return GOLDEN / f"{Path(plan).stem}.md"


def render(plan: str, actuals: str, as_of: date | None) -> str:
    """The Markdown review of a case, run from the repository's root as the docs show."""
    out, err = io.StringIO(), io.StringIO()
    request = ReviewRequest(Path(plan), [Path(actuals)], as_of, "md")
    run_review(request, out, err)
    return out.getvalue()


def main() -> int:
    """Write every golden file; name the ones that changed."""
    import os

    os.chdir(ROOT)
    for variable in ("MKTPLAN_LANG", "LC_ALL", "LC_MESSAGES"):  # as tests/conftest.py does
        os.environ.pop(variable, None)
    os.environ["LANG"] = "C.UTF-8"
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for plan, actuals, as_of in CASES:
        path = golden_path(plan)
        text = render(plan, actuals, as_of)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            path.write_text(text, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
