"""The base model every plan section derives from: strict keys, docstrings as help."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A part of the plan. Unknown keys are errors; attribute docstrings become schema help."""

    # not use_attribute_docstrings: it costs every command's start-up; see model_json_schema
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_default=False,
        # sections are validated only as part of a Plan: build one validator for the
        # whole tree on first use instead of one per class at import
        defer_build=True,
    )

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema, with each field's attribute docstring as its description."""
        from mktplan.model.docstrings import add_field_descriptions

        return add_field_descriptions(cls, super().model_json_schema(*args, **kwargs))


class Item(Section):
    """A list item that other parts of the plan can refer to by ``id``."""

    id: str
