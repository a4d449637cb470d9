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

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:mktplan:schema:plan:1"
TITLE = "mktplan plan"
DESCRIPTION = (
    "A digital-marketing plan in mktplan format version 1. The schema checks shape and "
    "syntax; 'mktplan check' also checks references, SMART goals, budget and timeline."
)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command()(schema)


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan: header keys first, the top level next, ``$defs`` last."""
    from mktplan.model import Plan

    generated = Plan.model_json_schema(mode="validation")
    definitions = generated.pop("$defs", {})
    generated.pop("title", None)
    generated.pop("description", None)
    header = {"$schema": DRAFT_2020_12, "$id": SCHEMA_ID, "title": TITLE,
              "description": DESCRIPTION}
    return {**header, **generated, "$defs": definitions}


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
