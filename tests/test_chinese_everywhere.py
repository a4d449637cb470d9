"""Under zh-CN nothing mktplan says is English: each error path and report, run in Chinese.

Every case runs a command line with ``--lang zh-CN`` (``MKTPLAN_LANG=zh-CN`` for
``textconv``, which git runs without options) and fails when its output holds four or
more English words in a row, once what stays as written in every language is taken out:
paths, rule ids in brackets, option names, quoted text (the plan's own words, or a
third party's: Jinja's, tomllib's) and the few names in :data:`KEPT`. The same command
in English must say something else, so a case that never reached its message fails too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from mktplan.files.reading import OS_REASONS, os_reason
from mktplan.findings import Message
from mktplan.load.yaml_words import CONTEXTS, PROBLEMS, context_words, problem_words
from mktplan.text.messages import CHINESE, ENGLISH, render

from .conftest import EXAMPLES, FIXTURES, run_cli, write_file

#: four or more English words in a row (a hyphen joins words too: ``out-of-date``)
_ENGLISH_RUN = re.compile(r"\b[A-Za-z]+(?:[ -][A-Za-z]+){3,}\b")
#: names written the same in every language: packages to install, a command to run
KEPT = ("apt-get install libreoffice-writer-nogui python3-uno fonts-noto-cjk",)
_AS_WRITTEN = (
    re.compile(r"\[[a-z0-9-]+\]"),  # a rule id
    re.compile(r"(?<![\w-])--?[a-z][a-z-]*"),  # an option
    re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”"),  # quoted text
    re.compile(r"[\w./~:-]*\.(?:ya?ml|csv|docx|xlsx|md|pdf|toml|j2)\b"),  # a file
)
DOUYIN = EXAMPLES / "douyin-account.zh-CN.yaml"


def english_run(output: str, folder: Path) -> str | None:
    """The first run of four English words in ``output`` outside what stays as written."""
    text = output.replace(str(folder), "")
    for kept in KEPT:
        text = text.replace(kept, " ")
    for pattern in _AS_WRITTEN:
        text = pattern.sub(" ", text)
    found = _ENGLISH_RUN.search(text)
    return found[0] if found else None


def test_the_check_finds_english_and_passes_what_stays_as_written(tmp_path: Path) -> None:
    assert english_run("mktplan: the configuration is over the limit", tmp_path) == (
        "the configuration is over the limit")
    assert english_run("mktplan: out-of-the-way 文字", tmp_path) == "out-of-the-way"
    assert english_run("plan.yaml:3:1: 错误 [budget-over-total-limit] 预算", tmp_path) is None
    assert english_run("语法错误：“expected token 'end of print statement'”", tmp_path) is None
    assert english_run(f"{tmp_path}/a b c d/plan.yaml：没有这个文件", tmp_path) is None


class Case(NamedTuple):
    """A command line to run in Chinese and in English, and the exit code it ends with."""

    args: list[str | Path]
    code: int
    env: dict[str, str] | None = None


def _plan(folder: Path) -> Path:
    plan = folder / "plan.yaml"
    shutil.copyfile(DOUYIN, plan)
    return plan


def _repository(folder: Path) -> Path:
    plan = _plan(folder)
    for command in (["init", "-q"], ["add", "plan.yaml"],
                    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "plan"]):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    return plan


def _findings(folder: Path) -> Case:
    return Case(["check", FIXTURES / "budget" / "budget-over-total.yaml",
                 FIXTURES / "budget" / "budget-negative-roi.yaml"], 1)


#: YAML the parser refuses: an open quote, a value holding ": ", an open list and mapping,
#: a character no token starts with, an unknown escape, a key indented too little
BROKEN_YAML = ('title: "abc', "title: a: b", "title: [a, b", "title: {a: b", "title: @x",
               'title: "\\q"', "- x\n  title: y", "title: x\n y: 2\n")


def _yaml_syntax(folder: Path) -> Case:
    files = [write_file(folder, f"broken-{number}.yaml", f"mktplan: 1\nmeta:\n  {text}\n")
             for number, text in enumerate(BROKEN_YAML)]
    return Case(["check", *files], 1)


def _missing(folder: Path) -> Case:
    return Case(["check", folder / "nope.yaml"], 2)


def _bad_revision(folder: Path) -> Case:
    _repository(folder)
    return Case(["diff", "HEAD~3:plan.yaml", "plan.yaml"], 2)


def _not_in_revision(folder: Path) -> Case:
    _repository(folder)
    return Case(["diff", "HEAD:nope.yaml", "plan.yaml"], 2)


def _compare_bad_revision(folder: Path) -> Case:
    _repository(folder)
    return Case(["build", "plan.yaml", "--compare", "HEAD~3:plan.yaml", "-o", "out"], 2)


def _bad_config_key(folder: Path) -> Case:
    write_file(folder, ".mktplan.yaml", "strct: true\nlanguage: fr\noutput: ../elsewhere\n")
    return Case(["config", _plan(folder)], 2)


def _bad_config_in_check(folder: Path) -> Case:
    write_file(folder, ".mktplan.yaml", "rules: [budget]\n")
    return Case(["check", _plan(folder)], 2)


def _bad_toml(folder: Path) -> Case:
    write_file(folder, "pyproject.toml", "[tool.mktplan]\nstrict = \n")
    return Case(["config", _plan(folder)], 2)


def _config(folder: Path) -> Case:
    write_file(folder, ".mktplan.yaml", "output: out\nrules:\n  budget-no-total: off\n")
    return Case(["config", _plan(folder)], 0)


def _no_libreoffice(folder: Path) -> Case:
    (folder / "bin").mkdir()
    return Case(["build", _plan(folder), "-o", folder / "out", "--format", "pdf"], 2,
                {"PATH": str(folder / "bin"), "MKTPLAN_UNO_PYTHON": ""})


def _check_pdf(folder: Path) -> Case:
    return Case(["build", _plan(folder), "-o", folder, "--format", "pdf", "--check"], 2)


def _unknown_format(folder: Path) -> Case:
    return Case(["build", _plan(folder), "--format", "docx,pptx"], 2)


def _one_file_two_formats(folder: Path) -> Case:
    return Case(["build", _plan(folder), "-o", folder / "plan.docx", "--format", "docx,md"], 2)


def _bad_word_template(folder: Path) -> Case:
    write_file(folder, "templates/docx/report.docx", "not a zip archive")
    return Case(["build", _plan(folder), "-o", folder / "out", "--format", "docx",
                 "--templates", folder / "templates"], 2)


def _bad_markdown_template(folder: Path) -> Case:
    write_file(folder, "templates/markdown/plan.md.j2", "# {{ titl.upper() }}\n")
    return Case(["build", _plan(folder), "-o", folder / "out", "--format", "md",
                 "--templates", folder / "templates"], 2)


def _markdown_template(text: str) -> Callable[[Path], Case]:
    """A build whose Markdown template is ``text``."""
    def case(folder: Path) -> Case:
        write_file(folder, "templates/markdown/plan.md.j2", text)
        return Case(["build", _plan(folder), "-o", folder / "out", "--format", "md",
                     "--templates", folder / "templates"], 2)

    return case


def _bad_label_catalog(folder: Path) -> Case:
    write_file(folder, "templates/i18n/zh-CN.yaml", "labels:\n  budget: [1, 2]\n")
    return Case(["build", _plan(folder), "-o", folder / "out", "--format", "md",
                 "--templates", folder / "templates"], 2)


def _output_under_a_file(folder: Path) -> Case:
    write_file(folder, "blocker", "a file where the output folder should be")
    return Case(["build", _plan(folder), "-o", folder / "blocker" / "out"], 2)


def _bad_actuals(folder: Path) -> Case:
    actuals = write_file(folder, "actuals.csv", "date,lnie,amount\n2027-03-01,dou-boost,100\n")
    return Case(["review", _plan(folder), actuals], 1)


def _missing_actuals(folder: Path) -> Case:
    return Case(["review", _plan(folder), folder / "nope.csv"], 2)


def _no_actuals(folder: Path) -> Case:
    return Case(["review", _plan(folder)], 2)


def _textconv(folder: Path) -> Case:
    broken = write_file(folder, "broken.yaml", "mktplan: 1\nmeta:\n  title：年度计划\n")
    return Case(["textconv", broken], 0, {"MKTPLAN_LANG": "zh-CN"})


def _usage(*args: str, code: int = 2) -> Callable[[Path], Case]:
    """A command line with a mistake in it, on a copy of the example plan (``PLAN``)."""
    def case(folder: Path) -> Case:
        plan = str(_plan(folder))
        return Case([plan if arg == "PLAN" else arg for arg in args], code)

    return case


CASES: dict[str, Callable[[Path], Case]] = {
    "usage: an unknown option": _usage("build", "PLAN", "--formt", "md"),
    "usage: a missing argument": _usage("diff"),
    "usage: an unknown command": _usage("nope"),
    "usage: an unknown --format": _usage("rules", "-f", "foo"),
    "usage: an unknown --build": _usage("review", "PLAN", "--build", "pptx"),
    "usage: --as-of that is not a date": _usage("review", "PLAN", "--as-of", "2027-13-01"),
    "usage: an option without its value": _usage("build", "PLAN", "-o"),
    "usage: extra arguments": _usage("config", "PLAN", "one", "two"),
    "check findings of each severity": _findings,
    "check: YAML syntax errors": _yaml_syntax,
    "a missing file": _missing,
    "diff: a revision git does not know": _bad_revision,
    "diff: a file not at the revision": _not_in_revision,
    "build --compare: a revision git does not know": _compare_bad_revision,
    "config: unknown key, wrong language, folder outside": _bad_config_key,
    "check: a configuration's wrong rules": _bad_config_in_check,
    "config: pyproject.toml that is not TOML": _bad_toml,
    "config: the settings in force": _config,
    "build --format pdf without LibreOffice": _no_libreoffice,
    "build --check --format pdf": _check_pdf,
    "build: an unknown format": _unknown_format,
    "build: one file, two formats": _one_file_two_formats,
    "build: a Word template that is no Word file": _bad_word_template,
    "build: a Markdown template that fails": _bad_markdown_template,
    "build: a label catalog with a list for a label": _bad_label_catalog,
    "build: a template formats printf-style": _markdown_template("{{ '%s' % 1 }}\n"),
    "build: a template calls what it may not": _markdown_template("{{ [].append(1) }}\n"),
    "build: a template over a limit": _markdown_template("{{ range(10 ** 9) }}\n"),
    "build: a template with a syntax error": _markdown_template("{{ 1 + }}\n"),
    "build: an output folder under a file": _output_under_a_file,
    "review: an actuals header with a typo": _bad_actuals,
    "review: a missing actuals file": _missing_actuals,
    "review: no actuals": _no_actuals,
    "textconv: a file that does not load": _textconv,
}


def _run(case: Case, language: str) -> tuple[int, str]:
    env = dict(case.env or {})
    args = [str(arg) for arg in case.args]
    if "MKTPLAN_LANG" in env:
        env["MKTPLAN_LANG"] = language
    else:
        args[1:1] = ["--lang", language]
    code, out, err = run_cli(*args, env=env)
    return code, out + err


@pytest.mark.parametrize("name", CASES)
def test_nothing_is_said_in_english_under_zh_cn(name: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # git and the relative paths of a case work from here
    case = CASES[name](tmp_path)
    code, chinese = _run(case, "zh-CN")
    assert code == case.code, chinese
    assert chinese.strip()
    assert english_run(chinese, tmp_path) is None, chinese
    english_code, english = _run(case, "en")
    assert english_code == case.code and english != chinese


def test_severities_are_chinese_in_text_and_stable_in_json(tmp_path: Path) -> None:
    case = _findings(tmp_path)
    _, text = _run(case, "zh-CN")
    assert ": 错误 [budget-over-total] " in text and ": 警告 [budget-negative-roi] " in text
    _, out, _ = run_cli("check", "--lang", "zh-CN", "--format", "json", *case.args[1:])
    assert '"severity": "error"' in out and '"severity": "warning"' in out


@pytest.mark.parametrize("words", [*PROBLEMS, *CONTEXTS])
def test_the_yaml_parsers_words_are_unchanged_in_english(words: str) -> None:
    told = problem_words(words) if words in PROBLEMS else context_words(words)
    assert isinstance(told, Message)
    assert render(told, ENGLISH) == words
    assert english_run(render(told, CHINESE), Path("/")) is None


def test_words_the_catalogue_lacks_are_shown_as_the_parser_wrote_them() -> None:
    assert problem_words("found duplicate %YAML directive") == "found duplicate %YAML directive"
    told = problem_words("expected <block end>, but found '<scalar>'")
    assert isinstance(told, Message)
    assert render(told, CHINESE) == "这里应该是 <block end>，实际却是 '<scalar>'"


@pytest.mark.parametrize("number", sorted(OS_REASONS))
def test_the_systems_reasons_are_its_own_words_in_english(number: int) -> None:
    told = os_reason(OSError(number, os.strerror(number)))
    assert isinstance(told, Message)
    assert render(told, ENGLISH) == os.strerror(number)
    assert english_run(render(told, CHINESE), Path("/")) is None
