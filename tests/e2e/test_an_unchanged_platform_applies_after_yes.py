"""Nothing changed while `apply` waited at its prompt: the read made once confirmed holds the plan
shown, and `yes` applies it (commands/apply.py `held_to_a_fresh_read`)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import (
    LOGGER,
    SECOND_LOGGER,
    applied_base,
    apply_confirmed_after,
    entity_ids,
    gateway_port,
)
from tests.e2e.conftest import Workspace


def test_an_unchanged_platform_applies_after_yes(workspace: Workspace) -> None:
    before = applied_base(workspace)
    applied = apply_confirmed_after(workspace, lambda: None)

    assert applied.exit_code == 0, applied.output
    assert "Verified: a fresh read shows no changes." in applied.stdout
    assert entity_ids(workspace) == before | {f"{LOGGER}/pz-2/sensor", SECOND_LOGGER}
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 19200
