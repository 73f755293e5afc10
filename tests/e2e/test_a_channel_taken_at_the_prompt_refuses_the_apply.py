"""A sensor put on channel 2 of the logger while `apply` waits at its prompt, where the plan shown
creates its own: after `yes`, nothing is written, and the refusal says what changed (fz87: pz-2 was
created beside the other writer's sensor on one channel, exit 1 only from the verifying read)."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import (
    LOGGER,
    SHOWN,
    applied_base,
    apply_confirmed_after_made,
    entity_ids,
    gateway_port,
    refused_while_awaiting,
)
from tests.e2e.conftest import Workspace


def test_a_channel_taken_at_the_prompt_refuses_the_apply(workspace: Workspace) -> None:
    before = applied_base(workspace)
    crew = f"{LOGGER}/crew/sensor"

    props = {"NAME": "crew", "MUX_INDEX": 2}  # on channel 2

    applied = apply_confirmed_after_made(
        workspace, "createSensor", {"sensor": crew, "type": "VW_PIEZOMETER", "props": props}
    )

    refused_while_awaiting(
        applied,
        "the plan made again once `yes` was typed is refused, for what changed while it awaited "
        "confirmation: no safe plan exists:\n"
        f"  shown.yaml:{_declared('{key: pz-2')}: t1/vw/pz-2: mux_index 2 is the channel of t1/vw/#crew",
    )
    assert entity_ids(workspace) == before | {crew}
    assert gateway_port(workspace, "GET", 1)["BAUD_RATE"] == 9600


def _declared(written: str) -> str:
    """The line and column of the shown manifest's entry that starts with `written`."""
    lines = SHOWN.splitlines()
    line = next(number for number, text in enumerate(lines, 1) if written in text)
    return f"{line}:{lines[line - 1].index(written) + 1}"
