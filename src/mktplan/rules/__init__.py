"""Rule families (one module each), the rule registry, per-plan settings and the engine.

To add a rule: write a check function in its family's module, decorate it with
:func:`mktplan.rules.base.rule`, and list it in that module's ``RULES``.
"""
