"""A terminal left O_NONBLOCK (a node or ssh process sharing it sets it so) whose reader pauses: the
view went through click.echo, not the writer that waits, so it was cut: in silence under
PYTHONUNBUFFERED=1 (`iotplan schema`: 14 KB of 200 KB shown, exit 0), or `Error: write could not
complete without blocking` under Python's default buffering. Here the terminal is a non-blocking pipe
that says it is one."""

from __future__ import annotations

import io

import pytest

from tests.cli.full_pipe import view_read_once_full

VIEW = "x" * 200_000 + "\n"


class Terminal(io.FileIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_view_into_a_full_nonblocking_terminal_arrives_whole(
    monkeypatch: pytest.MonkeyPatch, unbuffered: bool
) -> None:
    shown = view_read_once_full(monkeypatch, VIEW, unbuffered=unbuffered, file=Terminal)
    assert shown == VIEW.encode()
