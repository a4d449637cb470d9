"""The suppression family: ``# mktplan: disable=…`` comments that silence single findings.

::

    total: "100万"   # mktplan: disable=budget-unallocated -- finance keeps 15% back
    # mktplan: disable=smart-achievable,smart-rationale -- agreed with the client
    - id: G2
    # mktplan: disable-file=completeness -- a draft

``disable=`` silences the named rules (ids or families) on its own line, or, on a line
of its own, on the next line that holds more than comments; ``disable-file=`` silences
them in the whole file. A reason may follow ``--``. A finding is on the line its
``file:line:col`` names.

Schema findings cannot be suppressed, in a comment as in ``rules:``: they say that the
file is not read as it is written (a value dropped, a type refused), and the rules
after them see a plan without that value, so silencing one would hide a wrong plan
rather than a judgement about a right one. A comment that names a schema rule, an
unknown rule or an unknown directive is a ``suppression-invalid`` finding; a name that
silences nothing is ``suppression-unused`` (as ruff's RUF100), so that comments do not
outlive their reason. Both can be tuned in ``rules:`` like any rule. A plan that does
not load has no suppressions: its schema findings are all there is to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mktplan.findings import Severity
from mktplan.rules.base import declared

if TYPE_CHECKING:
    from mktplan.findings import Finding
    from mktplan.rules.base import Rule
    from mktplan.rules.config import Setting

DISABLE = "disable"
DISABLE_FILE = "disable-file"
UNUSED = "suppression-unused"
INVALID = "suppression-invalid"
#: what every directive starts with; a plan without it is not scanned further
_PREFIX = re.compile(r"#[ \t]*mktplan[ \t]*:[ \t]*[A-Za-z][\w-]*[ \t]*=")


def apply_suppressions(findings: Sequence[Finding], text: str,
                       settings: Mapping[str, Setting], rules: Mapping[str, Rule],
                       file: str) -> list[Finding]:
    """``findings`` without the suppressed ones, with the suppressions' own findings."""
    if not _PREFIX.search(text):
        return list(findings)
    from mktplan.rules.silencing import apply

    return apply(findings, text, settings, rules, file)


RULES = (
    declared(INVALID, """A ``# mktplan: disable=…`` comment names what cannot be suppressed.

        An unknown directive (``disable=`` and ``disable-file=`` are the two), a name that
        is no rule id or family, a schema rule (schema findings mean the file is not read
        as written, so they are fixed, never silenced) or a suppression rule.
        Fails: ``# mktplan: disable=budget-unalocated``.
        Passes: ``# mktplan: disable=budget-unallocated -- finance keeps 15% back``."""),
    declared(UNUSED, """A suppression that silences nothing.

        Each name of a ``# mktplan: disable=`` comment must silence a finding on its line
        (or, for a comment alone on its line, on the next line with content), and each of
        ``disable-file=`` one in the file; otherwise the comment has outlived its reason.
        Fails: ``total: "100万"  # mktplan: disable=budget-unallocated`` on a budget that is
        fully allocated. Passes: the same comment where the budget leaves 15% unallocated.""",
             Severity.WARNING),
)
