"""The ``init`` command: start a new plan from a commented skeleton that checks clean.

Skeletons are ``templates/skeletons/<kind>.<language>.yaml``: a small or medium
business (``sme``), a launch ``campaign`` or a social-media ``account``, in English or
Chinese. They are Jinja templates for the few values that depend on the new file: the
plan id (from the file name) and the dates (the period starts on the first day of next
month). Exit codes: 0 written, 2 when the file exists (without ``--force``) or cannot
be written.
"""

from __future__ import annotations

import calendar
import re
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from mktplan.commands.common import PlainCommand
from mktplan.exits import EXIT_CLEAN, EXIT_USAGE
from mktplan.findings import msg

DEFAULT_ID = "plan"
_NOT_IN_SLUG = re.compile(r"[^a-z0-9_.-]+")
#: what could end the YAML comment a file name is written into
_LINE_BREAKING = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Kind(str, Enum):
    """What the plan is for."""

    sme = "sme"
    campaign = "campaign"
    account = "account"


class Language(str, Enum):
    """The language of the skeleton's text, comments and outputs."""

    en = "en"
    zh_cn = "zh-CN"


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(init)


def init(
    path: Annotated[Path, typer.Argument(metavar="PLAN", show_default=False,
                                         help="The plan file to create, e.g. plan.yaml.")],
    language: Annotated[Language | None, typer.Option(
        "--lang", "-l", case_sensitive=False, metavar="[en|zh-CN]",
        show_default="the project's language, else en",
        help="Language of the plan and its deliverables (any case).")] = None,
    kind: Annotated[Kind, typer.Option(
        "--kind", "-k", case_sensitive=False, metavar="[sme|campaign|account]",
        help="sme: a business's year; campaign: a launch; account: a social account.")] = Kind.sme,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the file if it already exists.")] = False,
) -> None:
    """Create a new plan from a commented skeleton that passes mktplan check."""
    code = run_init(path, language.value if language else None, kind.value, force, sys.stdout,
                    sys.stderr)
    raise typer.Exit(code)


def run_init(path: Path, language: str | None, kind: str, force: bool, out: TextIO, err: TextIO,
             today: date | None = None) -> int:
    """Write the skeleton to ``path``; return the exit code.

    ``language`` None is the ``language`` of the project the new file is in
    (:mod:`mktplan.project`), else English. What the command says is in the plan's
    language, unless ``MKTPLAN_LANG`` asks for another.
    """
    from mktplan.errors import UsageError
    from mktplan.files.writing import write_atomic
    from mktplan.project import config_for
    from mktplan.text.messages import choose, error_text, say

    said = choose(plan=language)
    if path.is_dir():
        err.write(f"mktplan: {say('init.folder', said, path=str(path))}\n")
        return EXIT_USAGE
    if path.exists() and not force:
        err.write(f"mktplan: {say('init.exists', said, path=str(path))}\n")
        return EXIT_USAGE
    if language is None:
        try:
            language = config_for(path).language or Language.en.value
        except UsageError as exc:
            err.write(f"mktplan: {error_text(exc, said)}\n")
            return EXIT_USAGE
        said = choose(plan=language)
    shown_name = _LINE_BREAKING.sub("?", path.name)
    text = render_skeleton(kind, language, plan_id_for(path), shown_name, today or date.today())
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        from mktplan.files.reading import os_reason

        told = say("init.cannot-write", said, path=str(path), error=os_reason(exc))
        err.write(f"mktplan: {told}\n")
        return EXIT_USAGE
    out.write(say("init.created", said, path=str(path), kind=msg(f"init.kind.{kind}"),
                  language=language) + "\n")
    return EXIT_CLEAN


def plan_id_for(path: Path) -> str:
    """A plan id from the file name: ``Acme Spring 2027.yaml`` → ``acme-spring-2027``."""
    slug = _NOT_IN_SLUG.sub("-", path.stem.lower()).strip("-_.")
    return slug or DEFAULT_ID


def render_skeleton(kind: str, language: str, plan_id: str, file_name: str, today: date) -> str:
    """The skeleton's text with its id and dates filled in."""
    from jinja2 import FileSystemLoader

    from mktplan.render.jinja import make_environment
    from mktplan.render.resources import default_templates_dir
    from mktplan.text.formatter import Formatter

    first = _next_month(today)
    env = make_environment(Formatter(language),
                           loader=FileSystemLoader(str(default_templates_dir())))
    env.globals.update({  # a template may call the environment's globals, nothing else
        "month_start": lambda month: _plan_day(first, month, 1).isoformat(),
        "month_end": lambda month: _plan_day(first, month, 31).isoformat(),
        "plan_day": lambda month, day: _plan_day(first, month, day).isoformat(),
    })
    template = env.get_template(f"skeletons/{kind}.{language}.yaml")
    return template.render(plan_id=plan_id, file=file_name)


def _next_month(today: date) -> date:
    return _plan_day(date(today.year, today.month, 1), 2, 1)


def _plan_day(first: date, month: int, day: int) -> date:
    """Day ``day`` (capped at the month's last day) of plan month ``month`` (1-based)."""
    year, index = divmod(first.year * 12 + first.month - 1 + month - 1, 12)
    last = calendar.monthrange(year, index + 1)[1]
    return date(year, index + 1, min(day, last))
