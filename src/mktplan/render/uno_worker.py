"""LibreOffice's side of the PDF conversion: one office for a whole build, driven over UNO.

This file is a script for the Python that has LibreOffice's ``uno`` module (Debian's
``python3-uno`` in ``/usr/bin/python3``), never imported by mktplan, which runs it with
:mod:`mktplan.render.pdf`. It starts ``soffice --headless`` once with a private profile,
connects to it over a named pipe and then, for each request line on standard input
(JSON ``{"source": docx, "target": pdf}``), loads the Word file hidden, updates every
index (the table of contents), exports the PDF and answers one JSON line on standard
output: the page count and the table of contents' page numbers in order, or an error.
A request without a ``target`` only lays the document out (updating the indexes does)
and answers the same, exporting nothing: a Word build's page numbers. Standard input
closing ends the office.

Arguments: the ``soffice`` command, the profile folder's URL, a pipe name.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

CONNECT_SECONDS = 120.0


def main(soffice: str, profile_url: str, pipe: str) -> int:
    """Serve conversion requests until standard input closes; the exit code."""
    import uno

    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         "--nolockcheck", f"-env:UserInstallation={profile_url}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = _connect(uno, pipe, office)
        _answer({"ready": True})
        for line in sys.stdin:
            if line.strip():
                _answer(_convert(uno, desktop, json.loads(line)))
        _terminate(desktop)
    finally:
        _stop(office)
    return 0


def _connect(uno: Any, pipe: str, office: subprocess.Popen[bytes]) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _property(uno: Any, name: str, value: object) -> Any:
    prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    prop.Name, prop.Value = name, value
    return prop


def _convert(uno: Any, desktop: Any, request: dict[str, str]) -> dict[str, object]:
    try:
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(request["source"]), "_blank", 0,
            (_property(uno, "Hidden", True), _property(uno, "ReadOnly", False)))
    except Exception as error:
        return {"error": "open", "reason": str(error)}
    if document is None:
        return {"error": "open", "reason": ""}
    target = request.get("target")
    try:
        pages = _update_indexes(document)
        if target:
            document.storeToURL(uno.systemPathToFileUrl(target),
                                (_property(uno, "FilterName", "writer_pdf_Export"),))
        count = document.getCurrentController().getPropertyValue("PageCount")
        return {"pages": int(count), "toc": pages}
    except Exception as error:
        return {"error": "export" if target else "layout", "reason": str(error)}
    finally:
        document.close(True)


def _update_indexes(document: Any) -> list[str]:
    """Update every index once; the TOC's pages.

    Once is enough: the entries are the stored result's own, one line each, so adding
    their page numbers after a right tab moves nothing (a second pass costs a layout of
    the whole document, a minute for a plan of 600 tasks).
    """
    indexes = document.getDocumentIndexes()
    for number in range(indexes.getCount()):
        indexes.getByIndex(number).update()
    for number in range(indexes.getCount()):
        index = indexes.getByIndex(number)
        if index.supportsService("com.sun.star.text.ContentIndex"):
            return _page_numbers(index.getAnchor().getString())
    return []


def _page_numbers(text: str) -> list[str]:
    """The number after each entry's last tab: what the table of contents shows as its page."""
    numbers = []
    for line in text.splitlines():
        _, tab, page = line.rpartition("\t")
        numbers.append(page.strip() if tab else "")
    return numbers


def _terminate(desktop: Any) -> None:
    try:
        desktop.terminate()
    except Exception:  # the office may already be going: _stop makes sure
        return


def _stop(office: subprocess.Popen[bytes]) -> None:
    try:
        office.wait(timeout=20)
    except subprocess.TimeoutExpired:
        office.kill()
        office.wait()


def _answer(message: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
