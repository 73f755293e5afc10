"""A REST removal answered 429, then held after each of its 6 counts, beside "1 write request sent": said
not sent AGAIN, naming the call and what it met, not "which was not sent" (cr82 #4)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.removal_held_after_each_count import held


def test_a_removal_answered_429_then_held_is_not_said_never_sent(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applying = held(workspace, monkeypatch, True)
    assert "; 1 write request sent." in applying.stdout
    assert "which was not sent" not in applying.stdout, applying.stdout
    assert (
        "stopped before sending call 1 of 1 again after a 429: it was not sent again: "
        "the platform's rate limit held it after each of 6 counts that let it go"
    ) in applying.stdout, applying.stdout
