"""Shared pytest fixtures and helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from mktplan.load import parse_yaml
from mktplan.pipeline import CheckedPlan, check_document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"


def check_text(text: str, file: str = "plan.yaml") -> CheckedPlan:
    """Check YAML text as if it were a file."""
    return check_document(parse_yaml(text, file))


@pytest.fixture
def base_text() -> str:
    """The clean base plan's text."""
    return (FIXTURES / "_base.yaml").read_text(encoding="utf-8")
