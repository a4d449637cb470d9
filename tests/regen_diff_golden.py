"""Regenerate the golden outputs of ``tests/diff_cases``: ``python tests/regen_diff_golden.py``.

Each case folder holds ``old.yaml`` and ``new.yaml``. The golden files are what
``mktplan diff old.yaml new.yaml --format md`` (``expected.md``) and ``--format json``
(``expected.json``) print when run in that folder, and what ``mktplan textconv new.yaml``
prints (``new.textconv.txt``). Read the git diff of the golden files before committing
them: a change there is a change users see.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from mktplan.diff.core import diff_plans
from mktplan.diff.reporters import REPORTERS
from mktplan.diff.textconv import textconv
from mktplan.load.source import DEFAULT_MAX_BYTES
from mktplan.rules.pipeline import check_file

CASES_DIR = Path(__file__).resolve().parent / "diff_cases"
REPORT_FILES = {"md": "expected.md", "json": "expected.json"}
TEXTCONV_FILE = "new.textconv.txt"


def cases() -> list[Path]:
    """The case folders, sorted."""
    return sorted(path for path in CASES_DIR.iterdir() if (path / "old.yaml").is_file())


def render_case(case: Path) -> dict[str, str]:
    """Golden file name → the text it must hold, for one case folder."""
    old = check_file(case / "old.yaml", "old.yaml")
    new = check_file(case / "new.yaml", "new.yaml")
    diff = diff_plans(old, new)
    outputs = {}
    for name, file in REPORT_FILES.items():
        stream = io.StringIO()
        REPORTERS[name].load()(diff, stream)
        outputs[file] = stream.getvalue()
    raw = (case / "new.yaml").read_bytes()
    outputs[TEXTCONV_FILE] = textconv(raw, "new.yaml", DEFAULT_MAX_BYTES)
    return outputs


def main() -> int:
    """Write every golden file; return the exit code."""
    for case in cases():
        for file, text in render_case(case).items():
            (case / file).write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {case.relative_to(CASES_DIR.parent)}/{file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
