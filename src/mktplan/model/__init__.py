"""Pydantic models of the plan format: shape and types of every section.

``Plan`` is the root; :mod:`.sections` holds one class per section and
:mod:`.types` the reusable money, date and id types.
"""

from mktplan.model.plan import FORMAT_VERSION, Plan
from mktplan.model.sections import Meta

__all__ = ["FORMAT_VERSION", "Meta", "Plan"]
