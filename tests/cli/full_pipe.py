"""A view written into a real non-blocking pipe whose reader reads nothing until it is full: what the
reader then got. stdout is opened over it as Python opens its own: line-buffered, or written through
under PYTHONUNBUFFERED=1."""

from __future__ import annotations

import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from select import select  # the reader's own, whatever a test puts in select.select

import pytest

from iotplan.cli.stdout import write_view


def view_read_once_full(
    monkeypatch: pytest.MonkeyPatch, view: str, *, unbuffered: bool, file: type[io.FileIO] = io.FileIO
) -> bytes:
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    raw = file(write_end, "wb")
    binary = raw if unbuffered else io.BufferedWriter(raw)
    stdout = io.TextIOWrapper(binary, encoding="utf-8", line_buffering=True, write_through=unbuffered)
    monkeypatch.setattr("sys.stdout", stdout)
    written = threading.Event()
    with ThreadPoolExecutor(1) as reader:
        shown = reader.submit(_read_once_full, read_end, os.dup(write_end), written)
        try:
            write_view(view)
        finally:
            written.set()
            raw.close()  # the reader's end of file
        return shown.result(timeout=60)


def _read_once_full(read_end: int, watched: int, written: threading.Event) -> bytes:
    """Nothing until the pipe takes no more (or the view was written), then all of it: `watched`, a
    copy of the writer's end, tells whether it is full."""
    while not written.is_set() and select([], [watched], [], 0.05)[1]:
        pass
    os.close(watched)
    got = b""
    while chunk := os.read(read_end, 65536):
        got += chunk
    os.close(read_end)
    return got
