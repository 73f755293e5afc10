"""The JSON report of an apply whose verifying read notes the port of a logger it wrote, a note its
plan did not show (another stack's logger put on the port meanwhile): `not_verified` names the note,
and the unit that wrote the logger failed (exit 1), as the text report says."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_logger_another_stack_puts_on_the_port_during_apply_fails_the_unit import (
    NOTE,
    beta_created_after_the_first_logger,
    stack_on_port_1,
)


def test_a_port_sharing_note_appearing_during_apply_is_not_verified_in_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    beta_created_after_the_first_logger(workspace, monkeypatch)
    applied = workspace.run(
        "apply", stack_on_port_1(workspace, "alpha"), "--auto-approve", "--format", "json"
    )

    assert applied.exit_code == 1, applied.output
    report = json.loads(applied.stdout)
    assert report["not_verified"] == (
        "a fresh read shows nothing left to write, but a port-sharing note on what this apply wrote that its "
        f"plan did not show: tt-alpha/lg-alpha: {NOTE}"
    )
    [unit] = report["outcomes"]
    assert (unit["connection"], unit["status"], unit["applied"]) == (
        "tt-alpha",
        "failed",
        ["tt-alpha/lg-alpha"],
    )
