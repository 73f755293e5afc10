"""A removal whose connection could not be opened never left ("0 write requests sent", its own
test says "it never left"), so its hold is not said to be sending it "again" nor that it "was not
sent again" (cr82 #5)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import D1, DX, applied_with_history, site
from tests.e2e.test_removal_answered_429_counted_again_before_resent import BY_HAND
from tests.e2e.test_removal_whose_connection_failed_is_held_saying_so import first_write_not_connected


def test_a_removal_that_never_left_is_not_said_sent_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace, DX)
    site(workspace, D1)

    def by_hand() -> None:
        workspace.integrate_under("fz:c1", [BY_HAND])

    first_write_not_connected(monkeypatch, by_hand)
    applying = workspace.run("apply", "site.yaml", "--auto-approve")
    assert "; 0 write requests sent." in applying.stdout  # it never left ...
    assert "not sent again" not in applying.stdout, applying.stdout  # ... so it cannot be "not sent again"
    assert "sending call 1 of 1 again" not in applying.stdout
