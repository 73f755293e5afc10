"""The logger renamed in the web app while `apply` waits at its prompt, where the plan shown updates
it: after `yes`, nothing is written, and the refusal names it (fz87: the new name was written over,
exit 0)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import (
    LOGGER,
    SHOWN,
    applied_base,
    apply_confirmed_after,
    entity_ids,
    gateway_port,
    refused_while_awaiting,
)
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc


def test_a_device_renamed_at_the_prompt_refuses_the_apply(workspace: Workspace) -> None:
    before = applied_base(workspace)
    renamed = {"NAME": "renamed in the web app"}
    applied = apply_confirmed_after(
        workspace,
        lambda: rpc(workspace, "updateDevice", {"device": LOGGER, "props": renamed}),
        SHOWN.replace("sampling_rate_max: 0.001", "sampling_rate_max: 0.002"),
    )

    refused_while_awaiting(applied, "the platform changed while the plan awaited confirmation (t1/vw).")
    assert entity_ids(workspace) == before
    assert workspace.live_entity("032433")["props"]["NAME"] == renamed["NAME"]
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600
