"""The ``schema`` command: print the plan format's JSON Schema (Draft 2020-12).

Editors use it for completion and inline checks (``# yaml-language-server: $schema=…``).
It is generated from the plan models, so it cannot drift from what ``check`` accepts;
``schemas/mktplan.schema.json`` is its committed copy, kept fresh by a test::

    mktplan schema > schemas/mktplan.schema.json
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from mktplan.commands.common import PlainCommand

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:mktplan:schema:plan:1"
TITLE = "mktplan plan"
DESCRIPTION = (
    "A digital-marketing plan in mktplan format version 1, as an editor reads it (YAML 1.2). "
    "The schema checks shape and value syntax and gives the verdict of 'mktplan check' on "
    "every value; 'mktplan check' also checks references, SMART goals, budget and timeline. "
    "The schema sees the number an editor reads, not how it is written: 2e5, 5. or 0x10 "
    "pass here as 200000, 5 and 16, while 'mktplan check' refuses those spellings."
)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=PlainCommand)(schema)


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan: header keys first, the top level next, ``$defs`` last."""
    from mktplan.model import Plan
    from mktplan.model.types import VALUE_DEFINITIONS

    generated = _refer_to_definitions(Plan.model_json_schema(mode="validation"))
    definitions = generated.pop("$defs", {})
    definitions.update((name, make()) for name, make in sorted(VALUE_DEFINITIONS.items()))
    generated.pop("title", None)
    generated.pop("description", None)
    header = {"$schema": DRAFT_2020_12, "$id": SCHEMA_ID, "title": TITLE,
              "description": DESCRIPTION}
    return {**header, **generated, "$defs": definitions}


def _refer_to_definitions(node: Any) -> Any:
    """``node`` with each marked value syntax replaced by a ``$ref`` to its one definition.

    The keys the field adds (title, default, its own description) stay beside the ``$ref``.
    """
    from mktplan.model.types import DEFINITION_MARK, VALUE_DEFINITIONS

    if isinstance(node, list):
        return [_refer_to_definitions(item) for item in node]
    if not isinstance(node, dict):
        return node
    name = node.get(DEFINITION_MARK)
    if name is None:
        return {key: _refer_to_definitions(value) for key, value in node.items()}
    definition = VALUE_DEFINITIONS[name]()
    kept = {key: value for key, value in node.items()
            if key != DEFINITION_MARK and definition.get(key) != value}
    return {"$ref": f"#/$defs/{name}", **kept}


def schema_text() -> str:
    """The schema as the committed file holds it: UTF-8 text, indented, newline at the end."""
    import json

    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def schema() -> None:
    """Print the JSON Schema of the plan format (for editors and other tools)."""
    data = schema_text().encode("utf-8")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    # bytes, so that the file is UTF-8 with LF line ends whatever the console's encoding
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()
