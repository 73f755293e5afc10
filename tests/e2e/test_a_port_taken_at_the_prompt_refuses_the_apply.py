"""A logger put on port 2 of the THREAD while `apply` waits at its prompt, where the plan shown
creates its own there: after `yes`, nothing is written, and the refusal says what changed (fz87:
vw2 was created beside the hand-made logger, with no port-sharing note ever shown)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import (
    NODE,
    applied_base,
    apply_confirmed_after_made,
    entity_ids,
    gateway_port,
    refused_while_awaiting,
)
from tests.e2e.conftest import Workspace


def test_a_port_taken_at_the_prompt_refuses_the_apply(workspace: Workspace) -> None:
    before = applied_base(workspace)
    hand = f"{NODE}/demo/HAND01/device"

    props = {"NODE_ID": NODE, "NAME": "crew logger", "EXTERNAL_PORT": 2}  # a logger on port 2

    applied = apply_confirmed_after_made(
        workspace, "createDevice", {"device": hand, "type": "DEMO", "props": props}
    )

    refused_while_awaiting(
        applied,
        "the platform changed while the plan awaited confirmation, and the plan now notes what its "
        "review did not show: t1/vw2: port 2 is also t1/#HAND01's",
    )
    assert entity_ids(workspace) == before | {hand}
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600
