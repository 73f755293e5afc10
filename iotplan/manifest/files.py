"""Bytes on disk (or stdin) → text, with the position of the first thing that is not text.

Manifests, templates, --vars and --sites files are UTF-8. Editors on Windows also write UTF-8
with a byte-order mark (Excel does for CSV) and UTF-16 with one (PowerShell's `>`): those are
read. Anything else (Latin-1, Windows-1252, UTF-16 without a mark) is refused at the line and
column of its first byte that is not UTF-8, instead of being guessed at.
"""

from __future__ import annotations

import codecs
import pathlib
import sys
from typing import BinaryIO

# The benchmark's 111,000 entities render to 5.8 MB; 128 MiB is twenty times that, and keeps a
# mistaken path (a log, /dev/zero) from being read into memory whole.
MAX_FILE_BYTES = 128 * 1024 * 1024
STDIN = "-"
_BOMS = (  # the UTF-32 marks first: the UTF-16 little-endian mark is a prefix of UTF-32's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(Exception):
    """The bytes are not text iotplan reads; `line` and `column` are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def read_text(path: str) -> str:
    """The text of `path` (or stdin for '-'); OSError when it cannot be read, NotText when it is no text."""
    return decode(_read_bytes(path))


def _read_bytes(path: str) -> bytes:
    if path == STDIN:
        return _read_limited(sys.stdin.buffer)
    with pathlib.Path(path).open("rb") as file:
        return _read_limited(file)


def _read_limited(stream: BinaryIO) -> bytes:
    """In chunks: `read(MAX_FILE_BYTES + 1)` would allocate the whole 128 MiB up front."""
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise NotText(1, 1, f"larger than {MAX_FILE_BYTES // 2**20} MiB, the most iotplan reads")
        chunks.append(chunk)
    return b"".join(chunks)


_CHUNK = 1024 * 1024


def decode(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode(raw, encoding, skip=len(bom))
    if b"\x00" in raw[:4]:
        raise NotText(1, 1, "UTF-16 or UTF-32 text without a byte-order mark: save the file as UTF-8")
    return _decode(raw, "utf-8", skip=0)


def _decode(raw: bytes, encoding: str, skip: int) -> str:
    try:
        text = raw[skip:].decode(encoding) if encoding == "utf-8" else raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise _not_text(raw, error, encoding, skip) from None
    return text.removeprefix("\ufeff")


def _not_text(raw: bytes, error: UnicodeDecodeError, encoding: str, skip: int) -> NotText:
    if encoding != "utf-8":
        name = encoding.upper()
        message = f"starts with a {name} byte-order mark but is not {name} text (byte {error.start:,})"
        return NotText(1, 1, f"{message}: save the file as UTF-8")
    start = error.start + skip
    line_start = raw.rfind(b"\n", 0, start) + 1
    column = len(raw[max(line_start, skip) : start].decode("utf-8")) + 1
    message = (
        f"not UTF-8: byte 0x{raw[start]:02X} is not valid UTF-8 here (a Latin-1 or Windows-1252 file?); "
        "save the file as UTF-8"
    )
    return NotText(raw.count(b"\n", 0, start) + 1, column, message)


TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")


def is_template(name: str) -> bool:
    return name.endswith(TEMPLATE_SUFFIXES)
