"""Project configuration: one rule policy and the same defaults for every plan of a repository.

An agency keeps its plans in one repository and wants one policy for all of them. As
``.yamllint`` and ruff's ``pyproject.toml`` do, mktplan looks for a configuration from
each plan's folder upward, and the first folder that has one decides:
``.mktplan.yaml`` (or ``.mktplan.yml``), else a ``pyproject.toml`` with a
``[tool.mktplan]`` table. Nothing is merged between folders::

    # .mktplan.yaml
    rules:                      # as a plan's rules: section; the plan's own wins
      budget-unallocated: off
      smart-achievable: {max_growth: 5}
    strict: true                # check and build fail on warnings too
    output: deliverables        # build's default -o, from this file's folder
    templates: brand            # build's default --templates, from this file's folder
    toc-pages: false            # build's default --no-toc-pages (no LibreOffice layout)
    language: zh-CN             # init's default --lang

A key the configuration does not know, or a value it cannot use, is an error with the
file, line and column (TOML keys are found in the text, as closely as the table form
allows), and stops the command with exit code 2. :func:`config_for` is what the
commands ask (:mod:`mktplan.project.lookup`); :mod:`mktplan.project.reading` reads the
files and :mod:`mktplan.project.settings` checks them.
"""

from mktplan.project.lookup import NO_CONFIG, ConfigError, ProjectConfig, config_for

__all__ = ["NO_CONFIG", "ConfigError", "ProjectConfig", "config_for"]
