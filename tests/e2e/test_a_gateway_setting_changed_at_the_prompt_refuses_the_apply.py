"""Port 1's baud rate set on the THREAD while `apply` waits at its prompt, where the plan shown
changes it from 9600: after `yes`, nothing is written, and the refusal says what changed (fz87:
19200 was written over 57600, a value nobody was shown, exit 0 with --target)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import (
    applied_base,
    apply_confirmed_after,
    entity_ids,
    gateway_port,
    refused_while_awaiting,
)
from tests.e2e.conftest import Workspace


def test_a_gateway_setting_changed_at_the_prompt_refuses_the_apply(workspace: Workspace) -> None:
    before = applied_base(workspace)
    applied = apply_confirmed_after(
        workspace, lambda: gateway_port(workspace, "PUT", 1, {"BAUD_RATE": 57600})
    )

    said = "the gateway changed while the plan awaited confirmation (t1/edge/port1.baud_rate)."
    refused_while_awaiting(applied, said)
    assert entity_ids(workspace) == before
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 57600
