"""`iotplan apply site.yaml > /dev/pts/7` (another terminal, a tmux pane): stdout is a terminal, so the
question said nothing of where the plan went, though the terminal it was asked on showed none of it.
The question names the other terminal first."""

from __future__ import annotations

import os
import pty
import threading
from pathlib import Path

from tests.cli.asked import ask, before_the_question, drain


def test_a_plan_on_another_terminal_is_said_before_the_question(tmp_path: Path) -> None:
    other, other_end = pty.openpty()
    threading.Thread(target=drain, args=(other,), daemon=True).start()  # the other pane
    said, _ = ask(other_end, tmp_path)
    said_last = before_the_question(said)[-1]
    assert "another terminal" in said_last and os.ttyname(other_end) in said_last, said_last
