"""Everything mktplan says, in the reader's language: the message catalogues.

``messages.en.yaml`` and ``messages.zh-CN.yaml`` beside this module hold the same keys
(tests/test_messages.py fails when one lacks a key, or holds one nothing uses). A
template names its arguments (``{total}``); English chooses between a singular and a
plural form written ``one|other`` by the argument ``n``. Rule ids, option names, keys
of the plan and plan text stay as written in every language.

Which language: ``--lang``, else ``MKTPLAN_LANG``, else (for what is about one plan)
the plan's own ``meta.language``, else the project configuration's ``language``, else
the locale (``LANG=zh_CN.UTF-8``; ``LC_ALL`` and ``LC_MESSAGES`` first, as gettext
reads them), else English: :func:`choose`.

A catalogue is read (one small YAML file) only when a message is written, and kept.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from mktplan.findings import Amount, Finding, Message, Percent, msg
from mktplan.text.figures import group, round_to

if TYPE_CHECKING:
    from mktplan.errors import FileTooLargeError, InputError, UsageError

ENGLISH = "en"
CHINESE = "zh-CN"
LANGUAGES = (CHINESE, ENGLISH)
_FOLDER = Path(__file__).parent
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_LIST_SEPARATOR = {ENGLISH: ", ", CHINESE: "、"}


def normalize(value: str | None) -> str | None:
    """The catalogue language a tag or locale names (``zh``, ``zh_CN.UTF-8`` …), or None."""
    if not value:
        return None
    tag = value.split(".", 1)[0].split("@", 1)[0].replace("_", "-").lower()
    if tag == "zh" or tag.startswith(("zh-cn", "zh-hans", "zh-sg")):
        return CHINESE
    if tag == "en" or tag.startswith("en-"):
        return ENGLISH
    return None


def locale_language() -> str | None:
    """The language of the user's locale, if it is one mktplan speaks."""
    for variable in _LOCALE_VARIABLES:
        value = os.environ.get(variable, "")
        if value:
            return normalize(value)
    return None


def requested(cli: str | None = None) -> str | None:
    """The language asked for outright: ``--lang``, else ``MKTPLAN_LANG`` (None: neither)."""
    return normalize(cli) or normalize(os.environ.get("MKTPLAN_LANG"))


def choose(cli: str | None = None, plan: str | None = None,
           project: str | None = None) -> str:
    """The language of a message: see the module's documentation for the order."""
    return (requested(cli) or normalize(plan) or normalize(project) or locale_language()
            or ENGLISH)


def shared(languages: list[str]) -> str | None:
    """The one language all of ``languages`` are, or None when they differ or are none."""
    return languages[0] if languages and len(set(languages)) == 1 else None


@lru_cache(maxsize=len(LANGUAGES))
def catalogue(language: str) -> Mapping[str, str]:
    """The messages of ``language`` by key (``summary.clean``), read once."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = _FOLDER / f"messages.{language}.yaml"
    tree = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return dict(_flatten(tree, ""))


def _flatten(tree: object, prefix: str) -> list[tuple[str, str]]:
    if not isinstance(tree, dict):
        return [(prefix, str(tree))]
    pairs: list[tuple[str, str]] = []
    for key, value in tree.items():
        pairs.extend(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return pairs


def say(key: str, language: str, /, **args: object) -> str:
    """The message ``key`` in ``language``, with its arguments filled in."""
    return render(Message(key, tuple(args.items())), language)


def render(message: Message, language: str) -> str:
    """``message`` written in ``language`` (English where the catalogue has no such one)."""
    if language not in LANGUAGES:
        language = ENGLISH
    template = catalogue(language)[message.key]
    args = dict(message.args)
    if "|" in template:
        one, other = template.split("|", 1)
        template = one if args.get("n") == 1 else other
    return template.format_map({name: _argument(value, language)
                                for name, value in args.items()})


def english(message: str | Message) -> tuple[str, Message | None]:
    """A message's English text, and the message itself when it can be written in others."""
    if isinstance(message, str):
        return message, None
    return render(message, ENGLISH), message


def text(finding: Finding, language: str) -> str:
    """A finding's message in ``language``."""
    if finding.detail is None:
        return finding.message
    return render(finding.detail, language)


def usage_error(message: Message) -> UsageError:
    """A :class:`~mktplan.errors.UsageError` saying ``message`` (in English as its text)."""
    from mktplan.errors import UsageError

    return UsageError(render(message, ENGLISH), message)


def input_error(file: str, reason: Message) -> InputError:
    """An :class:`~mktplan.errors.InputError`: ``file`` cannot be read, for ``reason``."""
    from mktplan.errors import InputError

    return InputError(file, render(reason, ENGLISH), reason)


#: what went wrong: a catalogue message, English text only, or several of them (one a line)
Problem = Message | str | tuple[Message | str, ...]


def error_message(error: BaseException) -> Problem:
    """What an exception says, as a catalogue message where it has one, else as its text.

    An :class:`~mktplan.errors.InputError` or :class:`~mktplan.errors.UsageError` with a
    catalogue message (``no such file``) can be written in any language, and so can a
    :class:`~mktplan.project.ConfigError`, which holds a message a problem (a tuple);
    anything else is its English text.
    """
    from mktplan.errors import FileTooLargeError, InputError, UsageError

    if isinstance(error, FileTooLargeError):
        return msg("files.at", file=error.file, reason=too_large(error))
    if isinstance(error, InputError) and isinstance(error.detail, Message):
        return Message("files.at", (("file", error.file), ("reason", error.detail)))
    if isinstance(error, UsageError) and isinstance(error.detail, tuple):  # a Message too
        return error.detail
    return str(error)


def too_large(error: FileTooLargeError) -> Message:
    """Why a file over the size limit is not read (``the file is 3,000,000 bytes, over …``)."""
    if error.size is None:
        return msg("files.too-large-grew", limit=error.limit)
    return msg("files.too-large", size=error.size, limit=error.limit)


def problem_text(problem: Problem, language: str) -> str:
    """A problem in ``language``; several are told a line each, after ``mktplan: `` lines."""
    if isinstance(problem, Message):  # a named tuple: told before the tuple of several
        return render(problem, language)
    if isinstance(problem, str):
        return problem
    return "\nmktplan: ".join(problem_text(part, language) for part in problem)


def error_text(error: BaseException, language: str) -> str:
    """What a command says of an exception that stopped it, in ``language`` where it can."""
    return problem_text(error_message(error), language)


def reason(error: InputError) -> Message | str:
    """Why a file cannot be read, as a catalogue message where the reader gave one."""
    return error.detail if isinstance(error.detail, Message) else error.reason


def located(name: str, problems: list[Finding], wrong_type: Message) -> Message:
    """The first of a file's ``problems`` at its ``file:line:col`` (and how many more).

    ``wrong_type`` says what the file must be, for a ``schema-wrong-type`` problem.
    """
    first = problems[0]
    told: Message | str = first.detail if first.detail is not None else first.message
    if first.rule == "schema-wrong-type":
        told = wrong_type
    place = f"{name}:{first.line}:{first.column}"
    if len(problems) > 1:
        return msg("files.located-more", place=place, message=told, rule=first.rule,
                   n=len(problems) - 1)
    return msg("files.located", place=place, message=told, rule=first.rule)


def severity_word(severity: str, language: str) -> str:
    """``error`` or ``warning`` as a reader of ``language`` calls it (错误, 警告)."""
    return say(f"severity.{severity}", language)


def no_plans_found(found: int, doing: str, language: str) -> str:
    """What to say when every one of the ``found`` files was passed over as not a plan.

    ``doing`` is the command: ``check`` or ``build``.
    """
    return say("cli.no-plans", language, n=found, doing=Message(f"cli.doing.{doing}"))


def _argument(value: object, language: str) -> str:
    if isinstance(value, Message):
        return render(value, language)
    if isinstance(value, Amount):
        return money(value, language)
    if isinstance(value, Percent):  # to one decimal, and never -0%
        rounded = round_to(value.fraction * 100, 1)
        return f"{(rounded if rounded else abs(rounded)).normalize():f}%"
    if isinstance(value, tuple):
        return _LIST_SEPARATOR[language].join(_argument(item, language) for item in value)
    if isinstance(value, dt.date):
        return (f"{value.year}年{value.month}月{value.day}日" if language == CHINESE
                else value.isoformat())
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return format(value.normalize(), ",f")
    return str(value)


def money(amount: Amount, language: str) -> str:
    """``CNY 3,150,000`` in English; in Chinese as the deliverables write it (``315万元``)."""
    if language == CHINESE:
        from mktplan.text.formatter import Formatter

        return Formatter(CHINESE, amount.currency).money(round_to(amount.value, 2))
    return f"{amount.currency} {group(round_to(amount.value, 2))}"
