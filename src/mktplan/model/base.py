"""The base model every plan section derives from: strict keys, docstrings as help."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A part of the plan. Unknown keys are errors; attribute docstrings become schema help."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        use_attribute_docstrings=True,
        validate_default=False,
    )


class Item(Section):
    """A list item that other parts of the plan can refer to by ``id``."""

    id: str
