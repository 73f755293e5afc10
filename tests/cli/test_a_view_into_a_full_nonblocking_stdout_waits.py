"""A non-blocking stdout (a pipe its reader set so) that is full takes nothing: the writer wrote again
at once, spinning a core at 100% until the reader made room. It waits until stdout is writable."""

from __future__ import annotations

import io
from typing import Any

import pytest

from iotplan.cli import stdout


class FullThenReadPipe(io.RawIOBase):
    """Full for its first two writes (None, as a non-blocking file says so), then taking all."""

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


def test_a_full_nonblocking_stdout_is_waited_for_not_written_again_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipe = FullThenReadPipe()
    waits: list[tuple[list[object], list[object], list[object]]] = []
    monkeypatch.setattr("select.select", lambda *lists: waits.append(lists) or lists)
    monkeypatch.setattr("sys.stdout", io.TextIOWrapper(pipe, write_through=True))  # type: ignore[type-var]
    stdout.write_chunks([b"a plan\n"])
    assert pipe.taken == b"a plan\n"
    assert waits == [([], [pipe], []), ([], [pipe], [])]
