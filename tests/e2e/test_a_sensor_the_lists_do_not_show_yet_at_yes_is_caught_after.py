"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`; A16
assumes they show it at once), a sensor put by hand on channel 2 while `apply` waits at its prompt is
missed by the read made once `yes` is typed (`held_to_a_fresh_read`), as a saved plan's staleness read
misses it: the shown plan's pz-2 is created beside it, on the same channel. The verifying plan, whose
lists then show the hand-made sensor, fails as no safe plan, exit 1, not "Verified". This shows current
behaviour, not a fix."""

from __future__ import annotations

import pytest

from tests.e2e.awaiting_confirmation import LOGGER, applied_base, apply_confirmed_after
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import rpc

CREW = f"{LOGGER}/crew/sensor"
PZ2 = f"{LOGGER}/pz-2/sensor"


def test_a_sensor_the_lists_do_not_show_yet_at_yes_is_caught_after_the_writes(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_base(workspace)

    def hand_sensor_on_channel_2() -> None:
        rpc(workspace, "createSensor", {"sensor": CREW, "type": "VW_PIEZOMETER", "props": {"MUX_INDEX": 2}})

    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    applied = apply_confirmed_after(workspace, hand_sensor_on_channel_2)

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert "the writes were sent, but the verifying plan failed: no safe plan exists" in said
    assert "pz-2: mux_index 2 is the channel of" in said
    assert "Verified" not in said
    held = rpc(workspace, "getSensors", {"sensors": [CREW, PZ2]})
    assert sorted((sensor["id"], sensor["props"]["MUX_INDEX"]) for sensor in held) == [(CREW, 2), (PZ2, 2)]
