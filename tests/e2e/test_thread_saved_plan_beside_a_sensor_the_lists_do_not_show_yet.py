"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`; A16
assumes they show it at once), a sensor put by hand on channel 5 of a logger after a saved plan that
creates one there was made is missed by the apply's staleness read: the saved plan's sensor is created
beside it, on the same channel. The verifying plan, whose lists then show the hand-made sensor (and not
the one just made, the latest write), fails as no safe plan, exit 1; on the default platform the apply
is refused before any write. This shows current behaviour, not a fix."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

CREW = f"{IPI_LOGGER}/crew/sensor"
TILT5 = f"{IPI_LOGGER}/tilt5/sensor"


def test_a_saved_plan_is_applied_beside_a_sensor_the_lists_do_not_show_yet(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(
        SITE,
        "IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}",
        "IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}\n"
        "              - {key: tilt5, name: IPI Tilt 5 (-10 m), type: TILT_BIAXIAL_DGSI, mux_index: 5}",
    )
    assert workspace.run("plan", SITE, "--out", "saved.json").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    crew = {"NAME": "crew", "MUX_INDEX": 5}
    rpc(workspace, "createSensor", {"sensor": CREW, "type": "TILT_BIAXIAL_DGSI", "props": crew})

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "Apply incomplete: 1 change applied (1 added, 0 changed, 0 destroyed)" in applied.output
    said = " ".join(applied.output.split())
    lines = (workspace.path / SITE).read_text().splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "{key: tilt5" in text)
    declared = (
        f"{SITE}:{line}:{lines[line - 1].index('{') + 1}"  # tilt5's entry, where the sensor is declared
    )
    assert (
        f"the writes were sent, but the verifying plan failed: no safe plan exists: {declared}: "
        "tunnel-thread/ipi-chain/tilt5: mux_index 5 is the channel of tunnel-thread/ipi-chain/#crew"
    ) in said
    held = rpc(workspace, "getSensors", {"sensors": [CREW, TILT5]})
    assert [(sensor["id"], sensor["props"]["MUX_INDEX"]) for sensor in held] == [(CREW, 5), (TILT5, 5)]
