"""Plan against plan: what was added, removed, renamed or changed, and how to show it.

:func:`~mktplan.diff.core.diff_plans` compares two checked plans into a
:class:`~mktplan.diff.model.PlanDiff`; :data:`~mktplan.diff.reporters.REPORTERS`
writes it as text, Markdown or JSON; :mod:`.textconv` renders one plan as stable
lines for ``git diff``.
"""
