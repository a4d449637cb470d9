"""Every hostile input of the security review, under a 2 GiB address space and a deadline.

Each case builds its input in a temporary folder and runs the real console script under
``prlimit --as=2GiB`` and ``timeout``: the run must end by itself with exit code 1 (the
plan has errors) or 2 (usage or I/O) — or, for ``diff`` of a plan with rule errors, 0
with a notice, as documented — say why in plain words, print no traceback or
"internal error", and show nothing of the environment (a CI secret lives there). The
individual defences have their own tests beside their code; this file holds them to
the promise they make together: bounded time and memory, and a clear message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

BASE = (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
SECRET = "mktplan-hostile-secret-8d2e"
ADDRESS_SPACE = 2 * 1024**3
DEADLINE_SECONDS = 90
BASE_ID = "base"


@dataclass(frozen=True)
class Case:
    """A hostile input: how to make it, the command line, and what the user must read."""

    make: Callable[[Path], list[str]]
    """Writes the input into a folder; returns the arguments after ``mktplan``."""
    code: int
    words: tuple[str, ...]


def run_limited(folder: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    command = ["prlimit", f"--as={ADDRESS_SPACE}", "--", "timeout", str(DEADLINE_SECONDS),
               sys.executable, "-m", "mktplan", *args]
    env = {**os.environ, "MKTPLAN_TEST_SECRET": SECRET, "NO_COLOR": "1",
           "MKTPLAN_CACHE_DIR": ""}
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                          check=False, timeout=DEADLINE_SECONDS + 30)


def planted(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


# --- plans ------------------------------------------------------------------------------
def calendar_flood(folder: Path) -> str:
    """400 calendar entries of 100 slots a day over 36 months: 39 KB asking for 43 million."""
    lines = ["mktplan: 1\nmeta: {id: flood, title: Flood, period: {start: 2027-01-01, "
             "end: 2029-12-31}}\nstrategy:\n  channels: [{id: douyin, name: Douyin, type: paid}]\n"
             "  content:\n    pillars: [{id: video, name: Video}]\n    calendar:\n"]
    lines += ["      - {pillar: video, channel: douyin, format: short_video, count: 100, "
              "per: day, from: M1, to: M36}\n"] * 400
    return write(folder, "flood.yaml", "".join(lines))


def huge_amount(folder: Path) -> str:
    return write(folder, "amount.yaml", planted('amount: "75万"', "amount: 1" + "0" * 30))


def plan_and_copy(make: Callable[[Path], str]) -> Callable[[Path], list[str]]:
    def arguments(folder: Path) -> list[str]:
        return ["diff", write(folder, "clean.yaml", BASE), make(folder)]
    return arguments


def huge_headcount(folder: Path) -> str:
    return write(folder, "headcount.yaml", planted(
        "    role: Operations lead\n", "    role: Operations lead\n    headcount: 1e30\n"))


def huge_change(folder: Path) -> str:
    return write(folder, "change.yaml", planted("    target: 30000\n",
                                               '    target_change: "+1e30%"\n'))


def deep(folder: Path) -> str:
    return write(folder, "deep.yaml", "[" * 50_000)


def laughs(folder: Path) -> str:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
             for previous, name in zip("abcdefgh", "bcdefghi", strict=True)]
    return write(folder, "laughs.yaml", "\n".join(rows) + "\n")


def oversized(folder: Path) -> str:
    path = folder / "big.yaml"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(BASE)
        stream.write(("# " + "x" * 1022 + "\n") * (25 * 1024))  # 25 MiB of comments
    return path.name


# --- files that are not files -----------------------------------------------------------
def device_in_folder(folder: Path) -> list[str]:
    write(folder, "plans/good.yaml", BASE)
    (folder / "plans" / "zero.yaml").symlink_to("/dev/zero")
    return ["check", "plans/"]


def fifo_plan(folder: Path) -> list[str]:
    os.mkfifo(folder / "pipe.yaml")
    return ["check", "pipe.yaml"]


def environment_plan(folder: Path) -> list[str]:
    (folder / "env.yaml").symlink_to("/proc/self/environ")
    return ["check", "env.yaml"]


def output_linked_to_a_device(folder: Path) -> list[str]:
    write(folder, "plan.yaml", BASE)
    (folder / "out").mkdir()
    (folder / "out" / f"{BASE_ID}.md").symlink_to("/dev/zero")
    return ["build", "plan.yaml", "-o", "out", "-f", "md", "--check"]


def big_blob(folder: Path) -> list[str]:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    with (folder / "plan.yaml").open("wb") as stream:
        stream.truncate(64 * 1024**2)  # sparse: 64 MiB of zeros, over the 20 MiB cap
    git("add", "plan.yaml")
    git("commit", "-q", "-m", "big")
    write(folder, "plan.yaml", BASE)
    return ["diff", "HEAD:plan.yaml", "plan.yaml"]


# --- templates ----------------------------------------------------------------------------
def markdown_template(body: str) -> Callable[[Path], list[str]]:
    def arguments(folder: Path) -> list[str]:
        write(folder, "plan.yaml", BASE)
        write(folder, "templates/markdown/plan.md.j2", body)
        return ["build", "plan.yaml", "-o", "out", "-f", "md", "--templates", "templates"]
    return arguments


def word_zip_bomb(folder: Path) -> list[str]:
    write(folder, "plan.yaml", BASE)
    target = folder / "templates" / "docx" / "report.docx"
    target.parent.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "docx" / "report.docx", target)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/bomb.xml", "w", force_zip64=True) as member:
        block = b"\0" * 1024**2
        for _ in range(512):  # 512 MiB unpacked, about half a MiB on disk
            member.write(block)
    return ["build", "plan.yaml", "-o", "out", "-f", "docx", "--templates", "templates"]


def label_alias_bomb(folder: Path) -> list[str]:
    write(folder, "plan.yaml", BASE)
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
             for previous, name in zip("abcdefgh", "bcdefghi", strict=True)]
    write(folder, "templates/i18n/en.yaml", "labels:\n" + "".join(
        f"  {row}\n" for row in rows))
    return ["build", "plan.yaml", "-o", "out", "-f", "md", "--templates", "templates"]


CASES = {
    "calendar flood, check": Case(lambda folder: ["check", calendar_flood(folder)], 1,
                                  ("schema-expansion-too-large", "1,000,000")),
    "calendar flood, build": Case(lambda folder: ["build", calendar_flood(folder), "-o", "out"],
                                  1, ("schema-expansion-too-large",)),
    "31-digit amount, check": Case(lambda folder: ["check", huge_amount(folder)], 1,
                                   ("schema-bad-money", "implausibly large")),
    "31-digit amount, build": Case(lambda folder: ["build", huge_amount(folder), "-o", "out"],
                                   1, ("schema-bad-money",)),
    # diff compares a plan with errors as far as it can be read, and says so (docs/diff.md)
    "31-digit amount, diff": Case(plan_and_copy(huge_amount), 0,
                                  ("has 1 error", "mktplan check amount.yaml")),
    "headcount 1e30": Case(lambda folder: ["check", huge_headcount(folder)], 1, ("headcount",)),
    "target change +1e30%": Case(lambda folder: ["check", huge_change(folder)], 1,
                                 ("schema-bad-number", "target_change")),
    "50,000 open brackets": Case(lambda folder: ["check", deep(folder)], 1,
                                 ("schema-too-deep",)),
    "billion laughs": Case(lambda folder: ["check", laughs(folder)], 1, ("alias bomb",)),
    "25 MiB plan": Case(lambda folder: ["check", oversized(folder)], 1,
                        ("schema-file-too-large", "MKTPLAN_MAX_BYTES")),
    "link to /dev/zero in a folder": Case(device_in_folder, 2,
                                          ("zero.yaml", "character device",
                                           "the other plan is clean")),
    "FIFO": Case(fifo_plan, 2, ("named pipe",)),
    "link to /proc/self/environ": Case(environment_plan, 2, ("env.yaml", "not a real file")),
    "build --check, output linked to /dev/zero": Case(output_linked_to_a_device, 1,
                                                      ("stale",)),
    "diff of a 64 MiB blob": Case(big_blob, 2, ("schema-file-too-large", "MKTPLAN_MAX_BYTES")),
    "template: 'x' * 20000000000": Case(
        markdown_template("{{ 'x' * 20000000000 }}"), 2, ("plan.md.j2", "MKTPLAN_TEMPLATE")),
    "template: nested range loops": Case(markdown_template(
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}"
        "{% endfor %}"), 2, ("plan.md.j2", "MKTPLAN_TEMPLATE_MAX_STEPS")),
    "template: pickle through a model": Case(markdown_template(
        "{% set _ = view.background.parse_raw('x', proto='pickle', allow_pickle=True) %}"), 2,
        ("plan.md.j2",)),
    "Word template zip bomb": Case(word_zip_bomb, 2, ("report.docx",)),
    "label catalog alias bomb": Case(label_alias_bomb, 2, ("en.yaml", "alias")),
}


@pytest.mark.skipif(shutil.which("prlimit") is None or not sys.platform.startswith("linux"),
                    reason="prlimit (util-linux) sets the address-space limit on Linux")
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_hostile_input_ends_in_bounded_resources_with_a_clear_message(
        tmp_path: Path, case: Case) -> None:
    done = run_limited(tmp_path, case.make(tmp_path))
    said = done.stdout + done.stderr
    assert done.returncode == case.code, said
    for words in case.words:
        assert words in said, said
    assert "Traceback" not in said and "internal error" not in said, said
    assert SECRET not in said
    assert not (tmp_path / "out").exists() or not any(
        path.suffix in {".docx", ".xlsx", ".md"} and not path.is_symlink()
        for path in (tmp_path / "out").iterdir()), "a hostile input wrote a deliverable"
