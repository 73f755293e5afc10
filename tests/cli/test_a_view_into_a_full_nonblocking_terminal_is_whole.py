"""A terminal left O_NONBLOCK (a node or ssh process sharing it sets it so) whose reader pauses: the
view went through click.echo, not the writer that waits, so it was cut: in silence under
PYTHONUNBUFFERED=1 (`iotplan schema`: 14 KB of 200 KB shown, exit 0), or `Error: write could not
complete without blocking` under Python's default buffering. Here the terminal is a non-blocking pipe
that says it is one; its reader reads nothing until it is full."""

from __future__ import annotations

import io
import os
import select
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from iotplan.cli.stdout import write_view

VIEW = "x" * 200_000 + "\n"


class Terminal(io.FileIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_view_into_a_full_nonblocking_terminal_arrives_whole(
    monkeypatch: pytest.MonkeyPatch, unbuffered: bool
) -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    terminal = Terminal(write_end, "wb")
    # As Python opens a terminal's stdout: line-buffered, or written through under PYTHONUNBUFFERED=1.
    binary = terminal if unbuffered else io.BufferedWriter(terminal)
    stdout = io.TextIOWrapper(binary, encoding="utf-8", line_buffering=True, write_through=unbuffered)
    monkeypatch.setattr("sys.stdout", stdout)
    written = threading.Event()
    with ThreadPoolExecutor(1) as reader:
        shown = reader.submit(_read_once_full, read_end, os.dup(write_end), written)
        try:
            write_view(VIEW)
        finally:
            written.set()
            terminal.close()  # the reader's end of file
        assert shown.result(timeout=60) == VIEW.encode()


def _read_once_full(read_end: int, watched: int, written: threading.Event) -> bytes:
    """Nothing until the pipe takes no more (or the view was written), then all of it: `watched`, a
    copy of the terminal's end, tells whether it is full."""
    while not written.is_set() and select.select([], [watched], [], 0.05)[1]:
        pass
    os.close(watched)
    got = b""
    while chunk := os.read(read_end, 65536):
        got += chunk
    os.close(read_end)
    return got
