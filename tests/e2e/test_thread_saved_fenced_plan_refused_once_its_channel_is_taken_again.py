"""A saved plan made with --exclude, that creates a THREAD sensor on a channel its excluded sibling had
left when reviewed, is refused before any write once the sibling is back on that channel: the fresh plan
made with the saved fence would put two sensors on one channel of the logger."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

TILT4 = f"{IPI_LOGGER}/tilt4/sensor"


def test_a_saved_plan_creating_a_sensor_on_a_channel_taken_again_since_is_refused(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(
        SITE,
        "IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}",
        "IPI Tilt 4 (-8 m), type: TILT_BIAXIAL_DGSI, mux_index: 5}\n"
        "              - {key: tilt5, name: IPI Tilt 5 (-10 m), type: TILT_BIAXIAL_DGSI, mux_index: 4}",
    )
    rpc(workspace, "updateSensor", {"sensor": TILT4, "props": {"MUX_INDEX": 5}})  # tilt4 moved by hand
    fence = ("--exclude", "tunnel-thread/ipi-chain/tilt4")
    assert workspace.run("plan", SITE, *fence, "--out", "saved.json").exit_code == 0
    rpc(workspace, "updateSensor", {"sensor": TILT4, "props": {"MUX_INDEX": 4}})  # and back, since

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert (
        "tunnel-thread/ipi-chain/tilt5: needs tunnel-thread/ipi-chain/tilt4 moved off mux_index 4 (to "
        "mux_index 5, as the manifest says), which --exclude leaves out" in applied.output
    )
    (tilt4,) = rpc(workspace, "getSensors", {"sensors": [TILT4]})
    assert tilt4["props"]["MUX_INDEX"] == 4
    assert not rpc(workspace, "getSensors", {"sensors": [f"{IPI_LOGGER}/tilt5/sensor"]})
