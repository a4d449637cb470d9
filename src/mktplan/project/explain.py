"""What ``mktplan config`` shows: the settings in force for a plan, and where each came from.

Each setting is the command line's default unless the project's configuration sets it;
each rule is as ``mktplan rules`` documents it unless the configuration or the plan's own
``rules:`` section (which has the last word) changes it. Only the rules that either
changes are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from mktplan.errors import InputError
from mktplan.files.paths import display_path
from mktplan.findings import Message, msg
from mktplan.load.source import read_plan_file
from mktplan.project.lookup import ProjectConfig, config_for
from mktplan.project.settings import Source
from mktplan.rules.config import Setting, default_settings, read_settings, set_by
from mktplan.rules.pipeline import written_language

DEFAULT = msg("project.source.default")
"""The source of a setting nobody made (``default``)."""


class Shown(NamedTuple):
    """One setting in force: its name, its value and where it was made."""

    name: str
    value: Any
    source: Message | str


class RuleShown(NamedTuple):
    """One rule whose setting differs from its documentation, and who changed it."""

    rule: str
    severity: str
    options: dict[str, Any]
    source: Message | str


class Explanation(NamedTuple):
    """Everything ``mktplan config`` says about one path."""

    configuration: str | None
    settings: list[Shown]
    rules: list[RuleShown]
    plan_language: str | None = None
    """The plan's own ``meta.language``, when ``path`` is a plan that sets one."""


def explain(path: Path) -> Explanation:
    """The settings in force for the plan (or the plans of the folder) at ``path``.

    Raises :class:`~mktplan.project.ConfigError` for a configuration that cannot be used.
    """
    from mktplan.rules.registry import RULES_BY_ID

    config = config_for(path)
    rules, sources = _rule_settings(config, RULES_BY_ID)
    language = None
    if path.is_file():
        rules, plan_sources, language = _plan_rules(path, rules, RULES_BY_ID)
        # an option the configuration set stays under the plan's own entry: say both
        sources.update((rule_id, msg("project.source.over", source=source,
                                     over=sources[rule_id]) if rule_id in sources
                        else source) for rule_id, source in plan_sources.items())
    defaults = default_settings(RULES_BY_ID)
    shown_rules = [RuleShown(rule_id, _severity(setting), _changed_options(setting, defaults[
        rule_id]), sources[rule_id]) for rule_id, setting in rules.items()
        if rule_id in sources]
    name = display_path(config.file) if config.file is not None else None
    return Explanation(name, _settings(config), shown_rules, language)


def _settings(config: ProjectConfig) -> list[Shown]:
    def source(key: str) -> Message | str:
        made = config.sources.get(key)
        return str(made) if made is not None else DEFAULT

    output = display_path(config.output) if config.output is not None else "build"
    templates = display_path(config.templates) if config.templates is not None else None
    return [
        Shown("strict", bool(config.strict), source("strict")),
        Shown("output", output, source("output")),
        Shown("templates", templates, source("templates")),
        Shown("toc-pages", config.toc_pages is not False, source("toc-pages")),
        Shown("language", config.language or "en", source("language")),
    ]


def _rule_settings(config: ProjectConfig, rules: Mapping[str, Any]
                   ) -> tuple[dict[str, Setting], dict[str, Message | str]]:
    settings = config.rule_defaults or default_settings(rules)
    sources: dict[str, Message | str] = {rule_id: str(config.sources[f"rules.{key}"])
               for rule_id, key in set_by(config.rules, rules).items()}
    return dict(settings), sources


def _plan_rules(path: Path, base: dict[str, Setting], rules: Mapping[str, Any]
                ) -> tuple[dict[str, Setting], dict[str, Message], str | None]:
    """The plan's own ``rules:`` applied to ``base``, who set each, and its ``meta.language``.

    What the plan's ``rules:`` cannot apply, ``check`` reports.
    """
    try:
        document = read_plan_file(path)
    except InputError:
        return base, {}, None
    language = written_language(document.data)
    section = document.data.get("rules") if isinstance(document.data, dict) else None
    if not isinstance(section, dict):
        return base, {}, language
    settings, issues = read_settings(section, rules, base)
    refused = {issue.path[-1] for issue in issues}  # check reports them; they change nothing
    shown = display_path(path)
    sources = {rule_id: msg("project.source.plan", place=str(
        Source(shown, *document.source_map.locate_key(("rules", key)))))
               for rule_id, key in set_by(section, rules).items() if key not in refused}
    return settings, sources, language


def _severity(setting: Setting) -> str:
    return setting.severity.value if setting.severity is not None else "off"


def _changed_options(setting: Setting, default: Setting) -> dict[str, Any]:
    now, before = setting.options.model_dump(), default.options.model_dump()
    return {name: value for name, value in now.items() if before.get(name) != value}
