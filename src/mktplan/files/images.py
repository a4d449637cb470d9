"""Pictures a plan names (``meta.logo``): found inside the plan's folder, read and recognised.

A plan may come from someone else's repository, so its logo is read as any file of a
repository is (:mod:`mktplan.files.reading`: a regular file, within a size limit) and only
from inside the plan's folder: ``/etc/passwd`` or ``../../secret.png`` would otherwise be
copied into a deliverable. Only PNG and JPEG are taken, recognised by their first bytes
(not by the name); their pixel size is read from the header, to place them in Word.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Final, Literal

from mktplan.errors import InputError
from mktplan.files.reading import read_regular_file
from mktplan.findings import Message, msg

MAX_IMAGE_BYTES: Final = 5 * 1024 * 1024
_PNG: Final = b"\x89PNG\r\n\x1a\n"
_JPEG: Final = b"\xff\xd8\xff"
_JPEG_FRAMES: Final = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


@dataclass(frozen=True)
class Image:
    """A picture's bytes, its kind and its size in pixels."""

    data: bytes
    kind: Literal["png", "jpeg"]
    width: int
    height: int

    @property
    def content_type(self) -> str:
        """Its MIME type."""
        return f"image/{self.kind}"


class ImageError(ValueError):
    """Raised by :func:`read_image` with the reason a file is not a usable picture.

    ``str()`` is the reason in English; :attr:`detail` the same as a catalogue message.
    """

    def __init__(self, reason: str, detail: Message | None) -> None:
        super().__init__(reason)
        self.detail = detail


def resolve_inside(folder: Path, written: str) -> Path:
    """The file ``written`` names from ``folder``; ImageError when it leads out of it."""
    if not written.strip():
        raise ImageError("the path is empty", msg("images.empty"))
    if PureWindowsPath(written).is_absolute() or PurePosixPath(written).is_absolute() or \
            PureWindowsPath(written).drive:
        raise ImageError("an absolute path; give the path from the plan's folder",
                         msg("images.absolute"))
    if ".." in PureWindowsPath(written).parts:
        raise ImageError("the path leads out of the plan's folder ('..'); keep the logo "
                         "inside it", msg("images.outside"))
    return folder / written


def read_image(path: Path, name: str) -> Image:
    """The PNG or JPEG picture at ``path``; ImageError saying why it cannot be one."""
    try:
        data = read_regular_file(path, MAX_IMAGE_BYTES, name)
    except InputError as exc:
        detail = exc.detail if isinstance(exc.detail, Message) else None
        raise ImageError(exc.reason, detail) from exc
    size = image_size(data)
    if size is None:
        raise ImageError("not a PNG or JPEG picture", msg("images.not-a-picture"))
    kind, width, height = size
    return Image(data, kind, width, height)


def image_size(data: bytes) -> tuple[Literal["png", "jpeg"], int, int] | None:
    """The kind and pixel size of PNG or JPEG ``data``; None for anything else."""
    if data.startswith(_PNG) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return ("png", width, height) if width and height else None
    if data.startswith(_JPEG):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[Literal["png", "jpeg"], int, int] | None:
    index = 2
    while index + 9 <= len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        (length,) = struct.unpack(">H", data[index + 2:index + 4])
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[index + 5:index + 9])
            return ("jpeg", width, height) if width and height else None
        index += 2 + length
    return None
