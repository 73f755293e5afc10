"""A non-blocking stdout (a pipe its reader set so) that is full takes nothing: the writer wrote again
at once, spinning a core at 100% until the reader made room (PYTHONUNBUFFERED=1), or ended `Error:
write could not complete without blocking` with the view cut at 64 KiB (Python's default buffering).
It waits in select until the pipe has room, then writes the rest."""

from __future__ import annotations

import select
from typing import Any

import pytest

from tests.cli.full_pipe import view_read_once_full

VIEW = "x" * 200_000 + "\n"


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_view_into_a_full_nonblocking_pipe_waits_for_room_and_arrives_whole(
    monkeypatch: pytest.MonkeyPatch, unbuffered: bool
) -> None:
    waits = 0
    waiting = select.select

    def counted(*lists: Any) -> Any:
        nonlocal waits
        waits += 1
        return waiting(*lists)  # the real wait, on the real pipe

    monkeypatch.setattr("select.select", counted)
    shown = view_read_once_full(monkeypatch, VIEW, unbuffered=unbuffered)
    assert shown == VIEW.encode() and waits
