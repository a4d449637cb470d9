"""Rendering: a pure context builder (plan → view data) and one renderer per output format.

:mod:`.context` builds the view; :mod:`.formatting` formats money, shares and dates
per language; :mod:`.labels` loads the heading/label catalogs from ``templates/i18n``.
Renderers (Markdown, Word, Excel) read only the view, never the raw YAML.
"""
