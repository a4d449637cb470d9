"""PDF and Word page numbers: the built Word file laid out by LibreOffice, one office per build.

:func:`find_libreoffice` finds ``soffice`` and a Python with LibreOffice's ``uno``
module (``MKTPLAN_UNO_PYTHON``, else LibreOffice's own, else ``/usr/bin/python3``), or
raises :class:`~mktplan.errors.UsageError` naming the packages to install. A
:class:`PdfConverter` runs :mod:`mktplan.render.uno_worker` under that Python, which
starts one headless office for all the plans of a build: each conversion writes the
Word bytes to a private temp folder, has the office update the table of contents and
export, and reads the PDF back, so that the caller stages it like any other output.
:meth:`PdfConverter.toc_pages` lays a Word file out without exporting it, for the page
numbers of its table of contents when the build makes no PDF.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Final

from mktplan.findings import Message, msg
from mktplan.text.messages import usage_error

PACKAGES: Final = "libreoffice-writer-nogui python3-uno fonts-noto-cjk"
"""What Debian and Ubuntu install for the PDF (Chinese plans need the CJK fonts)."""
UNO_PYTHON_VARIABLE: Final = "MKTPLAN_UNO_PYTHON"
_SYSTEM_PYTHONS: Final = ("/usr/bin/python3", "python3")
CONVERT_TIMEOUT_SECONDS: Final = 600


@dataclass(frozen=True)
class LibreOffice:
    """The commands a conversion runs."""

    soffice: str
    python: str


@dataclass(frozen=True)
class Converted:
    """A PDF and what its table of contents shows."""

    pdf: bytes
    pages: int
    toc_pages: tuple[str, ...]
    """The page number of each table-of-contents entry, in order, as LibreOffice laid it out."""


def missing_message(reason: Message) -> Message:
    """Why there can be no PDF, and what to install."""
    return msg("pdf.missing", reason=reason, packages=PACKAGES)


def find_libreoffice() -> LibreOffice:
    """``soffice`` and a Python that can drive it; :class:`UsageError` when either is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise usage_error(missing_message(msg("pdf.no-soffice")))
    for python in _pythons(Path(soffice).resolve()):
        if _has_uno(python):
            return LibreOffice(soffice, python)
    raise usage_error(missing_message(msg("pdf.no-uno", variable=UNO_PYTHON_VARIABLE)))


def _refusal(reply: dict[str, object]) -> Message:
    """What the worker's ``{"error": "open"|"export"|"layout", "reason": …}`` says."""
    stage = reply["error"] if reply["error"] in ("export", "layout") else "open"
    reason = str(reply.get("reason") or "")
    return msg(f"pdf.{stage}.reason", reason=reason) if reason else msg(f"pdf.{stage}")


def _pythons(soffice: Path) -> list[str]:
    chosen = os.environ.get(UNO_PYTHON_VARIABLE)
    if chosen:
        return [chosen]
    bundled = [str(soffice.parent / name) for name in ("python", "python.exe", "python3")]
    system = [found for name in _SYSTEM_PYTHONS if (found := shutil.which(name))]
    return [path for path in dict.fromkeys([*bundled, *system]) if Path(path).is_file()]


def _has_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True,
                              timeout=60, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class PdfConverter:
    """One LibreOffice for many conversions; a context manager that stops it at the end."""

    def __init__(self, office: LibreOffice) -> None:
        self._office = office
        self._folder = tempfile.TemporaryDirectory(prefix="mktplan-pdf-")
        self._process: subprocess.Popen[str] | None = None
        self._count = 0
        self.started = 0
        """How many offices this converter started (one, unless one died on the way)."""

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def convert(self, docx: bytes) -> Converted:
        """The PDF of a Word file; :class:`UsageError` when LibreOffice fails on it."""
        return self._laid_out(docx, export=True)

    def toc_pages(self, docx: bytes) -> tuple[str, ...]:
        """The page of each contents entry of a Word file as LibreOffice lays it out.

        No PDF is exported: this is the Word file's own build (:class:`UsageError` when
        LibreOffice fails on it).
        """
        return self._laid_out(docx, export=False).toc_pages

    def _laid_out(self, docx: bytes, export: bool) -> Converted:
        process = self._running()
        self._count += 1
        folder = Path(self._folder.name)
        source, target = folder / f"plan-{self._count}.docx", folder / f"plan-{self._count}.pdf"
        source.write_bytes(docx)
        request = {"source": str(source)}
        if export:
            request["target"] = str(target)
        try:
            reply = self._ask(process, request)
            if "error" in reply:
                raise usage_error(_refusal(reply))
            pages, toc = reply.get("pages", 0), reply.get("toc", [])
            return Converted(target.read_bytes() if export else b"",
                             pages if isinstance(pages, int) else 0,
                             tuple(str(page) for page in toc) if isinstance(toc, list) else ())
        finally:
            for path in (source, target):
                path.unlink(missing_ok=True)

    def _running(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        profile = Path(self._folder.name, "profile").as_uri()
        worker = Path(__file__).with_name("uno_worker.py")
        self._process = subprocess.Popen(
            [self._office.python, str(worker), self._office.soffice, profile,
             f"mktplan-{uuid.uuid4().hex}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8")
        self.started += 1
        self._read(self._process)  # {"ready": true} once the office answers
        return self._process

    def _ask(self, process: subprocess.Popen[str], request: dict[str, str]) -> dict[str, object]:
        assert process.stdin is not None
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
        except OSError:
            pass  # it died: reading says why
        return self._read(process)

    def _read(self, process: subprocess.Popen[str]) -> dict[str, object]:
        line = _readline(process.stdout)
        if not line:
            process.wait()
            detail = process.stderr.read().strip().splitlines()[-1:] if process.stderr else []
            self._process = None
            raise usage_error(msg("pdf.stopped.detail", detail=detail[0]) if detail
                              else msg("pdf.stopped"))
        reply: dict[str, object] = json.loads(line)
        return reply

    def close(self) -> None:
        """End the office (it closes when its input does) and remove the temp folder."""
        process, self._process = self._process, None
        if process is not None:
            if process.stdin is not None:
                process.stdin.close()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        self._folder.cleanup()


def _readline(stream: IO[str] | None) -> str:
    return stream.readline() if stream is not None else ""
