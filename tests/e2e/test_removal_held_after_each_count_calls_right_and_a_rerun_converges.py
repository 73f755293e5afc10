"""A REST removal whose turn a 429's pause holds after each of its counts is withdrawn after 6: exit 1,
JSON calls 1 for one answered 429 and 0 otherwise, and a rerun applies it (cr82)."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.removal_held_after_each_count import held


@pytest.mark.parametrize("first_answered_429", [False, True], ids=["never sent", "answered 429 first"])
def test_held_after_each_count_calls_right_and_a_rerun_converges(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, first_answered_429: bool
) -> None:
    """Holds now (what cr82 checked): exit 1, the removal never sent, JSON calls 1 for the one answered
    429 and 0 otherwise, and a rerun applies it."""
    applying = held(workspace, monkeypatch, first_answered_429, "--format", "json")
    (outcome,) = json.loads(applying.stdout)["outcomes"]
    assert outcome["calls"] == (1 if first_answered_429 else 0)
    assert outcome["status"] == ("failed" if first_answered_429 else "not started")
    monkeypatch.undo()
    monkeypatch.chdir(workspace.path)
    again = workspace.run("apply", "site.yaml", "--auto-approve")
    assert again.exit_code == 0 and "c1: applied (1 change)" in again.stdout, again.output
