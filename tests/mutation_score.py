"""The mutation kill rate per module group, from the results ``mutmut run`` left in mutants/.

Run from the repository root after ``mutmut run`` (README, "Mutation testing")::

    python tests/mutation_score.py               # the table
    python tests/mutation_score.py --survivors   # and every counted survivor, to read

A mutant that only changes the text of a message (a string literal with a space in it,
such as ``"correct or swap the dates"`` turned into ``"XXcorrect or swap the datesXX"``)
is counted apart, as *message text*, and left out of the rate: tests pin what messages
say where it matters, not every word. The functions that declare rules run once, when
their module is imported, before mutmut switches a mutant on, so no test can see their
mutants: they are counted apart too, as *import time*. Every other mutant counts; a
timeout counts as killed (the mutant broke the code), a mutant no test reaches as
survived.
"""

from __future__ import annotations

import ast
import json
import sys
from collections import Counter
from pathlib import Path

MUTANTS = Path("mutants")
GROUPS = {
    "rules/": ("mktplan.rules.",),
    "load/values.py": ("mktplan.load.values.",),
    "money formatter (text/formatter.py, text/figures.py)": (
        "mktplan.text.formatter.", "mktplan.text.figures."),
    "diff comparison (diff/compare.py, diff/core.py)": (
        "mktplan.diff.compare.", "mktplan.diff.core."),
}
#: functions that only run at import time (the ``@rule`` decorator, ``declared``, the
#: review family's ``_rule``, which builds its rules as the module is imported)
IMPORT_TIME = ("mktplan.rules.base.x_rule__", "mktplan.rules.base.x_declared__",
               "mktplan.rules.review.x__rule__")
KILLED = {1, 3, 24, -24, 36, 152, 255}
SURVIVED = {0, 5, 33}


def group_of(key: str) -> str | None:
    """The module group a mutant belongs to, or None for a module outside them."""
    for group, prefixes in GROUPS.items():
        if key.startswith(prefixes):
            return group
    return None


def functions(path: Path) -> dict[str, ast.AST]:
    """Every function of a mutated module by name (mutmut names each mutant's copy)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def is_message_text(original: ast.AST, mutant: ast.AST) -> bool:
    """Whether the mutant differs from the original only in the words of a message."""
    before, after = list(ast.walk(original)), list(ast.walk(mutant))
    if [type(node) for node in before] != [type(node) for node in after]:
        return False
    changed = [(old, new) for old, new in zip(before, after, strict=True)
               if isinstance(old, ast.Constant) and isinstance(new, ast.Constant)
               and old.value != new.value]
    if len(changed) != 1:
        return False
    old, new = changed[0]
    if not (isinstance(old.value, str) and isinstance(new.value, str) and " " in old.value):
        return False
    new.value = old.value  # with the words put back, the rest must be the same
    return _code(original) == _code(mutant)


def _code(function: ast.AST) -> str:
    assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
    return ast.dump(ast.Module(body=function.body, type_ignores=[])) + ast.dump(function.args)


def results() -> list[tuple[str, str, str]]:
    """(group, mutant name, verdict) of every mutant in the groups."""
    found = []
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        exit_codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        keys = [key for key in exit_codes if group_of(key)]
        if not keys:
            continue
        code = functions(meta.with_suffix(""))
        for key in keys:
            group = group_of(key)
            assert group is not None
            name = key.rsplit(".", 1)[1]
            original = code[name.rsplit("__mutmut_", 1)[0] + "__mutmut_orig"]
            exit_code = exit_codes[key]
            if key.startswith(IMPORT_TIME):
                verdict = "import time"
            elif is_message_text(original, code[name]):
                verdict = "message text"
            elif exit_code in KILLED:
                verdict = "killed"
            elif exit_code in SURVIVED:
                verdict = "survived"
            else:
                verdict = "not checked" if exit_code is None else f"exit {exit_code}"
            found.append((group, key, verdict))
    return found


def main(argv: list[str]) -> int:
    found = results()
    if not found:
        print("no mutmut results in mutants/: run 'mutmut run' first", file=sys.stderr)
        return 2
    print(f"{'module group':<54}{'mutants':>8}{'text':>6}{'import':>7}{'counted':>9}"
          f"{'killed':>8}{'rate':>8}")
    for group in GROUPS:
        verdicts = Counter(verdict for g, _, verdict in found if g == group)
        total = sum(verdicts.values())
        apart = verdicts["message text"] + verdicts["import time"]
        counted = total - apart
        rate = f"{verdicts['killed'] / counted:.1%}" if counted else "-"
        others = {v: n for v, n in verdicts.items()
                  if v not in ("killed", "survived", "message text", "import time")}
        print(f"{group:<54}{total:>8}{verdicts['message text']:>6}"
              f"{verdicts['import time']:>7}{counted:>9}{verdicts['killed']:>8}{rate:>8}"
              + (f"  {others}" if others else ""))
    if "--survivors" in argv:
        for _, key, verdict in found:
            if verdict == "survived":
                print(f"{verdict:<12} {key}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
