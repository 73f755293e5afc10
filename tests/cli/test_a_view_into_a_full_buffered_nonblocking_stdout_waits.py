"""Python's default stdout is buffered: where it is a non-blocking file that is full, its write and
its flush raise BlockingIOError (what the buffer took counted in it), which ended the run with the
view cut at 64 KiB. The writer waits until stdout is writable and writes the rest."""

from __future__ import annotations

import io
from typing import Any

import pytest

from iotplan.cli import stdout


class FullThenReadFile(io.RawIOBase):
    """A non-blocking file full for its first two writes (None, as such a file says so), then taking all."""

    def __init__(self) -> None:
        self.answers: list[int | None] = [None, None]
        self.taken = b""

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return 99

    def write(self, data: Any) -> int | None:
        if self.answers:
            return self.answers.pop(0)
        self.taken += bytes(data)
        return len(data)


def test_a_full_buffered_nonblocking_stdout_is_waited_for_and_given_the_whole_view(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = FullThenReadFile()
    buffered = io.BufferedWriter(
        file, buffer_size=4
    )  # the view overflows it: its write raises, then its flush
    waits: list[tuple[list[object], list[object], list[object]]] = []
    monkeypatch.setattr("select.select", lambda *lists: waits.append(lists) or lists)
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(buffered, write_through=True))
    stdout.write_chunks([b"a plan\n"])
    assert file.taken == b"a plan\n"
    assert waits and all(lists == ([], [buffered], []) for lists in waits)
