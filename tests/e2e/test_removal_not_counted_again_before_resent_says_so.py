"""A removal held because it could not be counted again before it went again says so, not that it
was "counted again just before: ... could not be counted again" (cr70)."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import D1, DX, applied_with_history, site
from tests.e2e.test_removal_whose_connection_failed_is_held_saying_so import first_write_not_connected


def test_a_removal_its_recount_could_not_read_says_it_was_not_counted(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_with_history(workspace, DX)
    site(workspace, D1)
    first_write_not_connected(monkeypatch, lambda: None, reads_fail_after=True)
    applying = workspace.run("apply", "site.yaml", "--auto-approve", "--format", "json")
    assert applying.exit_code == 1, applying.output
    (outcome,) = json.loads(applying.stdout)["outcomes"]
    assert outcome["message"].startswith(
        "stopped before sending call 1 of 1 (its connection could not be opened): it was not sent: "
        "what c1's removals destroy could not be counted again before its call 1 of 1 was sent: "
    )
    assert "counted again just before" not in outcome["message"]
    assert outcome["not_applied"] == ["c1/dx"] and not outcome["unreviewed"]
