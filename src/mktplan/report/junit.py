"""The JUnit XML reporter, for the test views of Jenkins, GitLab and Azure Pipelines.

Each checked file is a ``<testsuite>`` named by its path; each finding is a
``<testcase>`` of it that failed (``<failure>``, whose ``type`` is the rule id), so a
file's findings are listed as its failed tests, warnings too, as linters' JUnit
formatters do; a clean file is one passing test case. A file that could not be read
has one ``<error>`` instead. The document follows the structure the CI servers read
(``testsuites`` > ``testsuite`` with ``name``, ``tests``, ``failures`` and ``errors`` >
``testcase`` with ``name`` and ``classname``), without timings, so that the same plans
give the same bytes. Non-ASCII text is written as character references.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO
from xml.etree import ElementTree

if TYPE_CHECKING:
    from mktplan.findings import Finding
    from mktplan.rules.pipeline import CheckedPlan

SUITES_NAME = "mktplan check"
CLEAN_CASE = "the plan is clean"
#: characters XML 1.0 cannot hold; messages quote the file's own text now and then
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _counts(element: ElementTree.Element, tests: int, failures: int, errors: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))


def test_case(suite: ElementTree.Element, finding: Finding, name: str, file: str,
              unreadable: bool) -> None:
    """The test case of one finding: failed, or in error when the file could not be read."""
    case = ElementTree.SubElement(suite, "testcase", {"name": name, "classname": file})
    outcome = ElementTree.SubElement(case, "error" if unreadable else "failure", {
        "type": finding.rule, "message": _xml_text(finding.message)})
    outcome.text = _xml_text(f"{file}:{finding.line}:{finding.column}: "
                             f"{finding.severity.value} [{finding.rule}] {finding.message}")


def test_suite(parent: ElementTree.Element, result: CheckedPlan) -> tuple[int, int, int]:
    """The suite of one file; its counts of tests, failures and errors."""
    file = result.file
    suite = ElementTree.SubElement(parent, "testsuite", {"name": file, "file": file})
    named: Counter[str] = Counter()
    for finding in result.findings:
        name = f"{finding.rule} at line {finding.line}, column {finding.column}"
        named[name] += 1  # CI servers merge test cases of one name: a repeat is numbered
        shown = name if named[name] == 1 else f"{name} ({named[name]})"
        test_case(suite, finding, shown, file, result.unreadable)
    if not result.findings:
        ElementTree.SubElement(suite, "testcase", {"name": CLEAN_CASE, "classname": file})
    tests = max(len(result.findings), 1)
    errors = len(result.findings) if result.unreadable else 0
    failures = len(result.findings) - errors
    _counts(suite, tests, failures, errors)
    suite.set("skipped", "0")
    return tests, failures, errors


def as_xml(results: Sequence[CheckedPlan]) -> str:
    """The report as an XML document (ASCII, so any stream can carry it)."""
    root = ElementTree.Element("testsuites", {"name": SUITES_NAME})
    totals = [test_suite(root, result) for result in results]
    _counts(root, *(sum(counts[index] for counts in totals) for index in range(3)))
    ElementTree.indent(root)
    body: bytes = ElementTree.tostring(root, encoding="us-ascii", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body.decode("ascii") + "\n"


def report(results: Sequence[CheckedPlan], stream: TextIO,
           passed_over: Sequence[str] = ()) -> None:
    """Write the JUnit XML document."""
    stream.write(as_xml(results))
